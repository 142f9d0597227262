// The bundled spec and its Ajv (JSON Schema 2020-12) validator, for tests.
// The validator itself lives in tools/bundled-spec.ts, shared with
// `npm run verify`: one validator, whoever asks.
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
