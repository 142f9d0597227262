// The two API families' error bodies, and which family an operation is in.
// Facts: the spec's RelayValidationError / FabricValidationError /
// ErrorMessage schemas (openapi/components/schemas/), whose shapes follow
// SignalWire's answers (DECISIONS.md).

/** Where Fabric error items point for documentation (FabricValidationErrorItem.url, examples in the spec). */
export const FABRIC_ERROR_URL = 'https://developer.signalwire.com/rest/overview/error-codes';

/** @typedef {'relay' | 'fabric'} Family */
/** @typedef {'missing' | 'unknown' | 'invalid'} ProblemKind */
/**
 * One thing wrong with a request, in words.
 * @typedef {{ attribute: string | null, kind: ProblemKind, message: string }} Problem
 */

/** Relay `title` per kind of problem (the values SignalWire's Relay API and the spec's examples use). */
const RELAY_TITLE = { missing: 'Missing Attribute', unknown: 'Unknown Attribute', invalid: 'Invalid Attribute' };
/** Fabric `code` per kind of problem. */
const FABRIC_CODE = { missing: 'missing_required_parameter', unknown: 'unknown_parameter', invalid: 'invalid_parameter_value' };

/**
 * The family of a Prism operation, read from the spec: the items of its 422
 * response's `errors` carry `detail` (Relay's RelayValidationError) or
 * `attribute` (Fabric's FabricValidationError); Prism's loader inlines the
 * schema, so its shape is what is left of the component's name. An
 * operation without a 422 (the SIP profile's GET) is in the family of the
 * operations on its path; when none states one, in the family most
 * operations of the spec state (Fabric when none does). Never from the
 * path's words.
 *
 * @param {{ path: string, responses: Array<{ code: string, contents?: Array<{ schema?: any }> }> }} resource
 * @param {ReadonlyArray<{ path: string, responses: Array<{ code: string, contents?: Array<{ schema?: any }> }> }>} [operations] every operation of the spec (Prism's), for the neighbours on the same path
 * @returns {Family}
 */
export function familyOf(resource, operations = []) {
  const stated = statedFamily(resource);
  if (stated) return stated;
  for (const other of operations) {
    const family = other !== resource && other.path === resource.path ? statedFamily(other) : undefined;
    if (family) return family;
  }
  const all = operations.map(statedFamily);
  return all.filter((f) => f === 'relay').length > all.filter((f) => f === 'fabric').length ? 'relay' : 'fabric';
}

/** @param {{ responses: Array<{ code: string, contents?: Array<{ schema?: any }> }> }} resource @returns {Family | undefined} */
function statedFamily(resource) {
  const schema = resource.responses.find((r) => r.code === '422')?.contents?.[0]?.schema;
  const item = schema?.properties?.errors?.items?.properties;
  if (item?.detail) return 'relay';
  if (item?.attribute) return 'fabric';
  return undefined;
}

/** The `{error}` body (ErrorMessage) both families send for 401, 404, 405, 500. @param {string} message */
export function errorMessage(message) {
  return { error: message };
}

/**
 * The family's `{errors: [...]}` body for a list of problems.
 *
 * @param {Family} family
 * @param {number} status the HTTP status, written as a string into Relay items
 * @param {Problem[]} problems
 */
export function errorsBody(family, status, problems) {
  return family === 'relay'
    ? { errors: problems.map((p) => ({ detail: p.message, status: String(status), title: RELAY_TITLE[p.kind], code: String(status) })) }
    : {
        errors: problems.map((p) => ({ type: 'validation_error', code: FABRIC_CODE[p.kind], message: p.message, attribute: p.attribute, url: FABRIC_ERROR_URL })),
      };
}
