// Answers that fit the request, all derived from the operation Prism's
// router matched (its inlined schemas and named examples):
// - a create or update answers with the operation's example carrying the
//   fields the request sent, so a `video_room` create answers a `video_room`
//   endpoint and other handlers' fields are null;
// - `Prefer: code=422` without an example answers a 422 about this
//   operation's own inputs (a declared example when one fits, else the
//   mock's explanation of a request to this operation that breaks a rule);
// - `Prefer: example=empty` on a list without an `empty` example answers
//   its first example with no items.
import { explain, isObject, requestSchema } from './explain.mjs';
import { violationsOf } from './prism.mjs';

/** @typedef {import('./prism.mjs').PrismRequest} PrismRequest */
/** @typedef {import('./family.mjs').Family} Family */

/** The leaf object schemas of a schema's (nested) oneOfs. */
function leaves(schema) {
  if (!isObject(schema)) return [];
  if (Array.isArray(schema.oneOf)) return schema.oneOf.flatMap(leaves);
  return [schema];
}

/** The names of an operation's inputs: path, query and header parameters, and every body property of every branch. */
export function inputsOf(resource) {
  const names = new Set();
  for (const where of ['path', 'query', 'headers']) for (const p of resource.request?.[where] ?? []) names.add(p.name);
  for (const leaf of leaves(requestSchema(resource))) for (const name of Object.keys(leaf.properties ?? {})) names.add(name);
  return names;
}

/**
 * The success answer fitted to the request body: each field the request sent
 * that the answer's object declares (and that is not write-only) takes the
 * sent value, and fields only other request branches have (another
 * handler's) are null where the answer's schema allows null. The object is
 * the answer itself or, for Fabric's wrapped resource, its nested object
 * that declares the fields (`sip_endpoint`).
 *
 * @param {any} resource
 * @param {unknown} requestBody the valid request body
 * @param {{ statusCode: number, body?: unknown }} response Prism's answer
 * @returns {unknown} the body to send
 */
export function fitToRequest(resource, requestBody, response) {
  if (!isObject(requestBody) || !isObject(response.body) || response.statusCode < 200 || response.statusCode > 299) return response.body;
  const schema = resource.responses.find((/** @type {any} */ r) => r.code === String(response.statusCode))?.contents?.[0]?.schema;
  if (!isObject(schema?.properties)) return response.body;
  const sent = Object.keys(requestBody);
  const declares = (/** @type {any} */ s, /** @type {string} */ name) => isObject(s?.properties) && Object.hasOwn(s.properties, name) && !s.properties[name]?.writeOnly;
  // The object of the answer that holds the request's fields: the answer, or one nested object property.
  let at = { schema, value: /** @type {Record<string, any>} */ (structuredClone(response.body)) };
  const root = at.value;
  if (!sent.some((name) => declares(schema, name))) {
    const nested = Object.entries(schema.properties).find(([name, s]) => isObject(root[name]) && sent.some((field) => declares(s, field)));
    if (!nested) return response.body;
    at = { schema: nested[1], value: root[nested[0]] };
  }
  const chosen = leaves(requestSchema(resource)).find((leaf) => sent.every((name) => Object.hasOwn(leaf.properties ?? {}, name) && leaf.properties[name] !== false));
  const own = new Set(Object.keys(chosen?.properties ?? {}));
  for (const leaf of leaves(requestSchema(resource))) {
    for (const name of Object.keys(leaf.properties ?? {})) {
      if (own.has(name) || !declares(at.schema, name) || !Object.hasOwn(at.value, name)) continue;
      if (allowsNull(at.schema.properties[name])) at.value[name] = null;
    }
  }
  // What the chosen branch allows only as null (calling_handler_resource_id when the handler is not `resource`).
  for (const [name, property] of Object.entries(chosen?.properties ?? {})) {
    if (isObject(property) && property.type === 'null' && declares(at.schema, name) && Object.hasOwn(at.value, name)) at.value[name] = null;
  }
  for (const name of sent) if (declares(at.schema, name)) at.value[name] = requestBody[name];
  return root;
}

/** Whether a schema accepts null (type null, a null in its type list, or a null branch). */
function allowsNull(schema) {
  if (!isObject(schema)) return false;
  const types = [schema.type].flat();
  return types.includes('null') || (Array.isArray(schema.oneOf) && schema.oneOf.some(allowsNull)) || (Array.isArray(schema.anyOf) && schema.anyOf.some(allowsNull));
}

/**
 * For `Prefer: code=422` without an example: the name of a declared 422
 * example whose fields are all inputs of this operation (Fabric items'
 * `attribute`, Relay items' `detail` first word), or undefined.
 * @param {any} resource
 */
export function fitting422Example(resource) {
  const inputs = inputsOf(resource);
  const examples = resource.responses.find((/** @type {any} */ r) => r.code === '422')?.contents?.[0]?.examples ?? [];
  return examples.find((/** @type {any} */ e) => {
    const items = e.value?.errors;
    if (!Array.isArray(items) || !items.length) return false;
    return items.every((item) => inputs.has(typeof item.attribute === 'string' ? item.attribute : String(item.detail ?? '').split(' ')[0]));
  })?.key;
}

/**
 * For `Prefer: code=422` when no declared example fits: the problems of a
 * request to this operation that breaks one of its rules, found by Prism's
 * validator and worded like every 422. Tried in order: an empty body, each
 * path parameter as `-`, each query parameter as `-`.
 *
 * @param {any} resource
 * @param {PrismRequest} input the (valid) request, copied and broken
 * @returns {import('./family.mjs').Problem[] | undefined}
 */
export function sample422(resource, input) {
  /** @type {PrismRequest[]} */
  const candidates = [];
  if (resource.request?.body) candidates.push({ ...input, headers: { ...input.headers, 'content-type': 'application/json', 'content-length': '2' }, body: {} });
  for (const p of resource.request?.path ?? []) {
    const segments = resource.path.split('/');
    const index = segments.indexOf(`{${p.name}}`);
    const path = input.url.path.split('/');
    if (index >= 0) path[index] = '-';
    candidates.push({ ...input, url: { ...input.url, path: path.join('/') } });
  }
  for (const p of resource.request?.query ?? []) candidates.push({ ...input, url: { ...input.url, query: { ...input.url.query, [p.name]: '-' } } });
  for (const candidate of candidates) {
    const violations = violationsOf(resource, candidate);
    if (violations.length) return explain(resource, candidate.body, violations);
  }
  return undefined;
}

/**
 * `Prefer: example=empty` on a list whose answer declares no `empty`
 * example: the first example with an empty `data` array, when the answer's
 * schema has one. Undefined otherwise.
 * @param {any} resource
 * @param {number | undefined} code the requested status, if any
 */
export function emptyList(resource, code) {
  const response = code === undefined ? resource.responses.filter((/** @type {any} */ r) => /^2/.test(r.code)).sort((/** @type {any} */ a, /** @type {any} */ b) => a.code.localeCompare(b.code))[0] : resource.responses.find((/** @type {any} */ r) => r.code === String(code));
  const content = response?.contents?.[0];
  if (!content || content.examples?.some((/** @type {any} */ e) => e.key === 'empty')) return undefined;
  if (content.schema?.properties?.data?.type !== 'array') return undefined;
  const first = content.examples?.[0]?.value;
  if (!isObject(first)) return undefined;
  // No next page after an empty one.
  const links = isObject(first.links) ? Object.fromEntries(Object.entries(first.links).filter(([name]) => name !== 'next')) : first.links;
  return { statusCode: Number(response.code), body: { ...first, ...(links === undefined ? {} : { links }), data: [] } };
}
