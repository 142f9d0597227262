// Run-time validation against the bundled spec, for createSipClient({
// validateResponses: true }) (2xx bodies) and ({ validateRequests: true })
// (request bodies, before sending). Both share one Ajv instance and one
// cache of compiled validators. The client imports this module dynamically,
// only when one of the options is on: Ajv and the spec cost nothing to anyone
// else (bundlers put it in a chunk of its own; `npm run bench -- size`).
//
// The spec is imported by a plain relative path, so every bundler (esbuild,
// Vite, webpack) and Node resolve it alike; tsc emits it once, as
// dist/generated/openapi.json, which is also the package's `./openapi.json`.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import specJson from '../generated/openapi.json' with { type: 'json' };

const spec: any = specJson;
const SPEC_ID = 'https://sip-spec.local/openapi.json';
let ajv: Ajv2020 | undefined;
/** How many Ajv instances this module has made: one at most, shared by request and response validation. */
export let ajvSetups = 0;
const compiled = new Map<string, ValidateFunction | undefined>();

/** A violation: a JSON pointer into the body and Ajv's message. */
export type Violation = { path: string; message: string };

/** Pointer escaping (RFC 6901), then URI fragment escaping. */
const pointer = (...keys: string[]) => '#' + keys.map((k) => '/' + encodeURIComponent(k.replace(/~/g, '~0').replace(/\//g, '~1'))).join('');

/** The JSON schema at `keys` below the operation `method path`, following a `$ref` at each step; its pointer, or undefined. */
function locate(method: string, path: string, keys: string[]): string | undefined {
  let at: string[] = ['paths', path, method.toLowerCase()];
  let node: any = spec.paths?.[path]?.[method.toLowerCase()];
  for (const key of keys) {
    if (node?.$ref) {
      at = String(node.$ref).slice(2).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
      node = at.reduce((n: any, k) => n?.[k], spec);
    }
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
    at = [...at, key];
  }
  return node ? pointer(...at) : undefined;
}

function validator(key: string, find: () => string | undefined): ValidateFunction | undefined {
  if (!compiled.has(key)) {
    if (!ajv) {
      // Not strict: OpenAPI keywords (discriminator, example) are annotations here.
      ajv = new Ajv2020({ strict: false, allErrors: true });
      ajvSetups++;
      // ajv-formats is CommonJS: its function sits on `.default` under NodeNext.
      formatsModule.default(ajv);
      ajv.addSchema({ ...spec, $id: SPEC_ID });
    }
    const at = find();
    // Compiled on first use, once per operation and status.
    compiled.set(key, at ? ajv.compile({ $ref: SPEC_ID + at }) : undefined);
  }
  return compiled.get(key);
}

const violations = (validate: ValidateFunction): Violation[] => validate.errors!.slice(0, 20).map((e) => ({ path: e.instancePath, message: e.message ?? e.keyword }));

/** What breaks the spec in a 2xx body of the operation at `method path`; undefined when it fits. */
export function validateResponse(method: string, path: string, status: number, body: unknown): Violation[] | undefined {
  const validate = validator(`${method} ${path} ${status}`, () => locate(method, path, ['responses', String(status), 'content', 'application/json', 'schema']));
  if (!validate) return [{ path: '', message: `HTTP ${status} is not an answer the spec describes for ${method} ${path}` }];
  return validate(body) ? undefined : violations(validate);
}

const resolve = (at: string): any => at.slice(2).split('/').map((k) => decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~')).reduce((n: any, k) => n?.[k], spec);

/**
 * The pointer of the variant a body's `call_handler` selects in the union at
 * `at` (through `discriminator.mapping`, nested `oneOf`s included), or
 * undefined. Its errors say what is wrong with the body the caller meant,
 * rather than why it fits none of a dozen other variants.
 */
function variantOf(at: string, body: unknown, depth = 0): string | undefined {
  const handler = (body as { call_handler?: unknown } | null)?.call_handler;
  let node = resolve(at);
  if (node?.$ref) return variantOf(String(node.$ref), body, depth + 1);
  if (typeof handler !== 'string' || !node || depth > 8) return undefined;
  const mapped = node.discriminator?.mapping?.[handler];
  if (typeof mapped === 'string') return mapped;
  for (const [i] of (node.oneOf ?? []).entries()) {
    const found = variantOf(`${at}/oneOf/${i}`, body, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * What breaks the spec in a request body of the operation at `method path`
 * (at most 20); undefined when it fits. When the body names a `call_handler`
 * the union knows, the violations are those of that handler's variant.
 */
export function validateRequest(method: string, path: string, body: unknown): Violation[] | undefined {
  const key = `${method} ${path} request`;
  let at: string | undefined;
  const validate = validator(key, () => (at = locate(method, path, ['requestBody', 'content', 'application/json', 'schema'])));
  if (!validate) return [{ path: '', message: `${method} ${path} takes no JSON body in the spec` }];
  if (validate(body)) return undefined;
  at ??= locate(method, path, ['requestBody', 'content', 'application/json', 'schema'])!;
  const variant = variantOf(at, body);
  const narrow = variant && validator(`${key} ${variant}`, () => variant);
  return narrow && !narrow(body) ? violations(narrow) : violations(validate);
}
