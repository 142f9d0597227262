// Every operation of the spec against the mock: success, 401, 404, 500, each
// answer checked against the schema the spec declares for its status.
import { describe, expect, it } from 'vitest';
import { operations } from '../support/spec.js';
import { expectDeclared, send } from '../support/mock-client.js';

const all = operations();
const withId = all.filter((o) => o.path.includes('{'));
const withBody = all.filter((o) => o.op.requestBody);

describe.each(all)('$operationId ($method $path)', (op) => {
  const success = Object.keys(op.op.responses).filter((c) => c.startsWith('2')).map(Number);

  it('answers its documented success, with a body that fits the schema', async () => {
    const { status, json } = await send(op);
    expect(success).toContain(status);
    expect(status).toBe(Math.min(...success));
    expect(expectDeclared(op, status, json)).toEqual([]);
    if (status === 204) expect(json).toBeUndefined();
  });

  it('answers 401 without credentials', async () => {
    const { status, json } = await send(op, { auth: false });
    expect(status).toBe(401);
    expect(json).toEqual({ error: 'Unauthorized' });
    expect(expectDeclared(op, 401, json)).toEqual([]);
  });

  it('answers 500 on Prefer: code=500', async () => {
    const { status, json } = await send(op, { headers: { prefer: 'code=500' } });
    expect(status).toBe(500);
    expect(json).toEqual({ error: 'Internal Server Error' });
  });

  it('answers 429 on Prefer: code=429, with an integer Retry-After and the {error} body (D40)', async () => {
    const { status, headers, json } = await send(op, { headers: { prefer: 'code=429' } });
    expect(status).toBe(429);
    expect(json).toEqual({ error: 'Too Many Requests' });
    expect(headers.get('retry-after')).toMatch(/^\d+$/);
    expect(expectDeclared(op, 429, json)).toEqual([]);
  });

  it('answers every other declared success code on request, with a fitting body', async () => {
    for (const code of success) {
      const { status, json } = await send(op, { headers: { prefer: `code=${code}` } });
      expect(status).toBe(code);
      expect(expectDeclared(op, status, json)).toEqual([]);
    }
  });
});

describe.each(withBody)('$operationId takes a body', (op) => {
  it('answers 413 and 400 (body not JSON) on Prefer, in the {error} shape (D40)', async () => {
    const { status, json } = await send(op, { headers: { prefer: 'code=413' } });
    expect(status).toBe(413);
    expect(json).toEqual({ error: 'Payload Too Large' });
    expect(expectDeclared(op, 413, json)).toEqual([]);
    const { status: s400, json: j400 } = await send(op, { headers: { prefer: 'code=400' } });
    expect(s400).toBe(400);
    expect(expectDeclared(op, 400, j400)).toEqual([]);
    expect(j400.error).toContain('not valid JSON');
  });
});

describe.each(withId)('$operationId with an id in the path', (op) => {
  it('answers 404 on Prefer: code=404', async () => {
    const { status, json } = await send(op, { headers: { prefer: 'code=404' } });
    expect(status).toBe(404);
    expect(json).toEqual({ error: 'Not Found' });
    expect(expectDeclared(op, 404, json)).toEqual([]);
  });

  it('answers 422 naming the id when it is not a uuid', async () => {
    const { status, json } = await send(op, { path: op.path.replace(/\{[^}]+\}/g, 'not-a-uuid') });
    expect(status).toBe(422);
    expect(expectDeclared(op, 422, json)).toEqual([]);
    expect(JSON.stringify(json)).toContain('id must match format \\"uuid\\"');
  });
});

describe('query validation', () => {
  const list = all.find((o) => o.operationId === 'list_sip_endpoints')!;

  it.each([
    ['page_size=0', 'page_size must be >= 1'],
    ['page_size=1001', 'page_size must be <= 1000'],
    ['page_number=-1', 'page_number must be >= 0'],
    ['page_size=ten', 'page_size must be integer'],
  ])('refuses %s with a 422 that says why', async (query, reason) => {
    const { status, json } = await send(list, { path: `${list.path}?${query}` });
    expect(status).toBe(422);
    expect(json).toEqual({ errors: [{ detail: reason, status: '422', title: 'Invalid Attribute', code: '422' }] });
  });

  it('accepts the bounds', async () => {
    for (const query of ['page_size=1', 'page_size=1000&page_number=0']) {
      expect((await send(list, { path: `${list.path}?${query}` })).status).toBe(200);
    }
  });
});

describe('named examples', () => {
  it('are reachable with Prefer: example=<name>', async () => {
    const list = all.find((o) => o.operationId === 'list_sip_endpoints')!;
    const { status, json } = await send(list, { headers: { prefer: 'example=empty' } });
    expect(status).toBe(200);
    expect(json.data).toEqual([]);
  });
});
