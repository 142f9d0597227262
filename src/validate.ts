// Runtime validation of 2xx bodies against the bundled spec, for
// createSipClient({ validateResponses: true }). The client imports this
// module only then: Ajv and the spec cost nothing to anyone else.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
// Loaded by package name at run time (package.json "exports"), so the package
// ships one copy of the spec (generated/openapi.json) and tsc does not copy it
// into dist/. A variable specifier keeps tsc from pulling it into the program.
const SPEC_MODULE = '@sip-spec/signalwire-sip-endpoints/openapi.json';
const spec: any = (await import(SPEC_MODULE, { with: { type: 'json' } })).default;

const SPEC_ID = 'https://sip-spec.local/openapi.json';
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction | undefined>();

/** Pointer escaping (RFC 6901), then URI fragment escaping. */
const pointer = (...keys: string[]) => '#' + keys.map((k) => '/' + encodeURIComponent(k.replace(/~/g, '~0').replace(/\//g, '~1'))).join('');

function validator(method: string, path: string, status: number): ValidateFunction | undefined {
  const key = `${method} ${path} ${status}`;
  if (!compiled.has(key)) {
    if (!ajv) {
      // Not strict: OpenAPI keywords (discriminator, example) are annotations here.
      ajv = new Ajv2020({ strict: false, allErrors: true });
      // ajv-formats is CommonJS: its function sits on `.default` under NodeNext.
      formatsModule.default(ajv);
      ajv.addSchema({ ...spec, $id: SPEC_ID });
    }
    const m = method.toLowerCase();
    const schema = (spec.paths as any)[path]?.[m]?.responses?.[status]?.content?.['application/json']?.schema;
    // Compiled on first use, once per operation and status.
    compiled.set(key, schema && ajv.compile({ $ref: SPEC_ID + pointer('paths', path, m, 'responses', String(status), 'content', 'application/json', 'schema') }));
  }
  return compiled.get(key);
}

/** What breaks the spec in a 2xx body of the operation at `method path`; undefined when it fits. */
export function validateResponse(method: string, path: string, status: number, body: unknown): Array<{ path: string; message: string }> | undefined {
  const validate = validator(method, path, status);
  if (!validate) return [{ path: '', message: `HTTP ${status} is not an answer the spec describes for ${method} ${path}` }];
  if (validate(body)) return undefined;
  return validate.errors!.slice(0, 20).map((e) => ({ path: e.instancePath, message: e.message ?? e.keyword }));
}
