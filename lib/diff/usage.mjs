// Where things are written in an OpenAPI document and which operations reach
// them: JSON paths, $ref resolution, and per operation the components its
// parameters, request body and each response reach. The change report uses
// these to name where a change is written once and to list what it reaches.
// Pointers and `$ref`s are read by the spec module (lib/spec: `keysOfPointer`,
// `valueAt`, `followRefs`), the one resolver of the project.
import { METHODS, followRefs, keysOfPointer, pointerOf, valueAt } from '../spec/index.mjs';

/** HTTP methods of an OpenAPI path item, in the order reports list them (the spec module's list). */
export { METHODS };

/**
 * A JSON path readable by people and unambiguous: `$.paths['/api/x'].post.requestBody`.
 * @param {(string|number)[]} path keys from the document's root
 * @returns {string}
 */
export function jsonPath(path) {
  return '$' + path.map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `['${key.replace(/[\\']/g, '\\$&')}']`)).join('');
}

/**
 * The keys of a local JSON pointer `#/components/schemas/A~1B` (`['components', 'schemas', 'A/B']`,
 * percent-encoding decoded), or null for a remote or malformed reference.
 * @param {unknown} ref
 * @returns {string[]|null}
 */
export function refPath(ref) {
  return typeof ref === 'string' && ref.startsWith('#/') ? keysOfPointer(ref) : null;
}

/** The local pointer of components.<kind>.<name>, as `$ref`s write it: `#/components/schemas/Codec`. */
export function componentRef(kind, name) {
  return `#${pointerOf(['components', kind, name])}`;
}

const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf']);

/** The candidate with the $refs at its node followed (a key beside a $ref stays where it is written). */
function deref(doc, candidate, key) {
  const { node, keys } = followRefs(doc, candidate.node, { keys: candidate.origin, keep: key });
  return { node, origin: keys };
}

/** The candidate and every schema below it through oneOf/anyOf/allOf members, $refs followed. */
function members(doc, candidate, seen = new Set()) {
  const here = deref(doc, candidate);
  const id = JSON.stringify(here.origin);
  if (seen.has(id) || here.node === null || typeof here.node !== 'object') return [];
  seen.add(id);
  const out = [here];
  for (const key of COMBINATORS) {
    if (!Array.isArray(here.node[key])) continue;
    here.node[key].forEach((member, index) => out.push(...members(doc, { node: member, origin: [...here.origin, key, index] }, seen)));
  }
  return out;
}

/**
 * Where the node at `path` of the dereferenced document (as api-smart-diff walks
 * it) is written in `doc`: the same path with every $ref on the way replaced by
 * its target, so an echo of a component change under an operation leads back to
 * the component. api-smart-diff merges and reorders `oneOf`/`allOf`/`anyOf`, so
 * a combinator step of its path may be any member, or none: the walk tries all.
 * Null when no written node matches; the shortest match when several do.
 * @param {unknown} doc the document as written (local $refs)
 * @param {(string|number)[]} path
 * @returns {(string|number)[]|null}
 */
export function writtenAt(doc, path) {
  path = unmergedParameters(doc, path);
  let candidates = [{ node: doc, origin: [] }];
  for (let i = 0; i < path.length && candidates.length; i++) {
    const key = path[i];
    // A combinator step with more keys after it; a path that ends at a member names that member.
    if (COMBINATORS.has(key) && typeof path[i + 1] === 'number' && i + 2 < path.length) {
      const seen = new Set();
      candidates = candidates.flatMap((c) => members(doc, c, seen));
      i++;
      continue;
    }
    candidates = candidates
      .map((c) => deref(doc, c, key))
      .filter(({ node }) => node !== null && typeof node === 'object' && Object.hasOwn(node, key))
      .map(({ node, origin }) => ({ node: node[key], origin: [...origin, key] }));
  }
  const origins = [...new Map(candidates.map((c) => [JSON.stringify(c.origin), c.origin])).values()];
  return origins.sort((a, b) => a.length - b.length)[0] ?? null;
}

/**
 * api-smart-diff copies a path item's `parameters` into each of its operations,
 * after the operation's own: index `i` of `paths.<url>.<method>.parameters`
 * past the operation's own list is the path item's parameter `i - own`.
 * @param {unknown} doc
 * @param {(string|number)[]} path
 * @returns {(string|number)[]} the path where the parameter is written, or `path`
 */
function unmergedParameters(doc, path) {
  const [root, url, method, section, index] = path;
  if (root !== 'paths' || section !== 'parameters' || typeof index !== 'number' || !METHODS.includes(String(method))) return path;
  const own = valueAt(doc, ['paths', url, method, 'parameters']);
  const shared = valueAt(doc, ['paths', url, 'parameters']);
  const count = Array.isArray(own) ? own.length : 0;
  if (index < count || !Array.isArray(shared) || index - count >= shared.length) return path;
  return ['paths', url, 'parameters', index - count, ...path.slice(5)];
}

/** Local $refs reachable from `node`, following each once. */
function reachableRefs(doc, node, seen = new Set()) {
  if (node === null || typeof node !== 'object') return seen;
  const target = refPath(node.$ref);
  if (target && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    reachableRefs(doc, valueAt(doc, target), seen);
  }
  for (const value of Object.values(node)) reachableRefs(doc, value, seen);
  return seen;
}

/**
 * Whether a part of an operation is sent by callers (`request`: parameters,
 * request body) or by the server (`response`); null for the operation itself.
 * @param {string} part 'parameters' | 'request body' | 'response <status>' | 'operation'
 * @returns {'request'|'response'|null}
 */
export function directionOf(part) {
  if (part.startsWith('response')) return 'response';
  return part === 'parameters' || part === 'request body' ? 'request' : null;
}

/**
 * Each operation of `doc` with, per part, the local $refs it reaches.
 * @param {any} doc
 * @returns {{ endpoint: string, parts: Map<string, Set<string>> }[]}
 */
function operationParts(doc) {
  const out = [];
  for (const [url, item] of Object.entries(doc?.paths ?? {})) {
    if (item === null || typeof item !== 'object') continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === null || typeof operation !== 'object') continue;
      const parts = new Map();
      // Parameters of the path item apply to each of its operations.
      parts.set('parameters', reachableRefs(doc, [item.parameters, operation.parameters]));
      parts.set('request body', reachableRefs(doc, operation.requestBody));
      for (const [status, response] of Object.entries(operation.responses ?? {})) parts.set(`response ${status}`, reachableRefs(doc, response));
      out.push({ endpoint: `${method.toUpperCase()} ${url}`, parts });
    }
  }
  return out;
}

const partsCache = new WeakMap();

/**
 * The operations of any of `docs` that reach `ref`, with the parts that reach it.
 * @param {any[]} docs usually [before, after]
 * @param {string} ref a local pointer, `#/components/schemas/Codec`
 * @returns {{ endpoint: string, parts: string[] }[]} sorted by path, then method
 */
export function operationsReaching(docs, ref) {
  const found = new Map();
  for (const doc of docs) {
    if (!partsCache.has(doc)) partsCache.set(doc, operationParts(doc));
    for (const { endpoint, parts } of partsCache.get(doc)) {
      for (const [part, refs] of parts) {
        if (!refs.has(ref)) continue;
        if (!found.has(endpoint)) found.set(endpoint, new Set());
        found.get(endpoint).add(part);
      }
    }
  }
  return sortOperations([...found].map(([endpoint, parts]) => ({ endpoint, parts: [...parts].sort(byPart) })));
}

/** Parameters, request body, then responses by status. */
function byPart(a, b) {
  const rank = (p) => (p === 'operation' ? 0 : p === 'parameters' ? 1 : p === 'request body' ? 2 : 3);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * Orders `{ endpoint: 'METHOD /path' }` items by path, then by the usual method order.
 * @template {{ endpoint: string }} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function sortOperations(items) {
  const split = (endpoint) => {
    const space = endpoint.indexOf(' ');
    return [endpoint.slice(0, space).toLowerCase(), endpoint.slice(space + 1)];
  };
  return items.sort((a, b) => {
    const [ma, pa] = split(a.endpoint);
    const [mb, pb] = split(b.endpoint);
    return pa.localeCompare(pb) || METHODS.indexOf(ma) - METHODS.indexOf(mb);
  });
}

/**
 * The part of an operation a path below `paths.<url>.<method>` lies in.
 * @param {(string|number)[]} path a path from the document's root
 * @returns {{ endpoint: string, part: string }|null}
 */
export function operationOf(path) {
  if (path[0] !== 'paths' || path.length < 3 || !METHODS.includes(String(path[2]))) return null;
  const section = path[3];
  const part = section === 'requestBody' ? 'request body' : section === 'responses' && path.length > 4 ? `response ${path[4]}` : section === 'parameters' ? 'parameters' : 'operation';
  return { endpoint: `${String(path[2]).toUpperCase()} ${path[1]}`, part };
}
