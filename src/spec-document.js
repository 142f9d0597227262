// @ts-check
// Reading an OpenAPI document as written (its `$ref`s in place): JSON
// pointers (RFC 6901) and the project's one `$ref` resolver. The client's
// validation (src/spec-validation.js), the tools and tests, the mock's store
// and the change report all locate schemas through here; lib/spec/index.mjs
// re-exports it beside the dereferencing loader.
//
// Plain JavaScript with JSDoc types, no dependency: it ships with the client
// (dist/src) and runs under plain Node (lib/, scripts/) without a build step.

/** The most `$ref`s followed in a row before giving up (a cycle of `$ref`s that point at each other). */
export const MAX_REF_HOPS = 64;

/**
 * RFC 6901 escaping of one pointer segment: `~` → `~0`, `/` → `~1`.
 *
 * @param {string | number} segment
 * @returns {string}
 */
export function escapePointer(segment) {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * RFC 6901 unescaping of one pointer segment: `~1` → `/`, then `~0` → `~`
 * (in that order, so `~01` reads `~1`).
 *
 * @param {string} segment
 * @returns {string}
 */
export function unescapePointer(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The JSON pointer of a list of keys: `['paths', '/a/{id}', 'get']` →
 * `/paths/~1a~1{id}/get` (the empty list is `''`, the whole document).
 *
 * @param {ReadonlyArray<string | number>} keys
 * @returns {string}
 */
export function pointerOf(keys) {
  return keys.map((key) => `/${escapePointer(key)}`).join('');
}

/**
 * The URI fragment of a list of keys, for a `$ref` or an Ajv schema id:
 * `#` then the pointer with each segment percent-encoded
 * (`['components', 'schemas', 'A B']` → `#/components/schemas/A%20B`).
 *
 * @param {ReadonlyArray<string | number>} keys
 * @returns {string}
 */
export function fragmentOf(keys) {
  return `#${keys.map((key) => `/${encodeURIComponent(escapePointer(key))}`).join('')}`;
}

/**
 * The keys a JSON pointer or a local `$ref` names. A JSON pointer (`''`,
 * `/a/b~1c`) is read as is; a URI fragment (`#`, `#/a/b%20c`) is
 * percent-decoded first, as RFC 6901 §6 says, then split.
 *
 * @param {unknown} pointer a JSON pointer or a `#…` fragment
 * @returns {string[] | null} null for anything else: a `$ref` to another document (`other.yaml#/x`, `https://…`), a pointer not starting with `/`, malformed percent-encoding
 */
export function keysOfPointer(pointer) {
  if (typeof pointer !== 'string') return null;
  let text = pointer;
  if (text.startsWith('#')) {
    try {
      text = decodeURIComponent(text.slice(1));
    } catch {
      return null;
    }
  }
  if (text === '') return [];
  if (!text.startsWith('/')) return null;
  return text.slice(1).split('/').map(unescapePointer);
}

/**
 * The value at `keys` in `document`, as written (no `$ref` followed), or
 * undefined. Own properties only: `constructor`, `__proto__` or `toString`
 * in a pointer name data, never the prototype.
 *
 * @param {unknown} document
 * @param {ReadonlyArray<string | number>} keys
 * @returns {any}
 */
export function valueAt(document, keys) {
  /** @type {any} */
  let node = document;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * @typedef {object} Located
 * @property {any} node the node reached (undefined when a `$ref` points nowhere)
 * @property {Array<string | number>} keys where it is written in the document
 */

/**
 * The one `$ref` resolver: follows local `$ref`s from `node` (written at
 * `keys`) until a node without one, and says where that node is written.
 * A `$ref` to another document, a malformed one or a cycle stops the walk
 * at the node holding it.
 *
 * @param {unknown} document the whole document (the `$ref`s' base)
 * @param {unknown} node where to start
 * @param {{ keys?: ReadonlyArray<string | number>, keep?: string }} [options] keys: where `node` is written (default `[]`); keep: stop at a `$ref` that has this key beside it (an annotation written beside a `$ref` stays where it is written)
 * @returns {Located}
 */
export function followRefs(document, node, { keys = [], keep } = {}) {
  /** @type {any} */
  let at = node;
  let where = [...keys];
  for (let hops = 0; hops < MAX_REF_HOPS && at !== null && typeof at === 'object' && typeof at.$ref === 'string'; hops++) {
    if (keep !== undefined && Object.hasOwn(at, keep)) break;
    const target = keysOfPointer(at.$ref);
    if (!target || !at.$ref.startsWith('#')) break;
    where = target;
    at = valueAt(document, target);
  }
  return { node: at, keys: where };
}

/**
 * The node a pointer or local `$ref` names, its own `$ref`s followed.
 *
 * @param {unknown} document
 * @param {string} pointer a JSON pointer (`/components/schemas/X`) or fragment (`#/components/schemas/X`)
 * @returns {any} undefined when nothing is there
 */
export function resolvePointer(document, pointer) {
  const keys = keysOfPointer(pointer);
  return keys ? followRefs(document, valueAt(document, keys), { keys }).node : undefined;
}

/**
 * Where a part of an operation is written: the keys below
 * `paths.<path>.<method>` (`['requestBody', 'content', 'application/json', 'schema']`),
 * with every `$ref` passed through on the way followed (a response written
 * `$ref: '#/components/responses/NotFound'` leads into the component). The
 * part itself is not dereferenced: a schema written `$ref: …` is located
 * where that `$ref` is written, as Ajv compiles it.
 *
 * @param {any} document the document as written
 * @param {string} method any case
 * @param {string} path the path template as written
 * @param {ReadonlyArray<string>} below keys below the operation
 * @returns {Array<string | number> | undefined} the keys from the document's root, or undefined when the part is not there
 */
export function locateInOperation(document, method, path, below) {
  /** @type {Located} */
  let at = { node: document, keys: [] };
  for (const key of ['paths', path, String(method).toLowerCase(), ...below]) {
    at = followRefs(document, at.node, { keys: at.keys });
    if (at.node === null || typeof at.node !== 'object' || !Object.hasOwn(at.node, key)) return undefined;
    at = { node: at.node[key], keys: [...at.keys, key] };
  }
  return at.node === undefined ? undefined : at.keys;
}

/** Keys of the JSON request body schema below an operation. */
export const REQUEST_SCHEMA = Object.freeze(['requestBody', 'content', 'application/json', 'schema']);

/**
 * Keys of the JSON schema of an operation's response for `status`.
 *
 * @param {string | number} status a declared key (`200`, `4XX`, `default`)
 * @returns {string[]}
 */
export function responseSchemaKeys(status) {
  return ['responses', String(status), 'content', 'application/json', 'schema'];
}
