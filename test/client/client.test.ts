// The client against a tiny loopback server that records what it receives:
// auth, URLs, bodies, typed results and typed errors, and no token anywhere
// in an error.
import type { IncomingMessage } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listenLoopback, unusedPortUrl, type Loopback } from '../support/loopback.js';
import { createSipClient, isApiError, operationTable, SignalWireApiError, SignalWireNetworkError, SignalWireTimeoutError } from '../../src/index.js';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
type Reply = { status: number; body?: unknown; delayMs?: number };

const TOKEN = 'PT-secret-token-0123456789';
const PROJECT = 'b1f2c3d4-0000-4000-8000-000000000001';
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
let loopback: Loopback | undefined;
let baseUrl: string;
let seen: Seen[] = [];
let reply: Reply = { status: 200, body: {} };

beforeAll(async () => {
  loopback = await listenLoopback((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const send = () => {
        if (reply.body === undefined) return res.writeHead(reply.status).end();
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      };
      reply.delayMs ? setTimeout(send, reply.delayMs) : send();
    });
  });
  baseUrl = loopback.baseUrl;
});
afterAll(() => loopback?.close());
beforeEach(() => {
  seen = [];
  reply = { status: 200, body: {} };
});

const client = () => createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN });

describe('createSipClient', () => {
  it('has one function per operationId of the spec, named in camelCase', () => {
    const c = client();
    const names = Object.keys(operationTable).map((id) => id.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()));
    for (const name of names) expect(typeof (c as unknown as Record<string, unknown>)[name], name).toBe('function');
    expect(names).toContain('updateSipEndpoint');
  });

  it('derives the base URL from the space name, or takes an explicit one', () => {
    expect(createSipClient({ space: 'acme', projectId: 'p', token: 't' }).baseUrl).toBe('https://acme.signalwire.com');
    expect(createSipClient({ baseUrl: 'http://127.0.0.1:4010/', projectId: 'p', token: 't' }).baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('refuses ambiguous or unsafe options', () => {
    expect(() => createSipClient({ projectId: 'p', token: 't' })).toThrow('exactly one of `space` or `baseUrl`');
    expect(() => createSipClient({ space: 'a', baseUrl: 'http://x', projectId: 'p', token: 't' })).toThrow('exactly one');
    expect(() => createSipClient({ space: 'acme.evil.com/', projectId: 'p', token: 't' })).toThrow('is not a space name');
    expect(() => createSipClient({ baseUrl: 'http://u:pw@127.0.0.1', projectId: 'p', token: 't' })).toThrow('not in `baseUrl`');
    expect(() => createSipClient({ space: 'acme', projectId: '', token: 't' })).toThrow('`projectId` and `token` are required');
  });

  // attack-client: paths are appended to the base as text, so these sent every call to `/` (a query or
  // fragment swallowed the route), or to a scheme fetch cannot speak, reported later as a network error.
  it.each(['http://127.0.0.1:4010?x=1', 'http://127.0.0.1:4010/#top', 'http://127.0.0.1:4010/api?', 'ftp://127.0.0.1/', 'file:///tmp/x', 'javascript:alert(1)', '127.0.0.1:4010'])('refuses the baseUrl %j with a TypeError', (baseUrl) => {
    expect(() => createSipClient({ baseUrl, projectId: 'p', token: 't' })).toThrow(TypeError);
  });

  it.each([
    ['https://proxy.example/signalwire/', 'https://proxy.example/signalwire'],
    ['HTTP://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('keeps the baseUrl %j as an origin with its path prefix', (baseUrl, expected) => {
    expect(createSipClient({ baseUrl, projectId: 'p', token: 't' }).baseUrl).toBe(expected);
  });

  it('sends Basic auth, path parameters, the JSON body, and returns the typed result', async () => {
    reply = { status: 200, body: { id: ID, username: 'desk' } };
    const result = await client().updateSipEndpoint(ID, { call_handler: 'relay_connector' });
    expect(result).toEqual({ id: ID, username: 'desk' });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('PUT');
    expect(seen[0].url).toBe(`/api/relay/rest/endpoints/sip/${ID}`);
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from(`${PROJECT}:${TOKEN}`).toString('base64')}`);
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual({ call_handler: 'relay_connector' });
  });

  it('serialises query parameters and extra headers', async () => {
    reply = { status: 200, body: { links: {}, data: [] } };
    await client().listSipEndpoints({ query: { filter_username: 'desk 1', page_size: 10 }, headers: { Prefer: 'code=200' } });
    expect(seen[0].url).toBe('/api/relay/rest/endpoints/sip?filter_username=desk%201&page_size=10');
    expect(seen[0].headers.prefer).toBe('code=200');
  });

  it('resolves 204 to undefined', async () => {
    reply = { status: 204 };
    await expect(client().deleteSipCredential(ID)).resolves.toBeUndefined();
    expect(seen[0].method).toBe('DELETE');
  });
});

describe('errors', () => {
  it('throws a typed API error carrying status, operationId and the parsed body', async () => {
    const body = { errors: [{ type: 'validation_error', code: 'missing_required_parameter', message: 'username is required', attribute: 'username', url: 'https://example.com' }] };
    reply = { status: 422, body };
    const error = await client().createSipCredential({ username: 'x', password: 'pw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignalWireApiError);
    expect(isApiError(error, 'create_sip_credential')).toBe(true);
    expect(isApiError(error, 'create_sip_endpoint')).toBe(false);
    const e = error as SignalWireApiError<'create_sip_credential'>;
    expect(e.status).toBe(422);
    expect(e.operationId).toBe('create_sip_credential');
    expect(e.method).toBe('POST');
    expect(e.url).toBe(`${baseUrl}/api/fabric/resources/sip_endpoints`);
    expect(e.body).toEqual(body);
    expect(e.message).toBe('create_sip_credential failed with HTTP 422: username is required');
  });

  it('names the Relay {error} body in the message', async () => {
    reply = { status: 404, body: { error: 'Not Found' } };
    const error = (await client().retrieveSipEndpoint(ID).catch((e: unknown) => e)) as SignalWireApiError;
    expect(error.message).toBe('retrieve_sip_endpoint failed with HTTP 404: Not Found');
    expect(error.body).toEqual({ error: 'Not Found' });
  });

  it('throws a typed timeout error', async () => {
    reply = { status: 200, body: {}, delayMs: 500 };
    const error = await client().getSipCredential(ID, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignalWireTimeoutError);
    expect((error as SignalWireTimeoutError).timeoutMs).toBe(50);
  });

  it('throws a typed network error when nothing listens', async () => {
    const c = createSipClient({ baseUrl: await unusedPortUrl(), projectId: PROJECT, token: TOKEN, retry: false });
    const error = await c.listSipCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignalWireNetworkError);
    expect((error as SignalWireNetworkError).code).toBe('ECONNREFUSED');
  });

  it('never shows the token or the Authorization header', async () => {
    const header = Buffer.from(`${PROJECT}:${TOKEN}`).toString('base64');
    reply = { status: 401, body: { error: 'Unauthorized' } };
    const api = await client().listSipEndpoints().catch((e: unknown) => e);
    reply = { status: 200, body: {}, delayMs: 300 };
    const timeout = await client().listSipEndpoints({ timeoutMs: 20 }).catch((e: unknown) => e);
    for (const error of [api, timeout]) {
      const views = [String(error), (error as Error).message, (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })];
      for (const view of views) {
        expect(view).not.toContain(TOKEN);
        expect(view).not.toContain(header);
        expect(view.toLowerCase()).not.toContain('authorization');
      }
    }
  });
});
