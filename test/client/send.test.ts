// The client's direct path (src/send.ts) against openapi-fetch's own
// raw.request: the same request on the wire and the same result, for every
// kind of answer openapi-fetch distinguishes; and openapi-fetch again as soon
// as a middleware or a custom fetch could observe the Request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../generated/schema.js';
import { createSender, startTimeout, type SendInit } from '../../src/send.js';
import { createSipClient } from '../../src/index.js';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
type Reply = (res: ServerResponse) => void;

const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const AUTH = `Basic ${btoa('project:token')}`;
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let reply: Reply = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** What the server saw, minus what differs between any two connections. */
const wire = (s: Seen) => {
  const { connection, 'keep-alive': _, ...headers } = s.headers;
  return { ...s, headers };
};
/** A result with its Response reduced to what callers read. */
const view = async ({ data, error, response }: { data?: unknown; error?: unknown; response: Response }) => ({
  data: data instanceof ReadableStream ? await new Response(data).text() : data,
  error,
  status: response.status,
  ok: response.ok,
  contentType: response.headers.get('content-type'),
});

/** Sends `init` through the direct path and through raw.request; returns both sides. */
async function both(method: string, path: string, given: Omit<SendInit, 'parseAs'>) {
  const init: SendInit = { ...given, parseAs: 'text' }; // the one way the client reads answers
  const headers = { Authorization: AUTH };
  const raw = createClient<paths>({ baseUrl, headers });
  const direct = createSender(raw, { baseUrl, headers });
  const viaOpenapiFetch = createSender(createClient<paths>({ baseUrl, headers, fetch: (r) => fetch(r) }), { baseUrl, headers, fetch: (r) => fetch(r) });
  seen = [];
  const a = await view(await direct(method, path, init));
  const b = await view(await viaOpenapiFetch(method, path, init));
  expect(seen).toHaveLength(2);
  return { direct: { result: a, request: wire(seen[0]) }, openapiFetch: { result: b, request: wire(seen[1]) } };
}

const json = (status: number, body: unknown): Reply => (res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('the direct path sends and reads exactly as openapi-fetch', () => {
  const cases: Array<[string, Reply, string, string, Omit<SendInit, 'parseAs'>]> = [
    ['GET with a query and extra headers', json(200, { links: {}, data: [] }), 'GET', '/api/relay/rest/endpoints/sip', { params: { query: { filter_username: 'desk 1', page_size: 10 } }, headers: { Prefer: 'code=200' } }],
    ['PUT with a body and a path parameter', json(200, { id: ID }), 'PUT', '/api/relay/rest/endpoints/sip/{id}', { params: { path: { id: ID } }, body: { call_handler: 'relay_context', call_relay_context: 'office' } }],
    ['a path parameter that needs encoding', json(200, {}), 'GET', '/api/relay/rest/endpoints/sip/{id}', { params: { path: { id: 'a b/c?d' } } }],
    ['a call that sets its own Authorization', json(200, {}), 'GET', '/api/fabric/resources/sip_endpoints', { params: {}, headers: { authorization: 'Bearer other' } }],
    ['204', (res) => res.writeHead(204).end(), 'DELETE', '/api/fabric/resources/sip_endpoints/{id}', { params: { path: { id: ID } } }],
    ['a JSON error', json(422, { errors: [{ detail: 'username is required' }] }), 'POST', '/api/relay/rest/endpoints/sip', { params: {}, body: { username: 'x' } }],
    ['a text error', (res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway'), 'GET', '/api/fabric/resources/sip_endpoints', { params: {} }],
    ['an empty error', (res) => res.writeHead(500, { 'content-length': '0' }).end(), 'GET', '/api/fabric/resources/sip_endpoints', { params: {} }],
    ['chunked JSON (no content-length)', (res) => (res.writeHead(200, { 'content-type': 'application/json' }).write('{"a":'), res.end('1}')), 'GET', '/api/fabric/resources/sip_endpoints', { params: {} }],
    ['an empty chunked 200', (res) => (res.writeHead(200, { 'content-type': 'application/json' }).write(''), res.end()), 'GET', '/api/fabric/resources/sip_endpoints', { params: {} }],
    ['a 200 that is not JSON', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy</html>'), 'GET', '/api/fabric/resources/sip_endpoints', { params: {} }],
    ['a 200 with Content-Length 0', (res) => res.writeHead(200, { 'content-length': '0' }).end(), 'GET', '/api/fabric/resources/sip_endpoints', { params: {} }],
  ];
  it.each(cases)('%s', async (_, answer, method, path, init) => {
    reply = answer;
    const { direct, openapiFetch } = await both(method, path, init);
    expect(direct.request).toEqual(openapiFetch.request);
    expect(direct.result).toEqual(openapiFetch.result);
  });
});

describe('redirects', () => {
  it("are followed on both paths (fetch's default; openapi-fetch asks for it explicitly)", async () => {
    let n = 0;
    reply = (res) => (n++ % 2 === 0 ? res.writeHead(302, { location: '/api/fabric/resources/sip_endpoints?redirected=1' }).end() : json(200, { a: 1 })(res));
    const headers = { Authorization: AUTH };
    const direct = createSender(createClient<paths>({ baseUrl, headers }), { baseUrl, headers });
    const viaOpenapiFetch = createSender(createClient<paths>({ baseUrl, headers, fetch: (r) => fetch(r) }), { baseUrl, headers, fetch: (r) => fetch(r) });
    seen = [];
    const a = await view(await direct('GET', '/api/fabric/resources/sip_endpoints', { params: {}, parseAs: 'text' }));
    const b = await view(await viaOpenapiFetch('GET', '/api/fabric/resources/sip_endpoints', { params: {}, parseAs: 'text' }));
    expect(a).toEqual({ data: '{"a":1}', error: undefined, status: 200, ok: true, contentType: 'application/json' });
    expect(b).toEqual(a);
    const to = (s: Seen) => `${s.method} ${s.url}`;
    expect(seen.map(to)).toEqual(['GET /api/fabric/resources/sip_endpoints', 'GET /api/fabric/resources/sip_endpoints?redirected=1', 'GET /api/fabric/resources/sip_endpoints', 'GET /api/fabric/resources/sip_endpoints?redirected=1']);
  });
});

describe('openapi-fetch again when the Request can be observed', () => {
  it('after a middleware is added through client.raw.use()', async () => {
    reply = json(200, { id: ID });
    const client = createSipClient({ baseUrl, projectId: 'project', token: 'token' });
    const bodies: string[] = [];
    client.raw.use({ onRequest: async ({ request }) => void bodies.push(await request.clone().text()) });
    await client.updateSipEndpoint(ID, { call_handler: 'relay_context', call_relay_context: 'office' });
    expect(bodies).toEqual(['{"call_handler":"relay_context","call_relay_context":"office"}']);
  });

  it('with a custom fetch, which gets a Request carrying the auth and the body', async () => {
    reply = json(200, { id: ID });
    const requests: Array<{ isRequest: boolean; auth: string | null; body: string }> = [];
    const fetchSpy = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input as Request;
      requests.push({ isRequest: input instanceof Request, auth: request.headers.get('authorization'), body: await request.clone().text() });
      return fetch(input, init);
    };
    const client = createSipClient({ baseUrl, projectId: 'project', token: 'token', fetch: fetchSpy });
    await client.updateSipEndpoint(ID, { call_handler: 'relay_context', call_relay_context: 'office' });
    expect(requests).toEqual([{ isRequest: true, auth: AUTH, body: '{"call_handler":"relay_context","call_relay_context":"office"}' }]);
  });
});

describe('startTimeout', () => {
  it('aborts with a TimeoutError like AbortSignal.timeout, and not once stopped', async () => {
    const fires = startTimeout(10);
    const stopped = startTimeout(10);
    stopped.stop();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fires.signal.aborted).toBe(true);
    expect(fires.signal.reason).toBeInstanceOf(DOMException);
    expect((fires.signal.reason as DOMException).name).toBe('TimeoutError');
    expect(stopped.signal.aborted).toBe(false);
  });
});
