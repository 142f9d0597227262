// Prism's own components, loaded in this process: the loader that turns the
// bundled spec into operations, the router, the request validator, the
// mocker (examples, `Prefer`, dynamic data), and the `Prefer` decoder of
// Prism's HTTP server. These are the functions `prism mock` wires together
// (prism-http's createInstance, prism-http-server's createServer); the mock
// calls them one by one so it can answer between the steps.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const prismHttp = require('@stoplight/prism-http');
/** @type {(options: { resources: any[], input: PrismRequest }) => Either<PrismError, any>} */
const router = require('@stoplight/prism-http/dist/router/index.js').default;
/** @type {(options: { resource: any, element: PrismRequest }) => Either<Violation[], PrismRequest>} */
const { validateInput } = require('@stoplight/prism-http/dist/validator/index.js');
/** @type {(options: { resource: any, input: { data: PrismRequest, validations: Violation[] }, config: MockConfig }) => (logger: any) => Either<PrismError, PrismResponse>} */
const mocker = require('@stoplight/prism-http/dist/mocker/index.js').default;
/** @type {(input: PrismRequest) => Either<PrismError, { code?: number, exampleKey?: string, dynamic?: boolean, seed?: string }>} */
const { getHttpConfigFromRequest } = require('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js');
// The json-schema-faker instance Prism's mocker generates dynamic data with.
const { JSONSchemaFaker } = createRequire(require.resolve('@stoplight/prism-http'))('json-schema-faker');

/**
 * @template L, R
 * @typedef {{ _tag: 'Left', left: L } | { _tag: 'Right', right: R }} Either fp-ts's Either, as Prism returns it
 */
/** @typedef {{ name: string, message: string, status?: number, detail?: string }} PrismError a ProblemJsonError */
/** @typedef {import('./explain.mjs').Violation} Violation */
/**
 * A request as Prism's components take it (IHttpRequest).
 * @typedef {{ method: string, url: { path: string, query: Record<string, string | string[]> }, headers: Record<string, string>, body: unknown }} PrismRequest
 */
/** @typedef {{ statusCode: number, headers?: Record<string, string>, body?: unknown }} PrismResponse */
/** @typedef {{ dynamic: boolean, code?: number, exampleKey?: string, seed?: string, ignoreExamples?: boolean }} MockConfig */

/** Prism's error names (ProblemJsonError.name) the mock answers itself. */
export const PRISM_ERRORS = {
  noPath: 'https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR',
  noMethod: 'https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR',
  notFound: 'https://stoplight.io/prism/errors#NOT_FOUND',
  unprocessable: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
};

/** The HTTP methods an OpenAPI path item can have, for the `Allow` header of a 405. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Logger Prism's components write to; the mock logs one line per answer itself. */
const silent = {
  child: () => silent,
  trace() {},
  debug() {},
  info() {},
  success() {},
  start() {},
  warn() {},
  error() {},
  fatal() {},
};

/**
 * The operations loaded in this process, by spec file (absolute path, size
 * and modification time): a second server of the same spec in one process
 * (the tests' in-process mocks) reuses the operations and, through them,
 * the validators Prism and the explainer compiled for their schemas (both
 * cache per schema object). Nothing writes into the operations.
 * @type {Map<string, Promise<any[]>>}
 */
const loaded = new Map();

/**
 * Loads the spec's operations with Prism's loader (refs inlined; each
 * operation's `iid` is its operationId), once per version of the file in
 * this process.
 *
 * @param {string} specPath a YAML or JSON OpenAPI file
 * @returns {Promise<any[]>} Prism's IHttpOperation list (shared: do not change it)
 * @throws when the file cannot be read or parsed, or holds no operation
 */
export async function loadOperations(specPath) {
  const key = fileVersion(specPath);
  const cached = key === undefined ? undefined : loaded.get(key);
  if (cached) return cached;
  const loading = prismHttp.getHttpOperationsFromSpec(specPath).then((operations) => {
    if (!operations.length) throw new Error(`no operations in ${specPath}`);
    return operations;
  });
  if (key !== undefined) {
    loaded.set(key, loading);
    loading.catch(() => loaded.delete(key));
  }
  return loading;
}

/** `path|size|mtime` of a file, undefined when it cannot be read (Prism's loader then says why). */
function fileVersion(specPath) {
  try {
    const { size, mtimeMs } = statSync(specPath);
    return `${resolve(specPath)}|${size}|${mtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * Sets how Prism's dynamic mode generates data: no properties beyond those
 * the schemas declare (what `prism mock --json-schema-faker-fillProperties=false`
 * sets), and a value from a schema's `examples` where it has some
 * (json-schema-faker's `useExamplesValue`): the spec's examples are data
 * its request schemas accept back, where lorem ipsum is not (a username
 * with spaces, a URL that is not one). Schemas without examples are
 * generated from their type and format.
 */
export function configureDynamic() {
  prismHttp.resetJSONSchemaGenerator();
  JSONSchemaFaker.option({ fillProperties: false, useExamplesValue: true });
}

/** Prism's router: the operation for a request, or its NO_PATH / NO_METHOD error. @param {any[]} operations @param {PrismRequest} input */
export function route(operations, input) {
  return router({ resources: operations, input });
}

/** The methods a path has, per Prism's router, upper case (for `Allow`). @param {any[]} operations @param {PrismRequest} input */
export function allowedMethods(operations, input) {
  return METHODS.filter((method) => route(operations, { ...input, method })._tag === 'Right').map((m) => m.toUpperCase());
}

/** Prism's request validator: the violations of a request, [] when valid. @param {any} resource @param {PrismRequest} input @returns {Violation[]} */
export function violationsOf(resource, input) {
  const result = validateInput({ resource, element: input });
  return result._tag === 'Left' ? result.left : [];
}

/** The `Prefer` header (or `__code`/`__example` query), decoded as Prism's server does. @param {PrismRequest} input */
export function preferences(input) {
  return getHttpConfigFromRequest(input);
}

/**
 * Prism's mocker for a valid request: the response its negotiator picks
 * (lowest 2xx, or `Prefer` code/example), with an example or generated body.
 *
 * @param {any} resource
 * @param {PrismRequest} input
 * @param {MockConfig} config a fresh object per request (the mocker writes into it)
 */
export function mockResponse(resource, input, config) {
  return mocker({ resource, input: { data: input, validations: [] }, config })(silent);
}
