// The bundled spec and its Ajv (JSON Schema 2020-12) validator, for tests.
// Both come from tools/bundled-spec.ts, shared with `npm run verify`, which
// builds on the one Ajv setup (src/spec-validation.js) and the spec module
// (lib/spec): one validator and one `$ref` resolver, whoever asks.
import type { ErrorObject } from '../../tools/bundled-spec.js';

export { SPEC_PATH, spec, schemaValidator, validate, operations, deref, type Operation } from '../../tools/bundled-spec.js';

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
