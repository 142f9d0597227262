// The mock's server in this process (lib/mock/server.mjs): the handler hook
// a stateful store plugs into, and a fault of the mock's own code injected
// through it: a 500 that says it is the mock's, the stack logged once, and
// the server still serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../lib/mock/server.mjs';
import { AUTH } from '../support/mock-client.js';
import { answerProblems, rawRequest } from '../support/raw-http.js';

const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const F = '/api/fabric/resources/sip_endpoints';
const R = '/api/relay/rest/endpoints/sip';

type Ctx = { operation: { operationId: string; method: string; path: string }; family: string; pathParams: Record<string, string>; query: unknown; body: unknown; prefer: Record<string, unknown> };
const calls: Ctx[] = [];
const logs: string[] = [];
const routed: string[] = [];
let mock: Awaited<ReturnType<typeof createMockServer>>;

beforeAll(async () => {
  mock = await createMockServer({
    port: 0,
    log: (line) => logs.push(line),
    routes: (method: string, url: string) => {
      routed.push(`${method} ${url}`);
      return url.startsWith('/__own') ? { status: 204 } : undefined;
    },
    handler: async (ctx: Ctx) => {
      calls.push(ctx);
      if (ctx.operation.operationId === 'delete_sip_credential') throw new Error('injected fault');
      if (ctx.operation.operationId === 'delete_sip_endpoint') return Promise.reject(new TypeError('injected rejection'));
      if (ctx.operation.operationId === 'get_sip_credential') return { status: 404, body: { error: 'Not Found' } };
      return undefined;
    },
  });
}, 60_000);
afterAll(() => mock?.close());

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(mock.url, { method: 'GET', path, headers: { authorization: AUTH, ...headers } });

describe('a fault in the mock itself', () => {
  it.each([
    ['a throw', 'DELETE', `${F}/${ID}`, 'injected fault'],
    ['a rejected promise', 'DELETE', `${R}/${ID}`, 'injected rejection'],
  ])('%s: 500 that says it is the mock, stack logged once, still serving', async (_, method, path, message) => {
    logs.length = 0;
    const answer = await rawRequest(mock.url, { method, path, headers: { authorization: AUTH } });
    expect(answer.status).toBe(500);
    expect(answer.headers['x-mock-error']).toBe('internal');
    expect(answer.json).toEqual({ error: `mock: internal error in the mock itself, not an answer of the API (${message})` });
    expect(answerProblems(method === 'DELETE' && path.startsWith(F) ? 'delete_sip_credential' : 'delete_sip_endpoint', answer)).toEqual([]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(`fault in the mock (not the API) on ${method} ${path}`);
    expect(logs[0]).toContain(message);
    expect(logs[0]).toMatch(/\n\s+at /);
    const next = await get(F);
    expect(next.status).toBe(200);
  });
});

describe('the handler hook', () => {
  it('gets the operation, family, decoded path parameters, query and body of a valid request', async () => {
    calls.length = 0;
    const body = { call_handler: 'relay_context', call_relay_context: 'office' };
    const answer = await rawRequest(mock.url, { method: 'PUT', path: `${R}/${ID}?x=1`, headers: { authorization: AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(answer.status).toBe(200); // the handler returned undefined: Prism answered
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      operation: { operationId: 'update_sip_endpoint', method: 'PUT', path: '/api/relay/rest/endpoints/sip/{id}' },
      family: 'relay',
      pathParams: { id: ID },
      query: { x: '1' },
      body,
    });
  });

  it('answers with what the handler returns', async () => {
    const answer = await get(`${F}/${ID}`);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: 'Not Found' });
  });

  it('is not called for a request Prism refuses, nor when Prefer picks the answer', async () => {
    calls.length = 0;
    expect((await get(`${F}/not-a-uuid`)).status).toBe(422);
    expect((await get(F, { authorization: '' })).status).toBe(401);
    expect((await get(`${F}/${ID}`, { prefer: 'code=200' })).status).toBe(200);
    expect((await get('/api/nothing')).status).toBe(404);
    expect(calls).toEqual([]);
  });

  // Prism's decoder's reading of Prefer, so a handler never reads the header a second way (D151).
  it.each([
    ['no Prefer', '', {}, { code: undefined, exampleKey: undefined, dynamic: undefined, seed: undefined }],
    ['Prefer: dynamic=true', '', { prefer: 'dynamic=true' }, { dynamic: true }],
    ['Prefer: DYNAMIC=true', '', { prefer: 'DYNAMIC=true' }, { dynamic: true }],
    ['Prefer: Dynamic=false', '', { prefer: 'Dynamic=false' }, { dynamic: false }],
    ['?__dynamic=true', '?__dynamic=true', {}, { dynamic: true }],
    ['Prefer: seed=7', '', { prefer: 'seed=7' }, { seed: '7' }],
  ])('gets the Prefer the decoder read: %s', async (_, query, headers, prefer) => {
    calls.length = 0;
    expect((await get(`${R}${query}`, headers)).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0].prefer).toMatchObject(prefer);
    expect(Object.keys(calls[0].prefer).sort()).toEqual(['code', 'dynamic', 'exampleKey', 'seed']);
  });

  it('tells the family from the operation\'s 422 response', async () => {
    calls.length = 0;
    await get(F);
    await get(R);
    expect(calls.map((c) => c.family)).toEqual(['fabric', 'relay']);
  });
});

describe('the mock\'s own routes', () => {
  it.each([
    ['/__own/./state?seed=true', '/__own/state?seed=true', 204],
    ['/__own/x/../state', '/__own/state', 204],
    ['//__own/state', '//__own/state', 404],
  ])('see %s as %s (dot segments resolved, as for every route)', async (sent, seen, status) => {
    routed.length = 0;
    const answer = await rawRequest(mock.url, { method: 'GET', path: sent });
    expect(routed).toEqual([`GET ${seen}`]);
    expect(answer.status).toBe(status);
  });
});

describe('the warm-up (npm run mock\'s, and what useMock() waits for)', () => {
  /** 'settled' when `promise` has settled within `ms`, else 'pending'. */
  const within = (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), ms))]);

  it('warmedUp settles once every operation is compiled', async () => {
    expect(mock.warmedUp).toBeInstanceOf(Promise);
    await expect(mock.warmedUp).resolves.toBeUndefined();
  });

  it('without a warm-up, warmedUp has settled already; close stops one still going, and it settles', async () => {
    const cold = await createMockServer({ port: 0, warmUp: false });
    const stopped = await createMockServer({ port: 0 });
    try {
      expect(await within(cold.warmedUp, 0)).toBe('settled');
      // Its first step waits 300 ms after start-up: closed before it, the warm-up ends at that step.
      await stopped.close();
      expect(await within(stopped.warmedUp, 5_000)).toBe('settled');
    } finally {
      await cold.close();
      await stopped.close();
    }
  });
});
