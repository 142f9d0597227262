// createSipClient: the raw typed openapi-fetch client plus one function per
// operationId of the spec, with Basic auth, a base URL from the space name,
// timeouts, retries, and typed errors thrown for every failure.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { operationTable, type OperationId } from '../generated/operations.js';
import { errorClasses, SignalWireError, SignalWireTimeoutError } from './errors.js';
import type { SipClientMethods } from '../generated/client.js';
import type { CallOptions, CamelCase, ResolvedRetry, RetryOptions } from './types.js';
import type { Classes, Violations } from './failure.js';
import { BodyTooLarge, cappedFetch, createSender, defaultPathSerializer, startTimeout, type Sent } from './send.js';
import { checkPathValue, checkQuery } from './safety.js';
import { sleep } from './retry.js';

// What the failure chunk builds errors with (src/failure.ts, `Classes`): handed to it, not imported by it (see there).
const classes: Classes = { ...errorClasses, BodyTooLarge };

export interface SipClientOptions {
  /** Your space name: requests go to https://{space}.signalwire.com. */
  space?: string;
  /** Any other server, e.g. the mock at http://127.0.0.1:4010. Use either this or `space`. */
  baseUrl?: string;
  /** Project ID: the Basic auth user name. */
  projectId: string;
  /** API token: the Basic auth password. Never logged, never in an error. */
  token: string;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof globalThis.fetch;
  /** Default timeout of every call, retries included, in milliseconds (default 30 000; 0 disables it). */
  timeoutMs?: number;
  /** Retry options of every call (defaults in RetryOptions); `false` turns retries off. */
  retry?: RetryOptions | false;
  /**
   * Check every 2xx body against the spec's schema; a body that breaks it
   * throws SignalWireResponseValidationError. Loads Ajv and the spec on first
   * use (src/validate.ts); off by default.
   */
  validateResponses?: boolean;
  /**
   * Check every request body against the spec's schema before sending it; a
   * body that breaks it throws SignalWireRequestValidationError listing the
   * violations, and nothing is sent. Shares one Ajv setup with
   * `validateResponses`; off by default.
   */
  validateRequests?: boolean;
  /**
   * Largest response body the client reads, in bytes (default 10 MiB,
   * 10 485 760): a Content-Length over it is refused before reading, and a
   * body that streams past it (chunked, endless, a gzip that inflates;
   * counted after decoding) is cut off there, its connection closed. Either
   * way the call throws SignalWireResponseTooLargeError. A whole number from
   * 1 to 2^53 - 1; anything else (0, negative, NaN, Infinity, a string) is a
   * TypeError; `undefined` keeps the default.
   */
  maxResponseBytes?: number;
}

/** The client: one method per operation (`SipClientMethods`, generated from the spec), plus `raw` and `baseUrl`. */
export type SipClient = SipClientMethods & {
  /** The openapi-fetch client, typed by the spec's `paths`, with auth applied. */
  readonly raw: Client<paths>;
  /** The base URL requests go to. */
  readonly baseUrl: string;
};

const SPACE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Default `maxResponseBytes`: 10 MiB. SignalWire's largest answer, a page of 1 000 credentials, is well under 2 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10_485_760; // 10 × 1024 × 1024
/** Methods retried by default: idempotent ones (RFC 9110 §9.2.2). POST and PATCH only with `retryNonIdempotent`. */
const IDEMPOTENT = ['GET', 'PUT', 'DELETE'];

/** The numeric retry options, each checked by checkNumber. */
const RETRY_NUMBERS = ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const;

/**
 * `value` when it is a number from `min` to `max` (a whole one when `whole`),
 * else a TypeError naming the option, its range and the value: NaN,
 * Infinity, a string or null would otherwise time out at once or never,
 * or lose a bound, silently.
 */
function checkNumber(name: string, value: unknown, min: number, max: number, whole?: boolean): number {
  if (typeof value !== 'number' || !(value >= min && value <= max) || (whole && !Number.isInteger(value))) throw new TypeError(`${name}: ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, not ${String(value)}`);
  return value;
}

const DEFAULT_RETRY: ResolvedRetry = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 20_000, retryNonIdempotent: false, sleep, random: Math.random };
/**
 * Retry options with the defaults under them, layer by layer: an option left
 * out or given as `undefined` keeps what the layer below says, so no bound
 * can be lost; a layer that is `false` or `null` adds nothing. An unknown
 * option, a `maxAttempts` other than a whole number from 1 to 10, or a delay
 * that is not a number from 0 to 600 000 ms (NaN, Infinity, negative, a
 * string, null) throws a TypeError (checkNumber).
 */
export function resolveRetry(...layers: Array<RetryOptions | false | null | undefined>): ResolvedRetry {
  const r: Record<string, unknown> = { ...DEFAULT_RETRY };
  for (const layer of layers) {
    for (const key of Object.keys(layer ?? {})) {
      if (!Object.hasOwn(DEFAULT_RETRY, key)) throw new TypeError(`retry: unknown option ${key}`);
      const value = (layer as RetryOptions)[key as keyof RetryOptions];
      if (value !== undefined) r[key] = value;
    }
  }
  // Whole attempts from 1 to 10; each delay 0 to 10 minutes.
  for (const key of RETRY_NUMBERS) checkNumber(`retry: ${key}`, r[key], key === 'maxAttempts' ? 1 : 0, key === 'maxAttempts' ? 10 : 6e5, key === 'maxAttempts');
  return r as ResolvedRetry;
}

// btoa, not Buffer: the client also runs in browsers.
const basicAuthHeader = (projectId: string, token: string) => `Basic ${btoa(`${projectId}:${token}`)}`;

/** Basic auth as openapi-fetch middleware; the header value is computed once. */
export function basicAuth(projectId: string, token: string): Middleware {
  const header = basicAuthHeader(projectId, token);
  return {
    onRequest({ request }) {
      if (!request.headers.has('Authorization')) request.headers.set('Authorization', header);
    },
  };
}

export function resolveBaseUrl(options: Pick<SipClientOptions, 'space' | 'baseUrl'>): string {
  const { space, baseUrl } = options;
  if ((space === undefined) === (baseUrl === undefined)) throw new TypeError('createSipClient: pass exactly one of `space` or `baseUrl`.');
  if (space !== undefined) {
    if (!SPACE_NAME.test(space)) throw new TypeError(`createSipClient: "${space}" is not a space name (the first label of <space>.signalwire.com).`);
    return `https://${space}.signalwire.com`;
  }
  const url = new URL(baseUrl!);
  if (url.username || url.password) throw new TypeError('createSipClient: put credentials in `projectId` and `token`, not in `baseUrl`.');
  // Paths are appended to the base as text: a query or fragment in it would swallow every route (`…/?x=1/api/…`).
  // (The href starts with the scheme; credentials were refused above, so a `?` or `#` in it is a query or fragment.)
  if (!/^https?:[^?#]*$/.test(url.href)) throw new TypeError('createSipClient: `baseUrl` is http(s), without ? or #.');
  return url.href.replace(/\/+$/, '');
}

/** `text` parsed as JSON; undefined when it is not JSON (no JSON text parses to undefined). */
const parseJson = (text: string | undefined): unknown => {
  try {
    return JSON.parse(text!);
  } catch {
    return undefined;
  }
};

const camelCase = (id: string) => id.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/**
 * A `timeoutMs` option: `undefined` keeps `fallback`; otherwise a number of ms
 * from 0 (no timeout) to 2^31 - 1. Anything else (negative, NaN, Infinity,
 * longer than setTimeout can wait, a string, null) is a TypeError: it would
 * otherwise time out at once or never, silently.
 */
export const resolveTimeout = (value: unknown, fallback: number): number => (value === undefined ? fallback : checkNumber('timeoutMs', value, 0, MAX_TIMEOUT_MS));

/** A `maxResponseBytes` option: `undefined` keeps the default; otherwise a whole number of bytes from 1 to 2^53 - 1, or a TypeError. */
export const resolveMaxResponseBytes = (value: unknown): number => (value === undefined ? DEFAULT_MAX_RESPONSE_BYTES : checkNumber('maxResponseBytes', value, 1, 2 ** 53 - 1, true));

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts, whatever `work` does. */
function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal!.reason);
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal?.removeEventListener('abort', stop));
  });
}

export function createSipClient(options: SipClientOptions): SipClient {
  const { projectId, token } = options;
  if (!projectId || !token) throw new TypeError('createSipClient: `projectId` and `token` are required.');
  const baseUrl = resolveBaseUrl(options);
  const defaultTimeout = resolveTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  // Auth as a default header rather than middleware (basicAuth): the same
  // header, and a call's own Authorization header still wins, without a
  // middleware pass per call. `send` is raw.request minus openapi-fetch's
  // per-call Request when nothing can observe it (src/send.ts, BENCHMARKS.md).
  const headers = { Authorization: basicAuthHeader(projectId, token) };
  // Bad retry options fail here, not on the first retry.
  resolveRetry(options.retry); // result unused: each call resolves its own layers
  const maxResponseBytes = resolveMaxResponseBytes(options.maxResponseBytes);
  // openapi-fetch reads bodies through cappedFetch: client.raw, a custom fetch and middleware get the cap too.
  const raw = createClient<paths>({ baseUrl, fetch: cappedFetch(options.fetch ?? globalThis.fetch, maxResponseBytes), headers });
  const send = createSender(raw, { baseUrl, headers, fetch: options.fetch, maxResponseBytes });

  // A server or proxy may echo the request back: nothing it says reaches an
  // error with the token or the Basic credentials in it. Every string an
  // error carries (body, text, content type, URL, message, stack, cause) is
  // scrubbed once, before the error leaves the client, by src/failure.ts:
  // loaded on this client's first failure only (D110). Should that chunk
  // fail to load (a browser gone offline), the error thrown carries nothing
  // a server said: only the operation, method and URL.
  let failureModule: Promise<ReturnType<typeof import('./failure.js').onFailure>> | undefined;
  const onFailure = () =>
    (failureModule ??= import('./failure.js').then(
      (f) => f.onFailure(projectId, token, classes),
      (error) => {
        failureModule = undefined; // tried again on the next failure
        throw error;
      },
    ));
  let validator: Promise<typeof import('./validate.js')> | undefined;
  const validation = () => (validator ??= import('./validate.js'));

  const client: Record<string, unknown> = { raw, baseUrl };
  for (const id of Object.keys(operationTable) as OperationId[]) {
    const { method, path, pathParams, body: takesBody, json } = operationTable[id];
    client[camelCase(id) satisfies string as CamelCase<typeof id>] = async (...args: unknown[]) => {
      // Path values, each checked before anything is sent: an id that would change the route (empty, `/`, `?`, `#`, `.`, `..`) is a TypeError.
      const pathValues = Object.fromEntries(pathParams.map((name, i) => (checkPathValue(id, name, args[i]), [name, args[i]])));
      const body = takesBody ? args[pathParams.length] : undefined;
      const call = (args[pathParams.length + +takesBody] ?? {}) as CallOptions<typeof id>;
      const params = { path: pathValues, query: call.query };
      // The URL errors carry (without the query): the path filled in as openapi-fetch fills it (each value percent-encoded).
      const at = { operationId: id, method, url: baseUrl + defaultPathSerializer(path, params.path) };
      checkQuery(id, call.query);
      // `null` (from JavaScript) is taken as left out, as `undefined` is: the client's choice stands.
      const retry = (call.retry ?? options.retry) === false ? undefined : resolveRetry(options.retry, call.retry);

      // The timeout covers the whole call: every attempt, every body, every
      // wait between attempts. A caller gets an answer within timeoutMs,
      // however the server behaves.
      const timeoutMs = resolveTimeout(call.timeoutMs, defaultTimeout);
      const timer = timeoutMs > 0 ? startTimeout(timeoutMs) : undefined; // AbortSignal.timeout, cleared when done
      const timeout = timer?.signal;
      // Never the caller's own signal itself: fetch leaves a listener on the
      // signal it is given, and a long-lived one would gather one per request.
      // AbortSignal.any adds none to its sources.
      const signal = call.signal ? AbortSignal.any(timeout ? [timeout, call.signal] : [call.signal]) : timeout;
      const deadline = Date.now() + (timeoutMs || Infinity);
      // POST and PATCH are not idempotent: a retried create may create twice.
      const attempts = retry && (IDEMPOTENT.includes(method) || retry.retryNonIdempotent) ? retry.maxAttempts : 1;

      const run = async () => {
        if (options.validateRequests && takesBody) {
          const errors = (await validation()).validateRequest(method, path, body);
          if (errors) throw (await onFailure()).requestInvalid(at, errors);
        }
        // A body JSON cannot serialize (a BigInt, a cycle) fails here, before
        // anything is sent: a plain SignalWireError (the final catch), not a
        // network error, which is what the serializer's throw inside the send became.
        if (takesBody) JSON.stringify(body);
        for (let attempt = 1; ; attempt++) {
          // Aborted already (before the call, or while validation loaded): nothing is handed to fetch,
          // not even to a custom one that would ignore the signal.
          signal?.throwIfAborted();
          let sent: Sent | undefined;
          let thrown: unknown;
          let errors: Violations | undefined;
          try {
            // parseAs text: we tell an empty or non-JSON body from JSON ourselves.
            sent = (await send(method, path, { params, body, signal, headers: call.headers, parseAs: 'text' })) as Sent;
          } catch (error) {
            if (signal?.aborted) throw error;
            thrown = error;
          }
          if (sent?.response.ok) {
            if (!json) return undefined;
            // JSON, and (with validateResponses) a body that fits the spec: the result. Anything else fails, below.
            const data = parseJson(sent.data as string | undefined);
            if (data !== undefined && !(options.validateResponses && (errors = (await validation()).validateResponse(method, path, sent.response.status, data)))) return data;
          }
          // Which error, and whether and when to retry: decided by the failure chunk (D110, D111).
          const [failure, delay] = (await onFailure()).attempt(at, sent, thrown, errors, maxResponseBytes, retry, attempt, attempts);
          // Not retryable, the last attempt, or a wait the timeout would cut short: answer now, with the real failure.
          if (delay === undefined || Date.now() + delay >= deadline) throw failure;
          await retry!.sleep(delay, signal);
        }
      };

      try {
        return await abortable(run(), signal);
      } catch (error) {
        // The caller's own abort rejects with the caller's reason, as fetch does (and without waiting for the failure chunk).
        if (!(error instanceof SignalWireError) && !timeout?.aborted && call.signal?.aborted && error === call.signal.reason) throw error;
        // A timeout carries nothing a server said (operation, method, URL, timeoutMs): nothing to scrub, so it
        // does not wait for the failure chunk, whose load may itself hang (a stalled network).
        if (timeout?.aborted && !(error instanceof SignalWireError)) throw new SignalWireTimeoutError({ ...at, timeoutMs });
        const failed = await onFailure().catch(() => {
          throw new SignalWireError(`${id} failed (and src/failure.ts did not load)`, at);
        });
        throw failed.settle(at, error);
      } finally {
        timer?.stop();
      }
    };
  }
  return client as unknown as SipClient;
}
