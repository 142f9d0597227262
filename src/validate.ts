// Run-time validation against the bundled spec, for createSipClient({
// validateResponses: true }) (2xx bodies) and ({ validateRequests: true })
// (request bodies, before sending). Both share the one Ajv setup
// (src/spec-validation.js) and its cache of compiled validators. The client
// imports this module dynamically, only when one of the options is on: Ajv
// and the spec cost nothing to anyone else (bundlers put it in a chunk of
// its own; `npm run bench -- size`).
//
// The spec is imported by a plain relative path, so every bundler (esbuild,
// Vite, webpack) and Node resolve it alike; tsc emits it once, as
// dist/generated/openapi.json, which is also the package's `./openapi.json`.
import type { ValidateFunction } from 'ajv';
import { createSpecValidation, type SpecValidation } from './spec-validation.js';
import specJson from '../generated/openapi.json' with { type: 'json' };

let validation: SpecValidation | undefined;
/** How many Ajv setups this module has made: one at most, shared by request and response validation. */
export let ajvSetups = 0;

/** A violation: a JSON pointer into the body and Ajv's message. */
export type Violation = { path: string; message: string };

function setup(): SpecValidation {
  if (!validation) {
    validation = createSpecValidation({ spec: specJson });
    ajvSetups++;
  }
  return validation;
}

const violations = (validate: ValidateFunction): Violation[] => validate.errors!.slice(0, 20).map((e) => ({ path: e.instancePath, message: e.message ?? e.keyword }));

/** What breaks the spec in a 2xx body of the operation at `method path`; undefined when it fits. */
export function validateResponse(method: string, path: string, status: number, body: unknown): Violation[] | undefined {
  const spec = setup();
  const at = spec.responseSchema(method, path, status);
  if (!at) return [{ path: '', message: `HTTP ${status} is not an answer the spec describes for ${method} ${path}` }];
  const validate = spec.validatorAt(at.pointer);
  return validate(body) ? undefined : violations(validate);
}

/**
 * What breaks the spec in a request body of the operation at `method path`
 * (at most 20); undefined when it fits. When the body names a discriminator
 * value (`call_handler`) the union maps to a variant, the violations are
 * those of that variant: they say what is wrong with the body the caller
 * meant, rather than why it fits none of a dozen other variants.
 */
export function validateRequest(method: string, path: string, body: unknown): Violation[] | undefined {
  const spec = setup();
  const at = spec.requestSchema(method, path);
  if (!at) return [{ path: '', message: `${method} ${path} takes no JSON body in the spec` }];
  const validate = spec.validatorAt(at.pointer);
  if (validate(body)) return undefined;
  const variant = spec.variantOf(at.keys, body);
  const narrow = variant && spec.validatorAt(variant.pointer);
  return narrow && !narrow(body) ? violations(narrow) : violations(validate);
}
