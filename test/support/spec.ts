// The bundled spec and an Ajv (JSON Schema 2020-12) validator over it: the
// same document the mock serves and the types are generated from.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

export const SPEC_PATH = new URL('../../generated/openapi.json', import.meta.url);
export const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

const SPEC_ID = 'https://sip-spec.local/openapi.json';
// `discriminator` is an annotation here, as in Prism: Ajv's own support
// refuses `mapping`, and the variants' `const`s alone must keep them apart.
const ajv = new Ajv2020({ strict: true, allErrors: true });
// ajv-formats is CommonJS: its function sits on `.default` under NodeNext.
const addFormats = formatsModule.default;
addFormats(ajv);
ajv.addKeyword('discriminator');
// The document's top-level OpenAPI keys are not JSON Schema: declare them so
// strict mode still catches unknown keywords inside schemas.
ajv.addVocabulary(['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components', 'jsonSchemaDialect', 'webhooks', 'externalDocs']);
ajv.addSchema({ ...spec, $id: SPEC_ID });

const cache = new Map<string, ValidateFunction>();

/** A validator for `#/components/schemas/<name>` of the bundle. */
export function schemaValidator(name: string): ValidateFunction {
  if (!spec.components.schemas[name]) throw new Error(`No schema ${name} in the bundle`);
  let validate = cache.get(name);
  if (!validate) {
    validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`)!;
    cache.set(name, validate);
  }
  return validate;
}

export function validate(name: string, value: unknown): { valid: boolean; errors: ErrorObject[] } {
  const fn = schemaValidator(name);
  const valid = fn(value) as boolean;
  return { valid, errors: fn.errors ? [...fn.errors] : [] };
}

/** The body fields an Ajv error list points at: paths, missing and extra properties. */
export function fieldsNamed(errors: ErrorObject[]): Set<string> {
  const names = new Set<string>();
  for (const e of errors) {
    const top = e.instancePath.split('/')[1];
    if (top) names.add(top);
    const p = e.params as Record<string, unknown>;
    for (const key of ['missingProperty', 'additionalProperty', 'propertyName']) {
      if (typeof p[key] === 'string') names.add(p[key] as string);
    }
  }
  return names;
}

export type Operation = { path: string; method: string; operationId: string; op: any; pathItem: any };

export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method]) out.push({ path, method, operationId: item[method].operationId, op: item[method], pathItem: item });
    }
  }
  return out;
}

/** Follows a local `#/components/...` reference of the bundle. */
export function deref<T = any>(node: any): T {
  if (!node?.$ref) return node;
  return node.$ref
    .slice(2)
    .split('/')
    .reduce((at: any, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
}
