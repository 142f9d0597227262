// @ts-check
// The project's spec module: load an OpenAPI document, dereference it with a
// well-kept library (@apidevtools/json-schema-ref-parser), list its
// operations and match a concrete path to one of them. Everything that reads
// an OpenAPI document (ours or SignalWire's) should go through here rather
// than walk `$ref`s by hand.
//
// Dereferencing keeps identity: every `$ref` to `#/components/schemas/X`
// becomes the very object at `components.schemas.X`, so `componentName()`
// can name a schema met anywhere. A `$ref` with sibling keys (`x-decision`,
// `description`) becomes a new object holding the target's keys and the
// siblings (the library's "extended $ref"), so annotations written beside a
// `$ref` travel with it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followRefs } from '../../src/spec-document.js';

export { normalizeSchema, schemaTypes } from './schema.mjs';
// Pointers and the one `$ref` resolver live beside the client's validation
// (src/spec-document.js: it ships with the package); this module is where
// everything else finds them.
export {
  MAX_REF_HOPS,
  REQUEST_SCHEMA,
  escapePointer,
  followRefs,
  fragmentOf,
  keysOfPointer,
  locateInOperation,
  pointerOf,
  resolvePointer,
  responseSchemaKeys,
  unescapePointer,
  valueAt,
} from '../../src/spec-document.js';

/** The HTTP methods an OpenAPI path item may hold, in the order operations are listed. */
export const METHODS = Object.freeze(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Path of the project's bundle, relative to the repository root. */
export const BUNDLE_PATH = 'generated/openapi.json';

/**
 * The component schema names of the 422 bodies that mark an operation's
 * family in this project: an operation whose 422 answers `RelayValidationError`
 * is a Relay operation, `FabricValidationError` a Fabric one (DECISIONS.md D22).
 */
export const FAMILY_422_SCHEMAS = Object.freeze({ RelayValidationError: 'relay', FabricValidationError: 'fabric' });

/**
 * @typedef {object} LoadedDocument
 * @property {any} document The dereferenced document (may contain cycles when the source has circular `$ref`s).
 * @property {string} source The file path or URL it was read from, as given.
 * @property {Map<object, string>} names Each component object → its name as `<section>/<name>` (`schemas/Codec`).
 */

/**
 * Reads an OpenAPI document (YAML or JSON; a file path or an http(s) URL)
 * and dereferences every `$ref`. A `$ref` to another file is followed from a
 * local file when `external` is true (so `openapi/openapi.yaml` reads as
 * well as the bundle); a `$ref` to a URL never is, and fails the load: a
 * document fetched from the network must not make us fetch more. With
 * `external: false`, and always for a URL, a `$ref` to another file fails
 * the load too: a document we do not write (SignalWire's, a download) must
 * not copy local files into what we print. A URL is downloaded once
 * (redirects followed) into a private temporary file, read from there and
 * the file removed.
 *
 * @param {string} source file path or `http(s)://` URL
 * @param {{ timeoutMs?: number, maxBytes?: number, external?: boolean }} [options] for a URL: timeoutMs, how long the download may take (default 60 000 ms); maxBytes, the largest body read (default 64 MiB). external: whether a local file's `$ref`s to other files are followed (default true; ignored for a URL, whose are never)
 * @returns {Promise<LoadedDocument>}
 * @throws {Error} when the source cannot be read or parsed (a non-2xx answer, a timeout or a body over maxBytes included), holds a `$ref` to another file where none is followed, or is not an OpenAPI document (no `openapi`/`swagger` key, or no `paths` object); the message names the source
 */
export async function loadDocument(source, { timeoutMs = 60_000, maxBytes = 64 * 1024 * 1024, external = true } = {}) {
  if (!/^https?:\/\//i.test(source)) return fromDocument(await dereferenceFile(source, source, external), source);
  const dir = await mkdtemp(join(tmpdir(), 'sip-spec-download-'));
  try {
    const body = await download(source, timeoutMs, maxBytes);
    // Keep the extension so the library picks the right parser; YAML reads JSON too.
    const file = join(dir, /\.json(?:$|[?#])/i.test(source) ? 'document.json' : 'document.yaml');
    await writeFile(file, body);
    return fromDocument(await dereferenceFile(file, source, false), source);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The body of a 2xx answer, at most `maxBytes` long.
 *
 * @param {string} url
 * @param {number} timeoutMs for the whole download
 * @param {number} maxBytes
 * @returns {Promise<Buffer>}
 */
async function download(url, timeoutMs, maxBytes) {
  const fail = (/** @type {string} */ why) => new Error(`${url}: could not load the document (${why})`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) throw fail(`HTTP ${response.status}`);
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    if (!response.body) return Buffer.alloc(0);
    for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        controller.abort();
        throw fail(`larger than ${maxBytes} bytes`);
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${url}: `)) throw error;
    throw fail(describeError(controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason : error));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The dereferencing library, imported on first use: reading operations,
 * pointers or routes (the mock's store, the client's tests) costs no load of it.
 */
const refParser = async () => (await import('@apidevtools/json-schema-ref-parser')).default;

/**
 * @param {string} file
 * @param {string} source
 * @param {boolean} external whether `$ref`s to other files are followed
 * @returns {Promise<any>}
 */
async function dereferenceFile(file, source, external) {
  const $RefParser = await refParser();
  let document;
  try {
    // Files may point at files beside them (the multi-file source reads too); no $ref is fetched over the network.
    document = await $RefParser.dereference(file, { resolve: { external, http: false }, dereference: { circular: true } });
  } catch (error) {
    throw new Error(`${source}: could not load the document (${describeError(error)})`);
  }
  // Without external resolution the library leaves such a `$ref` in place, silently: refuse it instead.
  const ref = external ? undefined : externalRef(document);
  if (ref !== undefined) throw new Error(`${source}: could not load the document (a $ref to another file or URL is not followed in this document: ${JSON.stringify(ref)})`);
  return document;
}

/**
 * The first `$ref` string left in a dereferenced document (one that pointed
 * outside it), or undefined. Walks without recursion and visits each object
 * once, so cycles and shared (aliased) nodes cost nothing extra.
 *
 * @param {unknown} root
 * @returns {string | undefined}
 */
function externalRef(root) {
  const seen = new Set();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (!Array.isArray(node) && typeof (/** @type {any} */ (node)).$ref === 'string' && Object.hasOwn(node, '$ref')) return /** @type {any} */ (node).$ref;
    for (const value of Object.values(node)) stack.push(value);
  }
  return undefined;
}

/** @param {unknown} error */
const describeError = (error) => {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
};

/**
 * Dereferences a document already in memory (a parsed object; it is not
 * modified: a deep copy is dereferenced). Same result shape as `loadDocument`.
 *
 * @param {object} input a parsed OpenAPI document
 * @param {string} [source] a name for messages (default `(in memory)`)
 * @returns {Promise<LoadedDocument>}
 */
export async function dereferenceDocument(input, source = '(in memory)') {
  const $RefParser = await refParser();
  let document;
  try {
    document = await $RefParser.dereference(structuredClone(input), { resolve: { external: false }, dereference: { circular: true } });
  } catch (error) {
    throw new Error(`${source}: could not dereference the document (${describeError(error)})`);
  }
  return fromDocument(document, source);
}

/**
 * @param {any} document
 * @param {string} source
 * @returns {LoadedDocument}
 */
function fromDocument(document, source) {
  if (!isObject(document) || !(typeof document.openapi === 'string' || typeof document.swagger === 'string')) {
    throw new Error(`${source}: not an OpenAPI document (no \`openapi\` version key)`);
  }
  if (!isObject(document.paths)) throw new Error(`${source}: the document has no \`paths\` object`);
  return { document, source, names: componentNames(document) };
}

/**
 * Maps every component object of a dereferenced document to its name
 * (`schemas/Codec`, `responses/NotFound`, `parameters/PageSize`, …).
 *
 * @param {any} document a dereferenced OpenAPI document
 * @returns {Map<object, string>}
 */
export function componentNames(document) {
  const names = new Map();
  for (const [section, entries] of Object.entries(document.components ?? {})) {
    if (!isObject(entries)) continue;
    for (const [name, value] of Object.entries(entries)) if (isObject(value) && !names.has(value)) names.set(value, `${section}/${name}`);
  }
  return names;
}

/**
 * @typedef {object} Operation
 * @property {string} method lower-case HTTP method (`get`, `post`, …)
 * @property {string} path the path template as written (`/api/relay/rest/endpoints/sip/{id}`)
 * @property {string} template the template with parameter names blanked (`/api/relay/rest/endpoints/sip/{}`), for matching across documents
 * @property {string | undefined} operationId
 * @property {string[]} pathParameters the template's parameter names, in order
 * @property {any[]} parameters path-item and operation parameters merged (the operation's win on the same `in`+`name`)
 * @property {any | null} requestBody the request body object, or null
 * @property {any | null} requestSchema the JSON schema of the request body (first JSON media type), or null
 * @property {Record<string, {response: any, schema: any | null}>} responses every declared status (`200`, `4XX`, `default`) → the response object and its JSON schema (null without a JSON body); a null-prototype object
 * @property {string | null} family `relay` or `fabric` when the 422 response's schema is one of `families`' components, else null
 * @property {any} operation the operation object itself (extensions such as `x-decision` included)
 * @property {any} pathItem the path item object holding it
 */

/**
 * Lists every operation of a document, in path order then method order.
 * The document may be dereferenced (a result of `loadDocument` or
 * `dereferenceDocument`) or as written, `$ref`s in place (`{ document: spec }`):
 * a request body, response, parameter or 422 schema written as a local
 * `$ref` is followed (`followRefs`), so the family reads the same either way;
 * `operation`, `pathItem` and the JSON schemas (`requestSchema`, each
 * response's `schema`) are the nodes as the document holds them (in a
 * document as written, a schema may be a `$ref`).
 *
 * @param {{ document: any, names?: Map<object, string> }} loaded a result of `loadDocument` or `dereferenceDocument`, or `{ document }` for a parsed document as written
 * @param {{ families?: Record<string, string> }} [options] families: component schema name of a 422 body → family name (default `FAMILY_422_SCHEMAS`)
 * @returns {Operation[]}
 */
export function listOperations(loaded, { families = FAMILY_422_SCHEMAS } = {}) {
  const { document } = loaded;
  const names = loaded.names ?? componentNames(document);
  /** @param {unknown} node */
  const follow = (node) => followRefs(document, node).node;
  const out = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      // No prototype: a status written `__proto__` or `constructor` is looked up as data.
      const responses = Object.assign(Object.create(null), Object.fromEntries(
        Object.entries(isObject(operation.responses) ? operation.responses : {})
          .map(([status, written]) => [status, follow(written)])
          .filter(([, response]) => isObject(response))
          .map(([status, response]) => [status, { response, schema: jsonSchemaOf(response) }]),
      ));
      const requestBody = isObject(follow(operation.requestBody)) ? follow(operation.requestBody) : null;
      out.push({
        method,
        path,
        template: templateKey(path),
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        pathParameters: pathParameterNames(path),
        parameters: mergeParameters(pathItem.parameters, operation.parameters, follow),
        requestBody,
        requestSchema: requestBody ? jsonSchemaOf(requestBody) : null,
        responses,
        family: familyOf(follow(responses['422']?.schema), names, families),
        operation,
        pathItem,
      });
    }
  }
  return out;
}

/**
 * The family named by the component a 422 schema is, or null.
 *
 * @param {any} schema
 * @param {Map<object, string>} names
 * @param {Record<string, string>} families
 * @returns {string | null}
 */
function familyOf(schema, names, families) {
  const name = schema ? names.get(schema) : undefined;
  const bare = name?.startsWith('schemas/') ? name.slice('schemas/'.length) : undefined;
  return bare !== undefined && Object.hasOwn(families, bare) ? families[bare] : null;
}

/**
 * The JSON schema of a request body or response: the schema of its first
 * `application/json` (or `+json`) media type, or null.
 *
 * @param {any} bodyOwner a request body or response object
 * @returns {any | null}
 */
export function jsonSchemaOf(bodyOwner) {
  const content = isObject(bodyOwner?.content) ? bodyOwner.content : {};
  const media = Object.keys(content).find((type) => /^application\/(?:[\w.-]+\+)?json\b/i.test(type));
  return media && isObject(content[media]?.schema) ? content[media].schema : null;
}

/**
 * @param {unknown} shared path-item parameters
 * @param {unknown} own operation parameters
 * @param {(node: unknown) => any} follow `$ref` resolution
 * @returns {any[]}
 */
function mergeParameters(shared, own, follow) {
  const byKey = new Map();
  for (const list of [shared, own]) {
    if (!Array.isArray(list)) continue;
    for (const written of list) {
      const parameter = follow(written);
      if (isObject(parameter)) byKey.set(`${parameter.in} ${parameter.name}`, parameter);
    }
  }
  return [...byKey.values()];
}

const PARAMETER = /\{([^{}/]*)\}/g;

/**
 * The parameter names of a path template, in order (`/a/{x}/b/{y}` → `['x', 'y']`).
 *
 * @param {string} path
 * @returns {string[]}
 */
export function pathParameterNames(path) {
  return [...path.matchAll(PARAMETER)].map((match) => match[1]);
}

/**
 * A path template with its parameter names blanked (`/a/{x}` → `/a/{}`), so
 * templates that differ only in parameter names compare equal.
 *
 * @param {string} path
 * @returns {string}
 */
export function templateKey(path) {
  return path.replace(PARAMETER, '{}');
}

/**
 * @template {{ method: string, path: string }} [T=Operation]
 * @typedef {object} PathMatch
 * @property {T} operation the operation matched (one of those given)
 * @property {Record<string, string>} params the path parameters, percent-decoded
 */

/**
 * The operation serving `method` on a concrete path (`/api/relay/rest/endpoints/sip/3b2…`).
 * A query string or fragment is ignored; segments are compared exactly
 * (no trailing-slash folding, case-sensitive); a parameter matches one
 * non-empty segment. When several templates match, the one with a literal
 * segment earliest wins (`/a/sip_endpoints/{id}` over `/a/{id}/sip_endpoints`
 * for `/a/sip_endpoints/x`), as OpenAPI says concrete paths match first.
 *
 * @template {{ method: string, path: string }} T
 * @param {readonly T[]} operations a result of `listOperations`, or anything with a lower-case `method` and a path template `path`
 * @param {string} method any case
 * @param {string} concretePath the path part of a URL (a full URL is accepted; only its path is used)
 * @returns {PathMatch<T> | null} null when nothing matches, or when a parameter's percent-encoding is malformed
 */
export function matchPath(operations, method, concretePath) {
  const wanted = String(method).toLowerCase();
  let path = String(concretePath);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      return null;
    }
  }
  path = path.replace(/[?#].*$/s, '');
  const segments = path.split('/');
  let best = null;
  let bestRank = '';
  for (const operation of operations) {
    if (operation.method !== wanted) continue;
    const template = operation.path.split('/');
    if (template.length !== segments.length) continue;
    const params = [];
    let rank = '';
    let ok = true;
    for (let i = 0; i < template.length && ok; i++) {
      const name = /^\{([^{}/]*)\}$/.exec(template[i])?.[1];
      if (name === undefined) {
        ok = template[i] === segments[i];
        rank += '0';
      } else if (segments[i] === '') {
        ok = false;
      } else {
        try {
          params.push([name, decodeURIComponent(segments[i])]);
        } catch {
          return null;
        }
        rank += '1';
      }
    }
    if (ok && (best === null || rank < bestRank)) {
      // fromEntries defines own properties: a parameter named `__proto__` stays data.
      best = { operation, params: Object.fromEntries(params) };
      bestRank = rank;
    }
  }
  return best;
}

/**
 * True for a plain object (not null, not an array).
 *
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
