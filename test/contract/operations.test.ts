// Every operation of the spec against the mock: success, 401, 404, 500, each
// answer checked against the schema the spec declares for its status.
import { describe, expect, it } from 'vitest';
import { SignalWireApiError } from '../../src/index.js';
import { operations, validate } from '../support/spec.js';
import { concretePath, expectDeclared, mockClient, send, useMock } from '../support/mock-client.js';

// The mock these tests talk to, in this worker (test/support/mock-client.ts).
useMock();

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

describe.each(withId)('$operationId with a urn:uuid: id', (op) => {
  // ajv-formats' uuid takes the URN form; the spec's pattern does not (DECISIONS.md D90).
  it('answers 422 naming the id', async () => {
    const { status, json } = await send(op, { path: op.path.replace(/\{[^}]+\}/g, 'urn:uuid:67075301-69b2-4fc3-8a2c-c95a69a5665e') });
    expect(status).toBe(422);
    expect(expectDeclared(op, 422, json)).toEqual([]);
    expect(JSON.stringify(json)).toMatch(/id must (match pattern|be a uuid)/);
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

  it('takes the type=sip_endpoint that Fabric list links carry back, and refuses another type (D42)', async () => {
    for (const id of ['list_sip_credentials', 'list_sip_credential_addresses']) {
      const op = all.find((o) => o.operationId === id)!;
      const path = concretePath(op);
      const next = await send(op, { path: `${path}?page_number=1&page_size=50&page_token=PAbff61159-faab-48b3-959a-3021a8f5beca&type=sip_endpoint` });
      expect(next.status, id).toBe(200);
      expect(expectDeclared(op, 200, next.json)).toEqual([]);
      const wrong = await send(op, { path: `${path}?type=subscriber` });
      expect(wrong.status, id).toBe(422);
      expect(wrong.json.errors.map((e: { attribute: string }) => e.attribute), id).toContain('type');
    }
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

describe('the SIP profile and phone-route routes through the client (D45, D46)', () => {
  const ROUTE = '691af061-cd86-4893-a605-173f47afc4c2';
  const RESOURCE = '4c7e2f1a-8b3d-4e69-a5c0-1f2e3d4c5b6a';

  it('reads and updates the SIP profile', async () => {
    const client = mockClient();
    const profile = await client.retrieveSipProfile();
    expect(validate('RelaySipProfile', profile).errors).toEqual([]);
    expect(profile.default_encryption).toBe('optional');
    const updated = await client.updateSipProfile({ default_encryption: 'required', default_send_as: null });
    expect(validate('RelaySipProfile', updated).errors).toEqual([]);
  });

  it('routes a phone number to a resource and answers its app address', async () => {
    const address = await mockClient().assignResourcePhoneRoute(RESOURCE, { phone_route_id: ROUTE, handler: 'messaging' });
    expect(address.type).toBe('app');
    expect(validate('FabricPhoneRouteAssignment', address).errors).toEqual([]);
  });

  it('refuses a SIP profile body the schema refuses, with a Relay 422 naming the field', async () => {
    const error = await mockClient()
      .updateSipProfile({ default_encryption: 'default' } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignalWireApiError);
    expect((error as SignalWireApiError).status).toBe(422);
    expect(JSON.stringify((error as SignalWireApiError).body)).toContain('default_encryption');
  });
});
