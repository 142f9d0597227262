// maxResponseBytes: no answer, however large or endless, grows the client's
// memory past the limit. Every kind of oversized body against a loopback
// server: announced by Content-Length, streamed without one (and never
// ending), gzip that inflates, an error status; exactly at the limit passes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLoopback, type Loopback } from '../support/loopback.js';
import { createSipClient, SignalWireError, SignalWireResponseError, SignalWireResponseTooLargeError, type SipClientOptions } from '../../src/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/client.js';

const LIMIT = 1000;
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
/** A JSON body of exactly `bytes` bytes. */
const jsonOf = (bytes: number) => {
  const shell = JSON.stringify({ data: [], links: {}, pad: '' });
  return JSON.stringify({ data: [], links: {}, pad: 'x'.repeat(bytes - shell.length) });
};

let loopback: Loopback | undefined;
/** Per route: whether the server saw the client close the connection before the body ended. */
const closedEarly = new Map<string, boolean>();
const timers = new Set<NodeJS.Timeout>();

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  atLimit: (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(LIMIT) }).end(jsonOf(LIMIT)),
  overByOne: (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(LIMIT + 1) }).end(jsonOf(LIMIT + 1)),
  atLimitChunked: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const body = jsonOf(LIMIT);
    res.write(body.slice(0, 500));
    res.end(body.slice(500));
  },
  // Announces 50 MB, sends a little, then waits: only the header can have refused it.
  contentLength: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50_000_000) });
    res.write('{"data":[');
  },
  // Chunked and endless: a chunk every 2 ms until the client hangs up (at most 5 s).
  endless: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":[');
    const timer = setInterval(() => res.write('"0123456789abcdef0123456789abcdef",'), 2);
    timers.add(timer);
    setTimeout(() => clearInterval(timer), 5000).unref();
  },
  // 200 kB of JSON gzipped to a few hundred bytes: under the limit on the wire, over it once inflated.
  gzip: (_req, res) => {
    const zipped = gzipSync(jsonOf(200_000));
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(zipped.length) }).end(zipped);
  },
  error500: (_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<p>'.repeat(2000)),
  // No body by definition (a 304, an answer to HEAD), with the Content-Length of the resource's representation.
  bodyless: (req, res) => res.writeHead(req.method === 'HEAD' ? 200 : 304, { 'content-type': 'application/json', 'content-length': String(50_000_000), etag: '"x"' }).end(),
};

beforeAll(async () => {
  loopback = await listenLoopback((req, res) => {
    const name = req.headers['x-route'] as string;
    closedEarly.set(name, false);
    res.on('close', () => closedEarly.set(name, !res.writableFinished));
    routes[name](req, res);
  });
});
afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  await loopback?.close();
});

const make = (options: Partial<SipClientOptions> = {}) =>
  createSipClient({ baseUrl: loopback!.baseUrl, projectId: 'p', token: 'PT-limits-0123456789', maxResponseBytes: LIMIT, retry: false, ...options });
const route = (name: keyof typeof routes) => ({ headers: { 'x-route': name } });
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call succeeded'), (e: unknown) => e);
const waitFor = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('maxResponseBytes', () => {
  it('reads a body of exactly the limit, whole or in chunks', async () => {
    for (const name of ['atLimit', 'atLimitChunked'] as const) {
      const list = (await make().listSipCredentials(route(name))) as unknown as { pad: string };
      expect(list.pad.length).toBe(LIMIT - JSON.stringify({ data: [], links: {}, pad: '' }).length);
    }
  });

  const cases: Array<[string, keyof typeof routes, number, number | undefined]> = [
    ['one byte over, with its Content-Length', 'overByOne', 200, LIMIT + 1],
    ['a Content-Length of 50 MB (refused before reading)', 'contentLength', 200, 50_000_000],
    ['a chunked body that never ends', 'endless', 200, undefined],
    ['a gzip body that inflates past the limit', 'gzip', 200, undefined],
    ['an error status with a large page', 'error500', 500, undefined],
  ];
  it.each(cases)('%s: SignalWireResponseTooLargeError, the connection closed', async (_name, name, status, contentLength) => {
    const error = (await failure(make().listSipCredentials(route(name)))) as SignalWireResponseTooLargeError;
    expect(error).toBeInstanceOf(SignalWireResponseTooLargeError);
    expect(error).toBeInstanceOf(SignalWireResponseError);
    expect(error).toBeInstanceOf(SignalWireError);
    expect(error.name).toBe('SignalWireResponseTooLargeError');
    expect(error.status).toBe(status);
    expect(error.maxResponseBytes).toBe(LIMIT);
    expect(error.contentLength).toBe(contentLength);
    expect(error.operationId).toBe('list_sip_credentials');
    expect(error.message).toBe(`list_sip_credentials answered HTTP ${status} with a body over maxResponseBytes (${LIMIT} bytes)`);
    if (name === 'endless' || name === 'contentLength') {
      await waitFor(() => closedEarly.get(name) === true);
      expect(closedEarly.get(name)).toBe(true);
    }
  });

  it('is never retried, even on a status that is', async () => {
    let calls = 0;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      return new Response('x'.repeat(LIMIT + 1), { status: 503 });
    }) as typeof globalThis.fetch;
    const error = await failure(make({ fetch, retry: { sleep: async () => {} } }).getSipCredential(ID));
    expect(error).toBeInstanceOf(SignalWireResponseTooLargeError);
    expect(calls).toBe(1);
  });

  it('caps a custom fetch, middleware and client.raw too', async () => {
    const custom = make({ fetch: (input, init) => globalThis.fetch(input, init) });
    expect(await failure(custom.listSipCredentials(route('endless')))).toBeInstanceOf(SignalWireResponseTooLargeError);
    const withMiddleware = make();
    withMiddleware.raw.use({ onRequest: () => undefined });
    expect(await failure(withMiddleware.listSipCredentials(route('gzip')))).toBeInstanceOf(SignalWireResponseTooLargeError);
    const raw = await failure(make().raw.GET('/api/fabric/resources/sip_endpoints', route('overByOne')));
    expect(String((raw as Error).message)).toBe(`HTTP 200 body over ${LIMIT} bytes`);
  });

  it("does not refuse an answer without a body (304, HEAD) for the resource's Content-Length", async () => {
    const notModified = (await failure(make().listSipCredentials({ headers: { 'x-route': 'bodyless', 'if-none-match': '"x"' } }))) as SignalWireError;
    expect(notModified).not.toBeInstanceOf(SignalWireResponseTooLargeError);
    expect(notModified).toMatchObject({ name: 'SignalWireApiError', status: 304, body: undefined });
    const path = '/api/fabric/resources/sip_endpoints';
    // client.raw: a HEAD (no such operation in the spec, so untyped) and a conditional GET, through the capped fetch.
    const head = await (make().raw as any).HEAD(path, route('bodyless'));
    expect([head.response.status, head.data, head.error]).toEqual([200, undefined, undefined]);
    const get = await make().raw.GET(path, { headers: { 'x-route': 'bodyless', 'if-none-match': '"x"' } });
    expect([get.response.status, get.response.headers.get('etag')]).toEqual([304, '"x"']);
  });

  it('defaults to 10 MiB, also for an explicit undefined', async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(10 * 1024 * 1024);
    const error = (await failure(make({ maxResponseBytes: undefined }).listSipCredentials(route('contentLength')))) as SignalWireResponseTooLargeError;
    expect(error.maxResponseBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(error.contentLength).toBe(50_000_000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1000', null, true])('refuses maxResponseBytes %s at createSipClient', (value) => {
    expect(() => make({ maxResponseBytes: value as number })).toThrow(TypeError);
    expect(() => make({ maxResponseBytes: value as number })).toThrow(/maxResponseBytes/);
  });
});
