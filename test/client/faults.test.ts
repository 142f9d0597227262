// The client against a loopback server that misbehaves on purpose: slow
// answers, 429 and 503 with and without Retry-After, garbage and empty
// bodies, closed sockets, nothing listening. Waits between retries go through
// an injected sleep that records the delay and returns at once, so no test
// here waits on a real clock for more than a few tens of milliseconds.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { listenLoopback, unusedPortUrl, type Loopback } from '../support/loopback.js';
import { getEventListeners } from 'node:events';
import {
  createSipClient,
  SignalWireApiError,
  SignalWireEmptyBodyError,
  SignalWireError,
  SignalWireNetworkError,
  SignalWireNonJsonError,
  SignalWireTimeoutError,
  type RetryOptions,
  type SipClientOptions,
} from '../../src/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Hit = { method: string; url: string; at: number };

const TOKEN = 'PT-fault-token-9f8e7d6c5b4a';
const PROJECT = 'b1f2c3d4-0000-4000-8000-000000000002';
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const ENDPOINT = { id: ID, username: 'desk' };

let loopback: Loopback | undefined;
let baseUrl: string;
let refusedUrl: string;
let hits: Hit[];
let script: Handler[];
// Requests carry the test they belong to: one still in flight from an
// earlier test (a timed-out one, say) is not counted as a hit of this one.
let testId = 0;
const timers = new Set<NodeJS.Timeout>();

// The server answers the n-th request with script[n], the last one repeating.
beforeAll(async () => {
  loopback = await listenLoopback((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.headers['x-test'] !== String(testId)) return void res.writeHead(410).end();
      hits.push({ method: req.method!, url: req.url!, at: Date.now() });
      script[Math.min(hits.length - 1, script.length - 1)](req, res);
    });
  });
  baseUrl = loopback.baseUrl;
  refusedUrl = await unusedPortUrl();
  // Node loads its fetch on first use: do that here, not inside a 60 ms timeout.
  script = [json(200, {})];
  hits = [];
  await (await fetch(baseUrl, { headers: { 'x-test': String(testId) } })).text();
});
afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  await loopback?.close();
});
beforeEach(() => {
  testId++;
  hits = [];
  script = [json(200, ENDPOINT)];
});
afterEach(() => {
  for (const t of timers) clearTimeout(t);
  timers.clear();
  vi.useRealTimers();
});

const later = (ms: number, fn: () => void) => timers.add(setTimeout(fn, ms));
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const text = (status: number, body: string, type = 'text/html'): Handler => (_req, res) => res.writeHead(status, { 'content-type': type }).end(body);
const empty = (status: number): Handler => (_req, res) => res.writeHead(status).end();
const destroy: Handler = (req) => req.socket.destroy();

// Every wait the client asks for, recorded instead of slept.
let delays: number[];
beforeEach(() => (delays = []));
const fakeSleep: RetryOptions = { sleep: async (ms) => void delays.push(ms), random: () => 0.5 };

// Adds this test's id to every request, then hands it to `inner`.
const tagged = (inner: typeof fetch = fetch) => ((request: Request) => (request.headers.set('x-test', String(testId)), inner(request))) as typeof fetch;
function client(options: Partial<SipClientOptions> = {}) {
  const retry = options.retry === false ? false : { ...fakeSleep, ...options.retry };
  return createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, ...options, fetch: tagged(options.fetch), retry });
}
const failure = (promise: Promise<unknown>) => promise.then(
  (value) => expect.unreachable(`resolved with ${JSON.stringify(value)}`),
  (error: unknown) => error,
);

describe('timeouts', { timeout: 5_000 }, () => {
  it('end a call whose headers are late with a typed error, and do not retry it', async () => {
    script = [(_req, res) => later(3_000, () => json(200, ENDPOINT)(_req, res))];
    const started = Date.now();
    const error = await failure(client().getSipCredential(ID, { timeoutMs: 60 }));
    expect(error).toBeInstanceOf(SignalWireTimeoutError);
    expect(error).toMatchObject({ name: 'SignalWireTimeoutError', timeoutMs: 60, operationId: 'get_sip_credential', method: 'GET', url: `${baseUrl}/api/fabric/resources/sip_endpoints/${ID}` });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(hits.length).toBeLessThanOrEqual(1); // 0 if the machine is slow enough to time out before the server reads it
    expect(delays).toEqual([]);
  });

  it('end a call whose body is slow to arrive after the headers', async () => {
    script = [
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":');
        later(3_000, () => res.end(`"${ID}"}`));
      },
    ];
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 60 }).retrieveSipEndpoint(ID));
    expect(error).toBeInstanceOf(SignalWireTimeoutError);
    expect((error as SignalWireTimeoutError).timeoutMs).toBe(60);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('hold even when the fetch given to the client ignores the abort signal', async () => {
    const stuck = (() => new Promise<Response>(() => {})) as typeof fetch;
    const error = await failure(client({ fetch: stuck, timeoutMs: 40 }).listSipEndpoints());
    expect(error).toBeInstanceOf(SignalWireTimeoutError);
  });

  it('cover the whole call, every attempt included, not each attempt alone', async () => {
    // Each answer takes 30 ms; a timeout per attempt would let all 10 attempts run.
    script = [(req, res) => later(30, () => empty(503)(req, res))];
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 150, retry: { maxAttempts: 10, random: () => 0 } }).listSipCredentials());
    // The timer ends it (a timeout), or, on a loaded machine whose timer fires
    // late, the deadline check before the next attempt does (the last 503):
    // either way well before the 10 attempts a per-attempt timeout would allow.
    expect([SignalWireTimeoutError, SignalWireApiError]).toContain((error as object).constructor);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(hits.length).toBeLessThanOrEqual(5);
    expect(delays.length).toBeLessThanOrEqual(5);
  });

  it('answer at once with the real failure when the next wait would outlast the deadline', async () => {
    script = [json(503, { error: 'Service Unavailable' }, { 'retry-after': '30' })];
    const error = await failure(client({ timeoutMs: 3_000 }).listSipCredentials());
    expect(error).toBeInstanceOf(SignalWireApiError);
    expect((error as SignalWireApiError).status).toBe(503);
    expect(hits).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('leave a call aborted by the caller as the caller aborted it, even between attempts', async () => {
    script = [empty(503)];
    const controller = new AbortController();
    const sleep = async (ms: number) => {
      delays.push(ms);
      controller.abort(new Error('caller gave up'));
    };
    const error = await failure(client({ retry: { sleep } }).listSipCredentials({ signal: controller.signal }));
    expect(error).not.toBeInstanceOf(SignalWireError);
    expect((error as Error).message).toBe('caller gave up');
    expect(hits).toHaveLength(1);
  });
});

describe('timeout and signal options (attack-client)', { timeout: 5_000 }, () => {
  // Each of these used to time out at once (setTimeout fires at 1 ms past 2^31 - 1),
  // never (negative, NaN, null), or after a string's number of ms.
  it.each([
    ['negative', -5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['longer than setTimeout can wait', 2 ** 31],
    ['a string', '10'],
    ['null', null],
  ] as const)('refuse a timeoutMs that is %s with a TypeError, per client at creation and per call before sending', async (_what, value) => {
    expect(() => createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, timeoutMs: value as number })).toThrow(/timeoutMs/);
    const error = await failure(client().getSipCredential(ID, { timeoutMs: value as number }));
    expect(error).toBeInstanceOf(TypeError);
    expect(hits).toHaveLength(0);
  });

  it.each([0, 2 ** 31 - 1, undefined])('accept a timeoutMs of %s', async (value) => {
    await expect(client({ timeoutMs: value }).getSipCredential(ID, { timeoutMs: value })).resolves.toEqual(ENDPOINT);
    expect(hits).toHaveLength(1);
  });

  it.each([
    ['the global fetch', undefined],
    ['a custom fetch that ignores the signal', (async () => new Response(JSON.stringify(ENDPOINT), { headers: { 'content-type': 'application/json' } })) as typeof fetch],
  ] as const)('hand nothing to %s when the caller\'s signal is already aborted', async (_what, inner) => {
    let calls = 0;
    const counting = (async (...args: Parameters<typeof fetch>) => (calls++, (inner ?? fetch)(...args))) as typeof fetch;
    const controller = new AbortController();
    controller.abort(new Error('gone before the call'));
    for (const validateRequests of [false, true]) {
      const c = client({ fetch: counting, validateRequests });
      const error = await failure(c.updateSipCredential(ID, { caller_id: 'Desk' }, { signal: controller.signal }));
      expect((error as Error).message).toBe('gone before the call');
    }
    expect(calls).toBe(0);
    expect(hits).toHaveLength(0);
  });
});

describe('retries', { timeout: 5_000 }, () => {
  it.each([
    ['GET', (c: ReturnType<typeof client>) => c.getSipCredential(ID)],
    ['PUT', (c: ReturnType<typeof client>) => c.updateSipEndpoint(ID, { call_handler: 'relay_connector' })],
    ['DELETE', (c: ReturnType<typeof client>) => c.deleteSipEndpoint(ID)],
  ] as const)('retry %s after a 503, then return the 2xx', async (method, call) => {
    script = [json(503, { error: 'Service Unavailable' }), method === 'DELETE' ? empty(204) : json(200, ENDPOINT)];
    const result = await call(client());
    expect(result).toEqual(method === 'DELETE' ? undefined : ENDPOINT);
    expect(hits.map((h) => h.method)).toEqual([method, method]);
    // Full jitter: random() × baseDelayMs × 2^0, with random() = 0.5 and the default base of 200 ms.
    expect(delays).toEqual([100]);
  });

  it.each([429, 502, 503, 504])('retry a GET on %i', async (status) => {
    script = [empty(status), json(200, ENDPOINT)];
    await expect(client().retrieveSipEndpoint(ID)).resolves.toEqual(ENDPOINT);
    expect(hits).toHaveLength(2);
  });

  it.each([400, 401, 404, 422, 500])('do not retry a GET on %i', async (status) => {
    script = [json(status, { error: 'no' }), json(200, ENDPOINT)];
    const error = await failure(client().retrieveSipEndpoint(ID));
    expect(error).toBeInstanceOf(SignalWireApiError);
    expect((error as SignalWireApiError).status).toBe(status);
    expect(hits).toHaveLength(1);
  });

  it('give up after maxAttempts with the last answer, backing off exponentially up to maxDelayMs', async () => {
    script = [json(503, { error: 'Service Unavailable' })];
    const error = await failure(client({ retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 300 } }).listSipEndpoints());
    expect(error).toBeInstanceOf(SignalWireApiError);
    expect(error).toMatchObject({ status: 503, body: { error: 'Service Unavailable' }, message: 'list_sip_endpoints failed with HTTP 503: Service Unavailable' });
    expect(hits).toHaveLength(6);
    expect(delays).toEqual([50, 100, 150, 150, 150]);
  });

  it('draw each wait from [0, cap) with the injected random source (full jitter)', async () => {
    script = [empty(503)];
    const draws = [0, 0.999, 0.25];
    await failure(client({ retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, random: () => draws.shift()! } }).listSipEndpoints());
    expect(delays).toEqual([0, 199.8, 100]);
  });

  it('honour Retry-After in seconds', async () => {
    script = [json(429, { error: 'Too Many Requests' }, { 'retry-after': '2' }), json(200, ENDPOINT)];
    await expect(client().getSipCredential(ID)).resolves.toEqual(ENDPOINT);
    expect(hits).toHaveLength(2);
    expect(delays).toEqual([2_000]);
  });

  it('honour Retry-After as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-23T12:00:00Z') });
    script = [json(429, { error: 'Too Many Requests' }, { 'retry-after': 'Mon, 23 Nov 2026 12:00:07 GMT' }), json(200, ENDPOINT)];
    await expect(client().getSipCredential(ID)).resolves.toEqual(ENDPOINT);
    expect(delays).toEqual([7_000]);
  });

  it('wait no longer than maxRetryAfterMs, and not at all for a date in the past', async () => {
    const headers = ['3600', 'Thu, 01 Jan 1970 00:00:00 GMT', 'soon'];
    script = headers.map((h) => (_req: IncomingMessage, res: ServerResponse) => res.writeHead(503, { 'retry-after': h }).end());
    await failure(client({ retry: { maxAttempts: 4, maxRetryAfterMs: 1_500 } }).listSipEndpoints());
    // 3600 s cut to the cap; a past date is 0; an unreadable value falls back to the backoff (0.5 × 200 × 2²).
    expect(delays).toEqual([1_500, 0, 400]);
  });

  // Date.parse reads `-5` as May 2001 and `1.5` as 5 January 2001: a past date, so an immediate retry.
  it.each(['-5', '1.5', '0x10', '1e3', '3 s', 'soon', 'Monday', '2026-11-23T12:00:07Z'])('fall back to the backoff for Retry-After %j, which is neither delta-seconds nor an HTTP date', async (header) => {
    script = [json(429, { error: 'Too Many Requests' }, { 'retry-after': header }), json(200, ENDPOINT)];
    await expect(client().getSipCredential(ID)).resolves.toEqual(ENDPOINT);
    expect(delays).toEqual([100]); // 0.5 × 200 ms, the first backoff
  });

  it.each([
    ['IMF-fixdate', 'Mon, 23 Nov 2026 12:00:07 GMT'],
    ['RFC 850', 'Monday, 23-Nov-26 12:00:07 GMT'],
    ['asctime (GMT)', 'Mon Nov 23 12:00:07 2026'],
    ['delta-seconds with spaces around', ' 7 '],
  ])('read a Retry-After in the %s form', async (_form, header) => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-23T12:00:00Z') });
    script = [json(429, { error: 'Too Many Requests' }, { 'retry-after': header }), json(200, ENDPOINT)];
    await expect(client({ retry: { maxRetryAfterMs: 600_000 } }).getSipCredential(ID)).resolves.toEqual(ENDPOINT);
    expect(delays).toEqual([7_000]);
  });

  it('never retry a POST by default, even on 503', async () => {
    script = [json(503, { error: 'Service Unavailable' }), json(201, ENDPOINT)];
    const error = await failure(client().createSipCredential({ username: 'desk', password: 'pw' }));
    expect(error).toBeInstanceOf(SignalWireApiError);
    expect((error as SignalWireApiError).status).toBe(503);
    expect(hits.map((h) => h.method)).toEqual(['POST']);
    expect(delays).toEqual([]);
  });

  it('retry a POST when the client opts in', async () => {
    script = [json(503, { error: 'Service Unavailable' }), json(201, ENDPOINT)];
    await expect(client({ retry: { retryNonIdempotent: true } }).createSipCredential({ username: 'desk', password: 'pw' })).resolves.toEqual(ENDPOINT);
    expect(hits.map((h) => h.method)).toEqual(['POST', 'POST']);
  });

  it('retry a POST when one call opts in', async () => {
    script = [json(503, { error: 'Service Unavailable' }), json(201, ENDPOINT)];
    const c = client();
    await expect(c.createSipEndpoint({ username: 'desk', password: 'pw' }, { retry: { retryNonIdempotent: true } })).resolves.toEqual(ENDPOINT);
    expect(hits).toHaveLength(2);
  });

  it('keep the client\'s retry: false when a call passes retry: null (JavaScript)', async () => {
    script = [empty(503), json(200, ENDPOINT)];
    const error = await failure(client({ retry: false }).getSipCredential(ID, { retry: null as never }));
    expect(error).toMatchObject({ status: 503 });
    expect(hits).toHaveLength(1);
  });

  it('turn off with retry: false, per client or per call, and back on per call', async () => {
    script = [empty(503), json(200, ENDPOINT), empty(503), empty(503), json(200, ENDPOINT)];
    expect(await failure(client({ retry: false }).getSipCredential(ID))).toBeInstanceOf(SignalWireApiError);
    expect(hits).toHaveLength(1);
    await client({ retry: false }).getSipCredential(ID); // the 200 of the script
    expect(await failure(client().getSipCredential(ID, { retry: false }))).toBeInstanceOf(SignalWireApiError);
    expect(hits).toHaveLength(3);
    const back = createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, fetch: tagged(), retry: false });
    await expect(back.getSipCredential(ID, { retry: fakeSleep })).resolves.toEqual(ENDPOINT);
    expect(hits).toHaveLength(5);
  });

  it('retry a GET whose connection the server closes, and answer with a typed network error', async () => {
    script = [destroy];
    const error = await failure(client().listSipCredentialAddresses(ID));
    expect(error).toBeInstanceOf(SignalWireNetworkError);
    expect(error).toMatchObject({ code: 'UND_ERR_SOCKET', operationId: 'list_sip_credential_addresses', method: 'GET' });
    expect((error as Error).message).toBe('list_sip_credential_addresses could not reach the server (UND_ERR_SOCKET)');
    expect(hits).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('retry a GET whose connection is closed mid-body, then return the answer', async () => {
    script = [
      (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":');
        later(5, () => req.socket.destroy());
      },
      json(200, ENDPOINT),
    ];
    await expect(client().getSipCredential(ID)).resolves.toEqual(ENDPOINT);
    expect(hits).toHaveLength(2);
  });

  it('never retry a POST whose connection was closed: the server may have created it', async () => {
    script = [destroy, json(201, ENDPOINT)];
    const error = await failure(client().createSipCredential({ username: 'desk', password: 'pw' }));
    expect(error).toBeInstanceOf(SignalWireNetworkError);
    expect((error as SignalWireNetworkError).code).toBe('UND_ERR_SOCKET');
    expect(hits).toHaveLength(1);
  });

  it('retry a refused connection for GET, then throw a network error with ECONNREFUSED', async () => {
    let calls = 0;
    const counting = ((input: Request) => (calls++, fetch(input))) as typeof fetch;
    const c = createSipClient({ baseUrl: refusedUrl, projectId: PROJECT, token: TOKEN, fetch: counting, retry: fakeSleep });
    const error = await failure(c.listSipEndpoints());
    expect(error).toBeInstanceOf(SignalWireNetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', url: `${refusedUrl}/api/relay/rest/endpoints/sip`, message: 'list_sip_endpoints could not reach the server (ECONNREFUSED)' });
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
    calls = 0;
    expect(await failure(c.createSipEndpoint({ username: 'a', password: 'b' }))).toBeInstanceOf(SignalWireNetworkError);
    expect(calls).toBe(1);
  });
});

describe('bodies', { timeout: 5_000 }, () => {
  it('turn a non-JSON error page into a typed error that keeps its text', async () => {
    script = [text(500, '<html><body>Internal Server Error</body></html>')];
    const error = await failure(client().getSipCredential(ID));
    expect(error).toBeInstanceOf(SignalWireNonJsonError);
    expect(error).toMatchObject({ status: 500, contentType: 'text/html', text: '<html><body>Internal Server Error</body></html>' });
    expect((error as Error).message).toBe('get_sip_credential answered HTTP 500 with a body that is not JSON (text/html)');
    expect(hits).toHaveLength(1);
  });

  it('cut the text of a long non-JSON body to 500 characters', async () => {
    script = [text(502, 'x'.repeat(5_000))];
    const error = (await failure(client({ retry: false }).getSipCredential(ID))) as SignalWireNonJsonError;
    expect(error).toBeInstanceOf(SignalWireNonJsonError);
    expect(error.status).toBe(502);
    expect(error.text).toBe(`${'x'.repeat(500)}…`);
  });

  it('a request body JSON cannot serialize (a BigInt, a cycle) is a plain SignalWireError before anything is sent, not a network error', async () => {
    const cycle: Record<string, unknown> = { username: 'desk' };
    cycle.self = cycle;
    // Through openapi-fetch (a custom fetch) and the direct path (none; the URL refuses connections, were anything sent).
    for (const make of [() => client(), () => createSipClient({ baseUrl: refusedUrl, projectId: PROJECT, token: TOKEN, retry: fakeSleep })]) {
      for (const [body, words] of [[{ username: 1n }, 'BigInt'], [cycle, 'circular']] as const) {
        const error = await failure(make().updateSipEndpoint(ID, body as never));
        expect(error).toBeInstanceOf(SignalWireError);
        expect(error).not.toBeInstanceOf(SignalWireNetworkError);
        expect((error as Error).message).toMatch(new RegExp(`^update_sip_endpoint failed: .*${words}`, 'i'));
      }
    }
    expect(hits).toHaveLength(0);
    expect(delays).toEqual([]);
  });

  it('retry a 503 whose body is an HTML page like any 503', async () => {
    script = [text(503, '<h1>Service Unavailable</h1>'), json(200, ENDPOINT)];
    await expect(client().getSipCredential(ID)).resolves.toEqual(ENDPOINT);
    expect(hits).toHaveLength(2);
  });

  it('refuse a 2xx whose body is not JSON', async () => {
    script = [text(200, 'OK', 'text/plain')];
    const error = await failure(client().getSipCredential(ID));
    expect(error).toBeInstanceOf(SignalWireNonJsonError);
    expect(error).toMatchObject({ status: 200, contentType: 'text/plain', text: 'OK' });
    expect(hits).toHaveLength(1);
  });

  it.each([
    ['200 to a GET', empty(200), (c: ReturnType<typeof client>) => c.getSipCredential(ID), 200],
    ['201 to a create', empty(201), (c: ReturnType<typeof client>) => c.createSipEndpoint({ username: 'a', password: 'b' }), 201],
    ['chunked 200 with no bytes', (_req: IncomingMessage, res: ServerResponse) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end()), (c: ReturnType<typeof client>) => c.listSipEndpoints(), 200],
  ] as const)('refuse an empty %s where the spec promises JSON', async (_name, handler, call, status) => {
    script = [handler];
    const error = await failure(call(client()));
    expect(error).toBeInstanceOf(SignalWireEmptyBodyError);
    expect((error as SignalWireEmptyBodyError).status).toBe(status);
    expect((error as Error).message).toMatch(new RegExp(`answered HTTP ${status} with an empty body where JSON was expected$`));
    expect(hits).toHaveLength(1);
  });

  it('accept an empty answer from an operation that promises no body', async () => {
    script = [empty(204), empty(200)];
    await expect(client().deleteSipCredential(ID)).resolves.toBeUndefined();
    await expect(client().deleteSipCredential(ID)).resolves.toBeUndefined();
  });

  it('keep a non-2xx JSON error as an API error with its parsed body', async () => {
    script = [json(404, { error: 'Not Found' })];
    const error = await failure(client().getSipCredential(ID));
    expect(error).toBeInstanceOf(SignalWireApiError);
    expect(error).toMatchObject({ status: 404, body: { error: 'Not Found' } });
  });
});

describe('retry bounds', { timeout: 10_000 }, () => {
  const UNDEFINED_EVERYWHERE: RetryOptions = { maxAttempts: undefined, baseDelayMs: undefined, maxDelayMs: undefined, maxRetryAfterMs: undefined, retryNonIdempotent: undefined };

  it.each([
    ['client', { retry: { ...fakeSleep, maxAttempts: undefined } }, undefined],
    ['call', {}, { maxAttempts: undefined }],
    ['client and call, every option undefined', { retry: { ...fakeSleep, ...UNDEFINED_EVERYWHERE } }, UNDEFINED_EVERYWHERE],
  ] as const)('keep the default of 3 attempts when an option is an explicit undefined (%s)', async (_where, options, perCall) => {
    // A 503 with Retry-After: 0 retried without a bound would loop as fast as the server answers.
    script = [json(503, { error: 'Service Unavailable' }, { 'retry-after': '0' })];
    const c = createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, fetch: tagged(), ...options, retry: { ...fakeSleep, ...(options as SipClientOptions).retry } });
    const error = await failure(c.getSipCredential(ID, perCall ? { retry: { ...perCall } } : undefined));
    expect(error).toMatchObject({ status: 503 });
    expect(hits).toHaveLength(3);
    expect(delays).toEqual([0, 0]);
  });

  it('keep every default delay when they are explicit undefined', async () => {
    script = [empty(503)];
    await failure(client({ retry: UNDEFINED_EVERYWHERE }).getSipCredential(ID));
    // random() = 0.5 × 200 ms × 2^(n-1): the defaults.
    expect(delays).toEqual([100, 200]);
  });

  it.each([
    ['maxAttempts', 0],
    ['maxAttempts', -1],
    ['maxAttempts', 1.5],
    ['maxAttempts', Number.NaN],
    ['maxAttempts', Number.POSITIVE_INFINITY],
    ['maxAttempts', 11],
    ['maxAttempts', '3'],
    ['maxAttempts', null],
    ['baseDelayMs', -1],
    ['maxDelayMs', Number.POSITIVE_INFINITY],
    ['maxRetryAfterMs', Number.NaN],
    // A delay that is not a number: '5' and null used to pass the range check (`'5' >= 0`, `null >= 0`).
    ['baseDelayMs', '5'],
    ['maxDelayMs', null],
    ['maxRetryAfterMs', true],
    ['retryPost', true],
    ['__proto__', { maxAttempts: 1e9 }],
  ] as const)('refuse %s: %s with a TypeError, per client at creation and per call before sending', async (key, value) => {
    const retry = JSON.parse(JSON.stringify({ [key]: value === undefined ? null : value })) as RetryOptions;
    if (typeof value !== 'object') Object.assign(retry, { [key]: value });
    expect(() => createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, retry })).toThrow(TypeError);
    await expect(client().getSipCredential(ID, { retry })).rejects.toThrow(TypeError);
    expect(hits).toHaveLength(0);
  });

  it('do not retry PATCH by default: a partial update is not idempotent', async () => {
    script = [json(503, { error: 'Service Unavailable' }), json(200, ENDPOINT)];
    const error = await failure(client().updateSubscriberSipCredential(ID, ID, { caller_id: 'Desk' }));
    expect(error).toMatchObject({ status: 503 });
    expect(hits.map((h) => h.method)).toEqual(['PATCH']);
  });

  it.each([
    ['PATCH', (c: ReturnType<typeof client>) => c.updateSubscriberSipCredential(ID, ID, { caller_id: 'Desk' })],
    ['POST', (c: ReturnType<typeof client>) => c.createSipCredential({ username: 'desk', password: 'pw' })],
  ] as const)('retry %s with retryNonIdempotent, the one opt-in for both', async (method, call) => {
    script = [json(503, { error: 'Service Unavailable' }), json(200, ENDPOINT)];
    await expect(call(client({ retry: { retryNonIdempotent: true } }))).resolves.toEqual(ENDPOINT);
    expect(hits.map((h) => h.method)).toEqual([method, method]);
  });

  it('leave no abort listener on a long-lived caller signal after real waits', async () => {
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 40; i++) {
        script = [json(503, {}, { 'retry-after': '0' }), json(200, ENDPOINT)];
        hits = [];
        // The real sleep (no injected one); no timeout, so the caller's signal is the one the wait listens to.
        const c = createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, fetch: tagged(), timeoutMs: 0 });
        await expect(c.getSipCredential(ID, { signal: controller.signal })).resolves.toEqual(ENDPOINT);
        expect(hits).toHaveLength(2);
      }
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('path parameters', { timeout: 5_000 }, () => {
  const BAD: Array<[string, unknown]> = [
    ['empty', ''],
    ['a slash', 'a/b'],
    ['only a slash', '/'],
    ['a question mark', `${ID}?x=1`],
    ['a hash', `${ID}#x`],
    ['a dot segment', '.'],
    ['a double dot segment', '..'],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { id: ID }],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', `${ID}\uDC00`],
    ['a reversed surrogate pair', '\uDE00\uD83D'],
  ];

  it.each(BAD)('throw a TypeError for an id that is %s, before anything is sent', async (_what, bad) => {
    const c = client();
    const calls: Array<() => Promise<unknown>> = [
      () => c.getSipCredential(bad as string),
      () => c.deleteSipCredential(bad as string),
      () => c.retrieveSipEndpoint(bad as string),
      () => c.updateSipEndpoint(bad as string, { call_handler: 'relay_connector' }),
      () => c.listSipCredentialAddresses(bad as string),
      () => c.getSubscriberSipCredential(ID, bad as string),
      () => c.deleteSubscriberSipCredential(bad as string, ID),
    ];
    for (const call of calls) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(TypeError);
      expect(String((error as Error).message)).toMatch(/path parameter `(id|fabric_subscriber_id)`/);
    }
    expect(hits).toHaveLength(0);
  });

  it.each(['abc', 'name with spaces', 'ümlaut', '%2F', 'a\\b', '...', 'constructor', '__proto__', '😀', ' ', '%', '%25', 'a..b', '..a'])('send an id such as %j encoded, as one path segment', async (id) => {
    await client().getSipCredential(id);
    expect(hits.map((h) => h.url)).toEqual([`/api/fabric/resources/sip_endpoints/${encodeURIComponent(id)}`]);
  });

  it.each([
    ['a string', '\uD800'],
    ['an array item', ['ok', 'x\uDFFF']],
  ])('throw a TypeError for a query parameter with a lone surrogate in %s, before anything is sent (not a network error)', async (_where, value) => {
    const error = await failure(client().listSipCredentials({ query: { page_size: value } as never }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/query parameter `page_size`/);
    expect(hits).toHaveLength(0);
  });
  it.each([
    ['an empty string', ''],
    ['a surrogate pair', '😀'],
    ['an array of well-formed strings', ['', 'a😀b']],
  ])('send a well-formed query value such as %s', async (_what, value) => {
    await client().listSipCredentials({ query: { page_size: value } as never });
    expect(hits).toHaveLength(1);
    const sent = new URL(hits[0].url, 'http://x').searchParams.getAll('page_size');
    expect(sent).toEqual([value].flat());
  });
});
