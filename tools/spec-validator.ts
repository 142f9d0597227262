// The one validator over the bundled spec: an Ajv (JSON Schema 2020-12)
// instance holding generated/openapi.json, the same document the mock serves
// and the types are generated from. The tests (test/support/spec.ts) and
// `npm run verify` (tools/verify/) both use it, so a body the tests accept is
// a body verify accepts.
//
// Independent of src/: nothing here ships in the package.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

export type { ErrorObject, ValidateFunction } from 'ajv';

export const SPEC_PATH = new URL('../generated/openapi.json', import.meta.url);
export const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

const SPEC_ID = 'https://sip-spec.local/openapi.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

// `discriminator` is an annotation here, as in Prism: Ajv's own support
// refuses `mapping`, and the variants' `const`s alone must keep them apart.
const ajv = new Ajv2020({ strict: true, allErrors: true });
// ajv-formats is CommonJS: its function sits on `.default` under NodeNext.
const addFormats = formatsModule.default;
addFormats(ajv);
ajv.addKeyword('discriminator');
// The words of a schema's rules for the mock's 422s (lib/mock/explain.mjs): an annotation.
ajv.addKeyword('x-violation-messages');
// `x-decision` links a schema to DECISIONS.md (npm run upstream): an annotation, no assertion.
ajv.addKeyword('x-decision');
// The document's top-level OpenAPI keys are not JSON Schema: declare them so
// strict mode still catches unknown keywords inside schemas.
ajv.addVocabulary(['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components', 'jsonSchemaDialect', 'webhooks', 'externalDocs']);
ajv.addSchema({ ...spec, $id: SPEC_ID });

const cache = new Map<string, ValidateFunction>();

/** RFC 6901 escaping of one pointer segment. */
export const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** A validator for the schema at a JSON pointer of the bundle (`/components/schemas/X`). */
export function validatorAt(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`No schema at #${pointer} of the bundle`);
    cache.set(pointer, validate);
  }
  return validate;
}

/** A validator for `#/components/schemas/<name>` of the bundle. */
export function schemaValidator(name: string): ValidateFunction {
  if (!spec.components.schemas[name]) throw new Error(`No schema ${name} in the bundle`);
  return validatorAt(`/components/schemas/${escapePointer(name)}`);
}

export type Validation = { valid: boolean; errors: ErrorObject[] };

function run(fn: ValidateFunction, value: unknown): Validation {
  const valid = fn(value) as boolean;
  return { valid, errors: fn.errors ? [...fn.errors] : [] };
}

/** Validates `value` against `#/components/schemas/<name>`. */
export function validate(name: string, value: unknown): Validation {
  return run(schemaValidator(name), value);
}

/** Validates `value` against the schema at a JSON pointer of the bundle. */
export function validateAt(pointer: string, value: unknown): Validation {
  return run(validatorAt(pointer), value);
}

export type Operation = { path: string; method: string; operationId: string; op: any; pathItem: any };

export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const method of METHODS) {
      if (item[method]) out.push({ path, method, operationId: item[method].operationId, op: item[method], pathItem: item });
    }
  }
  return out;
}

/** The operation with this operationId; throws when the spec has none. */
export function operation(operationId: string): Operation {
  const found = operations().find((o) => o.operationId === operationId);
  if (!found) throw new Error(`No operation ${operationId} in the bundle`);
  return found;
}

/** Follows local `#/...` references of the bundle until a node without `$ref`. */
export function deref<T = any>(node: any): T {
  for (let hops = 0; node?.$ref && hops < 32; hops++) node = resolvePointer(node.$ref.slice(1));
  return node;
}

function resolvePointer(pointer: string): any {
  return pointer
    .split('/')
    .slice(1)
    .reduce((at: any, key: string) => at?.[unescapePointer(key)], spec);
}

/** Where an operation's response for `status` is described, after its `$ref`s. */
export type ResponseSpec = {
  /** The status key that matched: the code itself, `2XX`-style, or `default`. */
  key: string;
  /** JSON pointer of the `application/json` schema, or null when the response has no body. */
  schemaPointer: string | null;
};

/** The statuses an operation declares, as written (`200`, `201`, `default`, …). */
export function declaredStatuses(operationId: string): string[] {
  return Object.keys(operation(operationId).op.responses);
}

/** The response an operation declares for `status` (exact code, then `NXX`, then `default`), or null. */
export function responseFor(operationId: string, status: number): ResponseSpec | null {
  const { path, method, op } = operation(operationId);
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => op.responses[k] !== undefined);
  if (!key) return null;
  // Track the pointer through the response's own $ref so Ajv compiles the schema in place.
  let pointer = `/paths/${escapePointer(path)}/${method}/responses/${escapePointer(key)}`;
  let node = op.responses[key];
  for (let hops = 0; node?.$ref && hops < 32; hops++) {
    pointer = node.$ref.slice(1);
    node = resolvePointer(pointer);
  }
  const media = Object.keys(node?.content ?? {}).find((type) => /^application\/(.+\+)?json\b/.test(type));
  return { key, schemaPointer: media && node.content[media].schema ? `${pointer}/content/${escapePointer(media)}/schema` : null };
}

/** The schema node at a JSON pointer of the bundle. */
export function schemaAt(pointer: string): any {
  return resolvePointer(pointer);
}

/** A field of a response that its schema does not declare. */
export type UndocumentedField = {
  /** Pointer segments to the field; array indices are numbers. */
  at: Array<string | number>;
};

const MAX_DEPTH = 64;

/**
 * The fields of `value` that `schema` does not declare: properties of an
 * object whose schema lists `properties` and leaves further ones open (no
 * `additionalProperties` schema, no `patternProperties`). Responses in this
 * spec are open on purpose (D23), so such fields validate; this names them.
 * Unions are read generously: a field any branch of a `oneOf`/`anyOf`
 * declares counts as declared.
 */
export function undocumentedFields(schema: unknown, value: unknown): UndocumentedField[] {
  const found: UndocumentedField[] = [];
  walk([schema], value, [], 0, found);
  return found;
}

/** The schema and every schema it is combined with (`$ref`, `allOf`, `oneOf`, `anyOf`, `if/then/else`). */
function parts(schema: unknown, depth = 0, out: any[] = []): any[] {
  const node = deref(schema);
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return out;
  out.push(node);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    if (Array.isArray(node[key])) for (const branch of node[key]) parts(branch, depth + 1, out);
  }
  for (const key of ['then', 'else'] as const) if (node[key]) parts(node[key], depth + 1, out);
  return out;
}

/** Walks `value` against the union of `schemas`. */
function walk(schemas: unknown[], value: unknown, at: Array<string | number>, depth: number, found: UndocumentedField[]): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  const nodes = schemas.flatMap((s) => parts(s));
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const itemSchemas = nodes.map((n) => (Array.isArray(n.prefixItems) && index < n.prefixItems.length ? n.prefixItems[index] : n.items)).filter((s) => s && typeof s === 'object');
      if (itemSchemas.length) walk(itemSchemas, item, [...at, index], depth + 1, found);
    });
    return;
  }
  const declared = new Map<string, unknown[]>();
  for (const node of nodes) {
    for (const [name, sub] of Object.entries(node.properties ?? {})) declared.set(name, [...(declared.get(name) ?? []), sub]);
  }
  // Further properties described by a schema are documented; a schema that
  // lists no properties at all has nothing to compare with.
  const open = nodes.some(
    (n) => n.patternProperties || (n.additionalProperties !== undefined && n.additionalProperties !== false) || (n.unevaluatedProperties !== undefined && n.unevaluatedProperties !== false),
  );
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    const subs = declared.get(name);
    if (subs) walk(subs, child, [...at, name], depth + 1, found);
    else if (declared.size > 0 && !open) found.push({ at: [...at, name] });
  }
}
