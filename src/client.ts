// createSipClient: the raw typed openapi-fetch client plus one function per
// operationId of the spec, with Basic auth, a base URL from the space name,
// timeouts, and typed errors thrown for every non-2xx answer.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { operations, type OperationId } from '../generated/operations.js';
import { SignalWireApiError, SignalWireNetworkError, SignalWireTimeoutError } from './errors.js';
import type { CallOptions, CamelCase, OperationFunctions } from './types.js';
import { createSender, startTimeout } from './send.js';

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
  /** Default timeout of every call, in milliseconds (default 30 000; 0 disables it). */
  timeoutMs?: number;
}

export type SipClient = OperationFunctions & {
  /** The openapi-fetch client, typed by the spec's `paths`, with auth applied. */
  readonly raw: Client<paths>;
  /** The base URL requests go to. */
  readonly baseUrl: string;
};

const SPACE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DEFAULT_TIMEOUT_MS = 30_000;

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
  return url.toString().replace(/\/+$/, '');
}

const camelCase = (id: string) => id.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function createSipClient(options: SipClientOptions): SipClient {
  if (!options.projectId || !options.token) throw new TypeError('createSipClient: `projectId` and `token` are required.');
  const baseUrl = resolveBaseUrl(options);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Auth as a default header rather than middleware (basicAuth): the same
  // header, and a call's own Authorization header still wins, without a
  // middleware pass per call. `send` is raw.request minus openapi-fetch's
  // per-call Request when nothing can observe it (src/send.ts, BENCHMARKS.md).
  const headers = { Authorization: basicAuthHeader(options.projectId, options.token) };
  const raw = createClient<paths>({ baseUrl, fetch: options.fetch, headers });
  const send = createSender(raw, { baseUrl, headers, fetch: options.fetch });

  const client: Record<string, unknown> = { raw, baseUrl };
  for (const id of Object.keys(operations) as OperationId[]) {
    const { method, path, pathParams, body: takesBody } = operations[id];
    client[camelCase(id) satisfies string as CamelCase<typeof id>] = async (...args: unknown[]) => {
      const pathValues = args.slice(0, pathParams.length) as string[];
      const body = takesBody ? args[pathParams.length] : undefined;
      const call = (args[pathParams.length + (takesBody ? 1 : 0)] ?? {}) as CallOptions<typeof id>;
      const url = baseUrl + path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathValues[pathParams.indexOf(name as never)]));
      const timeoutMs = call.timeoutMs ?? defaultTimeout;
      const timer = timeoutMs > 0 ? startTimeout(timeoutMs) : undefined; // AbortSignal.timeout, cleared when done
      const timeout = timer?.signal;
      const signal = timeout && call.signal ? AbortSignal.any([timeout, call.signal]) : (timeout ?? call.signal);
      const params = { path: Object.fromEntries(pathParams.map((name, i) => [name, pathValues[i]])), query: call.query };
      let result;
      try {
        result = await send(method, path, { params, body, signal, headers: call.headers });
      } catch (error) {
        if (timeout?.aborted) throw new SignalWireTimeoutError({ operationId: id, method, url, timeoutMs });
        if (call.signal?.aborted) throw error;
        throw new SignalWireNetworkError({ operationId: id, method, url, cause: error });
      } finally {
        timer?.stop();
      }
      const { data, error, response } = result as { data?: unknown; error?: unknown; response: Response };
      if (!response.ok) throw new SignalWireApiError({ operationId: id, method, url, status: response.status, body: error });
      return data;
    };
  }
  return client as SipClient;
}
