// The client's hot path, measured in BENCHMARKS.md (`npm run bench`).
//
// `createSender(raw, …)` returns a drop-in for `raw.request(method, path, init)`
// (same arguments, same `{ data, error, response }`) that skips openapi-fetch's
// per-call machinery when nothing can tell the difference. openapi-fetch
// builds a `Request` and calls `fetch(request)`: on Node 20 a Request with a
// body costs ~50 µs to build and ~130 µs more to send (undici pipes its body
// stream through a TransformStream), a quarter of a loopback PUT on the bench
// machine; the rest of coreFetch (option spreading, a second Headers merge, a
// query serializer per call) another ~3 %. The direct path sends
// `fetch(url, init)` with the URL, headers and body built by openapi-fetch's
// own exported helpers, then reads the answer as openapi-fetch 0.17.0 does
// (test/client/send.test.ts checks that both paths agree on the wire and in
// the result).
//
// It goes through openapi-fetch as before whenever something could observe
// the Request: a custom `fetch` (it is owed a real Request), or middleware
// added with `client.raw.use()` (from then on, every call).
import { createFinalURL, createQuerySerializer, defaultBodySerializer, defaultPathSerializer, mergeHeaders, type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';

// The path serializer both paths use, re-exported for the URL the client's errors carry (one import of it in a bundle).
export { defaultPathSerializer };

export type SendInit = {
  params: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** The one way the client reads answers: as text, which it parses itself (an empty or non-JSON body is its own error). */
  parseAs: 'text';
};
export type Sent = { data?: unknown; error?: unknown; response: Response };
export type Send = (method: string, path: string, init: SendInit) => Promise<Sent>;

/**
 * A body was refused for its size: its Content-Length says more than `limit`
 * bytes, or more than `limit` bytes (after any Content-Encoding is undone)
 * arrived. The client makes it a SignalWireResponseTooLargeError.
 */
export class BodyTooLarge extends Error {
  declare readonly status: number;
  declare readonly limit: number;
  /** The Content-Length header, when it was the reason. */
  declare readonly contentLength?: number;
  constructor(status: number, limit: number, contentLength?: number) {
    super(`HTTP ${status} body over ${limit} bytes`);
    Object.assign(this, { status, limit, contentLength });
  }
}

/** Statuses whose answers carry no body (RFC 9110): their Content-Length is not this answer's. */
const NULL_BODY_STATUS = [101, 204, 205, 304];

/**
 * The body of `response` as text (UTF-8, as Response.text() decodes it),
 * read at most `limit` bytes far: a Content-Length over `limit` is refused
 * before reading, and a body that goes past `limit` while it streams (chunked,
 * endless, or a small gzip that inflates) is cancelled at once, which closes
 * the connection. Either way it throws BodyTooLarge. Memory held: at most
 * `limit` bytes plus one chunk.
 */
export async function readText(response: Response, limit: number): Promise<string> {
  // 204, 205 and 304 have no body (RFC 9110 §15.3.5, §15.3.6, §15.4.5), nor has an answer to HEAD (§9.3.2):
  // a Content-Length there describes the resource, not this answer, and is not a reason to refuse it.
  const reader = NULL_BODY_STATUS.includes(response.status) ? undefined : response.body?.getReader();
  if (!reader) return '';
  const length = Number(response.headers.get('Content-Length'));
  const decoder = new TextDecoder();
  let text = '';
  for (let received = 0; ; ) {
    // Refused before reading when its Content-Length says so, else as soon as more than `limit` bytes arrived.
    if (length > limit || received > limit) {
      void reader.cancel().catch(() => {});
      throw new BodyTooLarge(response.status, limit, received ? undefined : length);
    }
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * `fetch` with its answers' bodies read through readText (so capped at
 * `limit` bytes) before anyone sees them: what openapi-fetch is given, so
 * that `client.raw` calls, custom fetches and middleware get the cap too.
 */
export const cappedFetch =
  (fetch: typeof globalThis.fetch, limit: number): typeof globalThis.fetch =>
  async (input, init) => {
    const response = await fetch(input, init);
    // An answer to HEAD has no body; its Content-Length is the GET's (RFC 9110 §9.3.2).
    const head = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase() === 'HEAD';
    const text = head ? '' : await readText(response, limit);
    // No body where the answer has none (204, 205, 304, HEAD): the Response constructor refuses one for those statuses.
    return new Response(head || NULL_BODY_STATUS.includes(response.status) ? null : text, response);
  };

export function createSender(
  raw: Client<paths>,
  { baseUrl, headers: baseHeaders, fetch: customFetch, maxResponseBytes = Infinity }: { baseUrl: string; headers: Record<string, string>; fetch?: typeof globalThis.fetch; maxResponseBytes?: number },
): Send {
  const viaOpenapiFetch: Send = (method, path, init) => raw.request(method as never, path as never, init as never) as Promise<Sent>;
  if (customFetch) return viaOpenapiFetch;
  let middleware = false;
  const use = raw.use;
  raw.use = (...added) => {
    middleware = true;
    use(...added);
  };
  const fetch = globalThis.fetch; // captured at creation, as openapi-fetch does
  const querySerializer = createQuerySerializer();

  return async (method, path, init) => {
    if (middleware) return viaOpenapiFetch(method, path, init);
    const { params, body, signal, headers } = init;
    // The request, as openapi-fetch's coreFetch builds it.
    const serializedBody = body === undefined ? undefined : (defaultBodySerializer as (body: unknown, headers?: Headers) => string | FormData)(body, headers && mergeHeaders(baseHeaders, headers));
    const url = createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer: defaultPathSerializer });
    const contentType = serializedBody === undefined || serializedBody instanceof FormData ? {} : { 'Content-Type': 'application/json' };
    // (openapi-fetch also passes redirect: 'follow', fetch's default.)
    const response = await fetch(url, { signal, method, body: serializedBody, headers: mergeHeaders(contentType, baseHeaders, headers) });
    // The answer, as coreFetch reads it with parseAs 'text': nothing for 204,
    // HEAD or an empty body; else the text (capped here); a failure's text
    // parsed as JSON when it is JSON.
    const length = response.headers.get('Content-Length');
    let value: unknown;
    if (response.status === 204 || method === 'HEAD' || (length === '0' && !response.headers.get('Transfer-Encoding')?.includes('chunked'))) value = undefined;
    else {
      value = await readText(response, maxResponseBytes);
      if (!response.ok)
        try {
          value = JSON.parse(value as string);
        } catch {
          // not JSON: the text as it is
        }
    }
    return { [response.ok ? 'data' : 'error']: value, response };
  };
}

/**
 * An AbortSignal that aborts after `ms` as AbortSignal.timeout(ms) does (same
 * TimeoutError reason; its timer never keeps Node running by itself), with a
 * `stop()` that clears the timer once the call is over. AbortSignal.timeout's
 * timer lives for the whole timeout (30 s by default) and is tracked by a
 * WeakRef and a FinalizationRegistry, garbage that costs several % of a
 * loopback call under sustained use (BENCHMARKS.md).
 */
export function startTimeout(ms: number): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const id = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  (id as { unref?: () => void }).unref?.(); // Node; browsers return a number
  return { signal: controller.signal, stop: () => clearTimeout(id) };
}
