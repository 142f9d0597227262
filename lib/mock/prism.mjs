// Prism's own components, loaded in this process: the loader that turns the
// bundled spec into operations, the router, the request validator, the
// mocker (examples, `Prefer`, dynamic data), and the `Prefer` decoder of
// Prism's HTTP server. These are the functions `prism mock` wires together
// (prism-http's createInstance, prism-http-server's createServer); the mock
// calls them one by one so it can answer between the steps.
//
// The loader, router and validator load with this module (about 1 s of
// CPU); the mocker and the `Prefer` decoder, which pull in faker and
// json-schema-faker (about 1.3 s more), when the server asks for them
// before listening (its default warm-up) or else on first use
// (`prepareMocker`): a request that a handler answers (the stateful mode)
// or that is refused never needs them (D122).
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
/** @type {(spec: string) => Promise<any[]>} */
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http/dist/utils/operations.js');
/** @type {(options: { resources: any[], input: PrismRequest }) => Either<PrismError, any>} */
const router = require('@stoplight/prism-http/dist/router/index.js').default;
/** @type {(options: { resource: any, element: PrismRequest }) => Either<Violation[], PrismRequest>} */
const { validateInput } = require('@stoplight/prism-http/dist/validator/index.js');

/**
 * @typedef {{
 *   mocker: (options: { resource: any, input: { data: PrismRequest, validations: Violation[] }, config: MockConfig }) => (logger: any) => Either<PrismError, PrismResponse>,
 *   getHttpConfigFromRequest: (input: PrismRequest) => Either<PrismError, Preferences>,
 *   resetJSONSchemaGenerator: () => void,
 *   JSONSchemaFaker: { option: (options: object) => void },
 * }} MockerModules
 */
/** @type {MockerModules | undefined} */
let mockerModules;
/** Whether `configureDynamic` was asked for before the mocker loaded. */
let dynamicPending = false;

/**
 * Loads Prism's mocker and `Prefer` decoder (once; later calls return at
 * once) and applies a pending `configureDynamic`. The server calls it
 * before listening unless its warm-up is off; otherwise the first request
 * that needs them does.
 * @returns {MockerModules}
 */
export function prepareMocker() {
  if (!mockerModules) {
    const prismHttp = require('@stoplight/prism-http');
    mockerModules = {
      mocker: require('@stoplight/prism-http/dist/mocker/index.js').default,
      getHttpConfigFromRequest: require('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js').getHttpConfigFromRequest,
      resetJSONSchemaGenerator: prismHttp.resetJSONSchemaGenerator,
      // The json-schema-faker instance Prism's mocker generates dynamic data with.
      JSONSchemaFaker: createRequire(require.resolve('@stoplight/prism-http'))('json-schema-faker').JSONSchemaFaker,
    };
  }
  if (dynamicPending) {
    dynamicPending = false;
    mockerModules.resetJSONSchemaGenerator();
    mockerModules.JSONSchemaFaker.option({ fillProperties: false, useExamplesValue: true });
  }
  return mockerModules;
}

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
/** @typedef {{ code?: number, exampleKey?: string, dynamic?: boolean, seed?: string }} Preferences what `Prefer` asks for */

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
  const loading = getHttpOperationsFromSpec(specPath).then((operations) => {
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
 *
 * Applied when the mocker loads (`prepareMocker`), or at once if it has.
 */
export function configureDynamic() {
  dynamicPending = true;
  if (mockerModules) prepareMocker();
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
  const query = input.url.query ?? {};
  // Nothing asked (no Prefer, none of the query forms): what Prism's decoder returns then, without loading it.
  if (!input.headers?.prefer && PREFERENCE_QUERY.every((name) => query[name] === undefined)) return NOTHING_PREFERRED;
  return prepareMocker().getHttpConfigFromRequest(input);
}
/** The query parameters Prism's server reads `Prefer` from when the header is absent (getHttpConfigFromRequest). */
const PREFERENCE_QUERY = ['__code', '__dynamic', '__seed', '__example'];
/** Prism's decoder's answer when nothing is asked. */
const NOTHING_PREFERRED = Object.freeze({ _tag: 'Right', right: Object.freeze({ code: undefined, exampleKey: undefined, dynamic: undefined, seed: undefined }) });

/**
 * Prism's mocker for a valid request: the response its negotiator picks
 * (lowest 2xx, or `Prefer` code/example), with an example or generated body.
 *
 * @param {any} resource
 * @param {PrismRequest} input
 * @param {MockConfig} config a fresh object per request (the mocker writes into it)
 */
export function mockResponse(resource, input, config) {
  return prepareMocker().mocker({ resource, input: { data: input, validations: [] }, config })(silent);
}
