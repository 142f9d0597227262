// The mock's HTTP server: one node:http server, Prism's components in this
// process, every request answered with a status its operation declares.
import http from 'node:http';
import { BODY_LIMIT_BYTES, BODY_TIMEOUT_MS, BODY_VALUE_LIMIT, hasMoreValuesThan, isJsonMediaType, parseJson, readBody } from './body.mjs';
import { emptyList, fitToRequest, fitting422Example, sample422 } from './answers.mjs';
import { explain, prepareExplanation } from './explain.mjs';
import { errorMessage, errorsBody, familyOf } from './family.mjs';
import { PRISM_ERRORS, allowedMethods, configureDynamic, loadOperations, mockResponse, preferences, prepareMocker, route, violationsOf } from './prism.mjs';

/** @typedef {import('./family.mjs').Family} Family */
/** @typedef {import('./family.mjs').Problem} Problem */
/** @typedef {import('./prism.mjs').PrismRequest} PrismRequest */

/**
 * What a `handler` is told about a request that passed Prism's validation.
 * @typedef {{
 *   operation: { operationId: string, method: string, path: string },
 *   family: Family,
 *   pathParams: Record<string, string>,
 *   query: Record<string, string | string[]>,
 *   body: unknown,
 *   headers: http.IncomingHttpHeaders,
 *   prefer: { code?: number, exampleKey?: string, dynamic?: boolean, seed?: string },
 * }} HandlerContext
 *
 * `operation.method` is upper case, `operation.path` the path template
 * (`/api/fabric/resources/sip_endpoints/{id}`); `pathParams` are decoded;
 * `query` has one string per name, or an array when the name repeats;
 * `body` is the parsed JSON (undefined when none); `headers` are Node's
 * (lower-case names); `prefer` is the request's `Prefer` as Prism's decoder
 * read it (the header in any case, or the `__code`/`__example`/`__dynamic`/
 * `__seed` query forms): the handler is only called when `code` and
 * `exampleKey` are undefined, so `dynamic` and `seed` are what it may see.
 */
/**
 * A handler's answer. `body` is sent as JSON (omit it for 204).
 * @typedef {{ status: number, headers?: Record<string, string>, body?: unknown }} HandlerResult
 */
/**
 * @callback Handler
 * @param {HandlerContext} ctx
 * @returns {HandlerResult | undefined | Promise<HandlerResult | undefined>}
 *   undefined lets Prism answer (examples, or dynamic data).
 */

/**
 * The mock's own routes: an answer for a request outside the spec, or undefined.
 * @callback Routes
 * @param {string} method upper case
 * @param {string} url the request target (path and query)
 * @returns {HandlerResult | undefined}
 */

/** The header that marks an answer as the mock's own (not one the API would send), with the kind of problem. */
export const MOCK_ERROR_HEADER = 'x-mock-error';
/** Prism puts its raw violations in this header; kept for tools that read it. */
export const VIOLATIONS_HEADER = 'sl-violations';
/** `sl-violations` holds whole violations up to this many characters, always valid JSON (Prism cuts at ~8 KB and prefixes text). */
const VIOLATIONS_HEADER_LIMIT = 8000;

/**
 * Starts the mock server.
 *
 * @param {{
 *   spec?: string,
 *   dynamic?: boolean,
 *   port?: number,
 *   host?: string,
 *   cors?: boolean,
 *   handler?: Handler,
 *   routes?: Routes,
 *   log?: (line: string) => void,
 *   warmUp?: boolean,
 * }} [options]
 *   - `spec`: the bundled OpenAPI file (default `generated/openapi.yaml`).
 *   - `dynamic`: generate bodies from the schemas instead of the examples.
 *   - `port`: 0 for one the OS picks (default 4010); `host` default 127.0.0.1.
 *   - `cors`: CORS headers as Prism's server sends them (default true).
 *   - `handler`: called for a request only after Prism's validation passed
 *     (auth, path, query, body all valid) and when no `Prefer` header picks
 *     a code or an example. It returns the answer, or undefined to let Prism
 *     answer. Whatever it throws is answered as a 500 that says it is the
 *     mock's fault; the server keeps serving.
 *   - `routes`: the mock's own routes outside the spec (the stateful
 *     mode's `/__mock/state`), asked first for every request; undefined
 *     lets the request go on to Prism.
 *   - `log`: one line per refused request and per fault (default: none).
 *   - `warmUp`: load Prism's mocker before listening and, after start-up,
 *     compile every operation's validators in the background, so no first
 *     request waits for them (default true; about 1.3 s and 1 s of CPU).
 *     A short-lived mock that sends a few requests (the tests') passes
 *     false: the mocker loads on the first request Prism answers, and what
 *     a request needs is compiled when it comes. `close` stops a warm-up
 *     still going; `warmedUp` settles when it is done (at once without one).
 * @returns {Promise<{ url: string, port: number, server: http.Server, close: () => Promise<void>, warmedUp: Promise<void> }>}
 * @throws the listen error (`EADDRINUSE`, `EACCES`, …) or the spec loading error
 */
export async function createMockServer({ spec = 'generated/openapi.yaml', dynamic = false, port = 4010, host = '127.0.0.1', cors = true, handler, routes, log = () => {}, warmUp = true } = {}) {
  const warming = new AbortController();
  const { listener, warmedUp } = await createMockListener({ spec, dynamic, cors, handler, routes, log, warmUp: warmUp ? warming.signal : false });
  // Node would answer a missing Host and an unknown `Expect` itself, with no
  // body in any shape; the listener answers them instead. CONNECT, which Node
  // hands over as a bare socket, gets the listener's answer on that socket (405).
  const server = http.createServer({ requireHostHeader: false }, listener);
  server.on('checkExpectation', listener);
  server.on('connect', (req, socket) => answerOnSocket(listener, req, socket));
  server.on('clientError', (error, socket) => answerClientError(error, socket));
  await new Promise((resolve, reject) => {
    const failed = (/** @type {Error} */ error) => {
      warming.abort();
      reject(error);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    server,
    warmedUp,
    close: () =>
      new Promise((resolve) => {
        warming.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The request listener alone (for a server of your own), and its warm-up.
 *
 * @param {{ spec: string, dynamic: boolean, cors: boolean, handler?: Handler, routes?: Routes, log: (line: string) => void, warmUp?: AbortSignal | boolean }} options
 *   `warmUp`: false for none, true for one that runs to its end, or a signal that stops it (default true).
 * @returns {Promise<{ listener: http.RequestListener, warmedUp: Promise<void> }>} `warmedUp` settles once the warm-up is done or stopped (at once without one)
 */
export async function createMockListener({ spec, dynamic, cors, handler, routes, log, warmUp: warm = true }) {
  const operations = await loadOperations(spec);
  configureDynamic();
  /** @type {Map<any, Family>} */
  const families = new Map(operations.map((op) => [op, familyOf(op, operations)]));
  const context = { operations, families, dynamic, cors, handler, routes, log };
  let warmedUp = Promise.resolve();
  if (warm) {
    // Before listening, as always: a first request that Prism answers does not wait for its mocker to load.
    prepareMocker();
    warmedUp = warmUp(operations, warm === true ? undefined : warm);
  }
  /** @type {http.RequestListener} */
  const listener = (req, res) => {
    answer(context, req, res).catch((error) => fault(context, req, res, error));
  };
  return { listener, warmedUp };
}

const WARM_UP_DELAY_MS = 300;
/**
 * After start-up, off the first request's path: compiles Prism's validators
 * and the explainer's, one operation per turn of the event loop, until done
 * or `signal` aborts.
 * @param {any[]} operations
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>} settles when it is done or stopped
 */
function warmUp(operations, signal) {
  const queue = [...operations];
  let done = () => {};
  const finished = new Promise((resolve) => (done = () => resolve(undefined)));
  const next = () => {
    const resource = queue.shift();
    if (!resource || signal?.aborted) return done();
    try {
      const hasBody = Boolean(resource.request?.body);
      violationsOf(resource, {
        method: resource.method,
        url: { path: resource.path, query: {} },
        headers: hasBody ? { 'content-type': 'application/json', 'content-length': '2' } : {},
        body: hasBody ? {} : undefined,
      });
      prepareExplanation(resource);
    } catch {
      // Only a warm-up: the request that needs it will compile again and answer.
    }
    setImmediate(next);
  };
  setTimeout(next, WARM_UP_DELAY_MS).unref();
  return finished;
}

/**
 * One request, start to end.
 * @param {{ operations: any[], families: Map<any, Family>, dynamic: boolean, cors: boolean, handler?: Handler, routes?: Routes, log: (line: string) => void }} ctx
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function answer(ctx, req, res) {
  if (ctx.cors) {
    setCorsHeaders(req, res);
    if (req.method === 'OPTIONS' && req.headers.origin && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', req.headers['access-control-request-method'] || 'GET,DELETE,HEAD,PATCH,POST,PUT,OPTIONS');
      res.setHeader('Vary', 'origin');
      res.setHeader('Content-Length', '0');
      res.writeHead(204).end();
      return;
    }
  }
  const raw = await readBody(req);
  if (raw.kind === 'aborted') return void req.destroy();
  if (req.httpVersion === '1.1' && req.headers.host === undefined) {
    // RFC 9112 §3.2: a 400 for an HTTP/1.1 request without Host.
    res.setHeader('connection', 'close');
    return send(res, 400, errorMessage('Bad Request: an HTTP/1.1 request needs a Host header'), { [MOCK_ERROR_HEADER]: 'http' });
  }
  const url = parseUrl(req.url);
  // The mock's own routes see the path as every route does, dot segments
  // resolved (`//host/…` is left as sent: it names no path of this server).
  const target = url && !(req.url ?? '').startsWith('//') ? `${url.pathname}${url.search}` : req.url ?? '/';
  const own = ctx.routes?.((req.method ?? 'GET').toUpperCase(), target);
  if (own) return send(res, own.status, own.body, own.headers);
  if (!url || url.pathname.split('/').slice(1).some((segment) => segment === '')) {
    return send(res, 404, errorMessage('Not Found'), { [MOCK_ERROR_HEADER]: 'no-route' });
  }
  /** @type {PrismRequest} */
  const input = {
    method: (req.method ?? 'GET').toLowerCase(),
    url: { path: url.pathname, query: queryOf(url.searchParams) },
    headers: /** @type {Record<string, string>} */ (withoutAccept(req.headers)),
    body: undefined,
  };
  const routed = route(ctx.operations, input);
  if (routed._tag === 'Left') {
    if (routed.left.name === PRISM_ERRORS.noMethod) {
      const allow = allowedMethods(ctx.operations, input).join(', ');
      return send(res, 405, errorMessage('Method Not Allowed'), { allow, [MOCK_ERROR_HEADER]: 'method' });
    }
    return send(res, 404, errorMessage('Not Found'), { [MOCK_ERROR_HEADER]: 'no-route' });
  }
  const resource = routed.right;
  const opFamily = ctx.families.get(resource) ?? familyOf(resource, ctx.operations);

  const takesBody = Boolean(resource.request?.body);
  if (raw.kind === 'too-large' || raw.kind === 'timeout') {
    // The body was not read to its end: this connection cannot carry another request.
    res.setHeader('connection', 'close');
    // An operation that takes no body ignores it, whatever its size or pace (as any body on a GET or DELETE).
    if (takesBody && raw.kind === 'too-large') return badBody(res, resource, opFamily, 413, { error: `Payload Too Large: the request body is over the mock's limit of ${BODY_LIMIT_BYTES} bytes` });
    if (takesBody) return badBody(res, resource, opFamily, 400, { error: `Bad Request: the request body did not arrive within ${BODY_TIMEOUT_MS / 1000} s` });
  }

  if (!isAuthorized(req.headers.authorization)) return sendMocked(ctx, res, resource, input, { dynamic: false, code: 401 }, { 'www-authenticate': 'Basic realm="SignalWire"' });

  if (raw.kind === 'bytes' && takesBody) {
    const type = req.headers['content-type'];
    if (type !== undefined && !isJsonMediaType(type)) {
      return badBody(res, resource, opFamily, 400, { error: `Bad Request: the request body must be JSON, sent with Content-Type: application/json (got ${JSON.stringify(String(type).slice(0, 60))})` });
    }
    const parsed = parseJson(raw.bytes);
    if (!parsed.ok) return badBody(res, resource, opFamily, 400, { error: `Bad Request: ${parsed.message}`, reason: parsed.reason, position: parsed.position });
    if (hasMoreValuesThan(parsed.value)) {
      // Validation time grows with the values (every oneOf branch of each): refused before Prism, so the answer stays quick.
      return badBody(res, resource, opFamily, 422, { error: `body has more than ${BODY_VALUE_LIMIT} values (fields and list items, at any depth), more than any body of this API; the mock does not validate it` });
    }
    input.body = parsed.value;
  }
  if (!takesBody || input.body === undefined) {
    // A body where the operation takes none is ignored, as by the API; Prism would refuse it with a 415.
    delete input.headers['content-length'];
    delete input.headers['transfer-encoding'];
  }

  const pathParams = pathParamsOf(resource.path, url.pathname);
  const undecodable = Object.keys(pathParams).filter((name) => pathParams[name] === undefined);
  if (undecodable.length) {
    // Prism's validator throws on these (decodeURIComponent); the API cannot look such an id up.
    return send(res, 422, errorsBody(opFamily, 422, undecodable.map((name) => ({ attribute: name, kind: 'invalid', message: `${name} is not valid percent-encoding` }))));
  }

  const prefer = preferences(input);
  if (prefer._tag === 'Left') return preferError(res, resource, opFamily, `the Prefer header is not understood (${prefer.left.detail ?? prefer.left.message})`);

  const violations = violationsOf(resource, input);
  if (violations.length) {
    const problems = explain(resource, input.body, violations);
    const first = problems[0].message;
    ctx.log(`mock: 422 ${req.method} ${req.url}: ${first}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`);
    return send(res, 422, errorsBody(opFamily, 422, problems), { [VIOLATIONS_HEADER]: violationsHeader(violations) });
  }

  const { code, dynamic, seed } = prefer.right;
  let { exampleKey } = prefer.right;
  if (ctx.handler && code === undefined && exampleKey === undefined) {
    const result = await ctx.handler({
      operation: { operationId: resource.iid, method: input.method.toUpperCase(), path: resource.path },
      family: opFamily,
      pathParams: /** @type {Record<string, string>} */ (pathParams),
      query: input.url.query,
      body: input.body,
      headers: req.headers,
      prefer: { code, exampleKey, dynamic, seed },
    });
    if (result !== undefined) return send(res, result.status, result.body, result.headers);
  }
  if (code === 422 && exampleKey === undefined) {
    // A 422 about this operation's own inputs, not a declared example about another's.
    exampleKey = fitting422Example(resource);
    const problems = exampleKey === undefined ? sample422(resource, input) : undefined;
    if (problems) return send(res, 422, errorsBody(opFamily, 422, problems));
  }
  if (exampleKey === 'empty') {
    const empty = emptyList(resource, code);
    if (empty) return send(res, empty.statusCode, empty.body);
  }
  return sendMocked(ctx, res, resource, input, { dynamic: dynamic ?? ctx.dynamic, code, exampleKey, seed }, {}, code === undefined && exampleKey === undefined);
}

/**
 * Prism's mocked answer for a valid request, or the mock's 422 when the
 * `Prefer` header names a code or example the operation does not declare.
 * With `fit` (no Prefer code or example), a create or update answer
 * carries the fields the request sent (answers.mjs, fitToRequest).
 */
function sendMocked(ctx, res, resource, input, config, extraHeaders = {}, fit = false) {
  const mocked = mockResponse(resource, input, config);
  if (mocked._tag === 'Left') {
    // Prism's negotiator says NOT_FOUND for an undeclared code or example; with
    // both a code and an example it wraps that in a plain Error.
    if (mocked.left.name === PRISM_ERRORS.notFound || String(mocked.left.message).includes(PRISM_ERRORS.notFound)) {
      const reason = config.exampleKey === undefined
        ? `Prefer code=${config.code} is not a status ${resource.iid} declares`
        : `Prefer example=${JSON.stringify(config.exampleKey).slice(0, 60)} is not an example of ${resource.iid}${config.code === undefined ? '' : ` for status ${config.code}`}`;
      return preferError(res, resource, ctx.families.get(resource), reason);
    }
    throw Object.assign(new Error(`Prism's mocker failed: ${mocked.left.message}${mocked.left.detail ? ` (${mocked.left.detail})` : ''}`), { cause: mocked.left });
  }
  const { statusCode, headers = {}, body } = mocked.right;
  return send(res, statusCode, fit && input.body !== undefined ? fitToRequest(resource, input.body, mocked.right) : body, { ...headers, ...extraHeaders });
}

/** The declared codes and example names of an operation, for the mock's own errors. */
function declared(resource) {
  return resource.responses
    .map((/** @type {any} */ r) => {
      const examples = (r.contents ?? []).flatMap((/** @type {any} */ c) => (c.examples ?? []).map((/** @type {any} */ e) => e.key));
      return `${r.code}${examples.length ? ` (examples: ${examples.join(', ')})` : ''}`;
    })
    .join('; ');
}

/**
 * The mock's answer to a `Prefer` that names no declared code or example,
 * marked `x-mock-error: prefer`: the family's 422, or, for an operation that
 * declares no 422, its 500 in the `{error}` shape.
 */
function preferError(res, resource, family, reason) {
  const message = `mock: ${reason}. It declares ${declared(resource)}. Send Prefer: code=<status>, example=<name>, or both.`;
  const headers = { [MOCK_ERROR_HEADER]: 'prefer' };
  if (!declares(resource, 422)) return send(res, 500, errorMessage(message), headers);
  return send(res, 422, errorsBody(family, 422, [{ attribute: 'Prefer', kind: 'invalid', message }]), headers);
}

/** Whether an operation declares a status. */
function declares(resource, status) {
  return resource.responses.some((/** @type {any} */ r) => r.code === String(status));
}

/**
 * The answer to a body the mock cannot read (400 not JSON, 413 too large),
 * in the shape the operation declares for that status: `{error, reason?,
 * position?}` (InvalidJsonError, ErrorMessage; DECISIONS.md D40), or the
 * family's `{errors}` if a spec declares that. An operation that declares
 * neither gets the family's 422.
 *
 * @param {{ error: string, reason?: string, position?: number }} detail
 */
function badBody(res, resource, family, status, detail) {
  const declaredStatus = [status, 422, 400, 500].find((s) => declares(resource, s)) ?? 500;
  const schema = declaredSchema(resource, declaredStatus);
  const body = schema?.properties?.errors
    ? errorsBody(family, declaredStatus, [{ attribute: 'body', kind: 'invalid', message: detail.error }])
    : Object.fromEntries(Object.entries(detail).filter(([key, value]) => value !== undefined && (key === 'error' || schema?.properties?.[key])));
  return send(res, declaredStatus, body);
}

/** The schema an operation declares for a status (Prism's inlined copy), or undefined. */
function declaredSchema(resource, status) {
  const response = resource.responses.find((/** @type {any} */ r) => r.code === String(status));
  return response?.contents?.find((/** @type {any} */ c) => /json/.test(c.mediaType))?.schema;
}

/**
 * HTTP Basic with a non-empty user and a non-empty password. The password
 * may contain `:` (RFC 7617: the user name ends at the first colon).
 * @param {string | undefined} header
 */
export function isAuthorized(header) {
  if (typeof header !== 'string') return false;
  const match = /^basic +([A-Za-z0-9+/=_-]+) *$/i.exec(header);
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1;
}

/** `sl-violations` as Prism's server writes it (location prefixed with "request"), cut at whole violations so it stays JSON. */
function violationsHeader(violations) {
  const parts = [];
  let length = 2;
  for (const v of violations) {
    const part = JSON.stringify({ location: ['request', ...(v.path ?? [])], severity: 'Error', code: v.code, message: v.message });
    if (length + part.length + 1 > VIOLATIONS_HEADER_LIMIT) break;
    parts.push(part);
    length += part.length + 1;
  }
  return `[${parts.join(',')}]`;
}

/** The path template's parameters, decoded; undefined for one that is not valid percent-encoding. */
function pathParamsOf(template, pathname) {
  const names = template.split('/');
  const values = pathname.split('/');
  /** @type {Record<string, string | undefined>} */
  const params = {};
  names.forEach((segment, i) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (name) Object.defineProperty(params, name, { value: decode(values[i] ?? ''), enumerable: true, writable: true, configurable: true });
  });
  return params;
}

/** decodeURIComponent, or undefined when the text is not valid percent-encoded UTF-8. */
function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The query as Prism's server reads it: one string per name, an array when repeated. */
function queryOf(searchParams) {
  /** @type {Record<string, string | string[]>} */
  const query = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    Object.defineProperty(query, key, { value: values.length === 1 ? values[0] : values, enumerable: true, writable: true, configurable: true });
  }
  return query;
}

/** The request URL, or null when it cannot be one (an absolute-form with a bad host, `*`). */
function parseUrl(target) {
  try {
    const url = new URL(target ?? '/', 'http://mock.invalid');
    return url.pathname.startsWith('/') ? url : null;
  } catch {
    return null;
  }
}

/** The API answers JSON whatever `Accept` says; Prism would answer 406. */
function withoutAccept(headers) {
  const copy = { ...headers };
  delete copy.accept;
  return copy;
}

/** CORS headers exactly as Prism's HTTP server sets them (prism-http-server, setCommonCORSHeaders). */
function setCorsHeaders(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', req.headers['access-control-expose-headers'] || '*');
}

/**
 * Writes one answer: JSON body (none for 204 or undefined), headers merged.
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string | number | undefined>} [headers]
 */
function send(res, status, body, headers = {}) {
  const payload = body === undefined || status === 204 ? undefined : JSON.stringify(body);
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  if (payload !== undefined) {
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', Buffer.byteLength(payload));
  }
  res.writeHead(status);
  res.end(payload);
}

/** A fault of the mock's own code: a 500 that says so, the stack logged once; the server keeps serving. */
function fault(ctx, req, res, error) {
  ctx.log(`mock: fault in the mock (not the API) on ${req.method} ${req.url}:\n${error?.stack ?? error}`);
  if (res.headersSent) return void res.destroy();
  try {
    for (const name of res.getHeaderNames()) if (!name.startsWith('access-control-')) res.removeHeader(name);
    send(res, 500, errorMessage(`mock: internal error in the mock itself, not an answer of the API (${String(error?.message ?? error).slice(0, 200)})`), { [MOCK_ERROR_HEADER]: 'internal' });
  } catch {
    res.destroy();
  }
}

/**
 * A CONNECT request: Node hands over the bare socket; the listener answers
 * on it as on any request (405 with the path's `Allow`, or 404), then the
 * socket closes.
 * @param {http.RequestListener} listener
 * @param {http.IncomingMessage} req
 * @param {import('node:stream').Duplex} socket
 */
function answerOnSocket(listener, req, socket) {
  socket.on('error', () => socket.destroy());
  const res = new http.ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(/** @type {import('node:net').Socket} */ (socket));
  res.on('finish', () => {
    res.detachSocket(/** @type {import('node:net').Socket} */ (socket));
    socket.end();
  });
  listener(req, res);
}

/** Requests Node cannot parse as HTTP: a plain 400 and close (no operation to take a shape from). */
function answerClientError(error, socket) {
  if (!socket.writable || /** @type {any} */ (error).code === 'ECONNRESET') return void socket.destroy();
  const body = JSON.stringify(errorMessage('Bad Request'));
  socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${MOCK_ERROR_HEADER}: http\r\nconnection: close\r\n\r\n${body}`);
}
