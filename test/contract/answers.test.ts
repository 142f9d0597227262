// Answers that fit the request (lib/mock/answers.mjs): a create or update
// answers with the handler and fields it sent; Prefer: example=empty works
// on every list; Prefer: code=422 answers a 422 about the operation's own
// inputs.
import { describe, expect, it } from 'vitest';
import { deref, operations } from '../support/spec.js';
import { expectDeclared, send, useMock } from '../support/mock-client.js';

// The mock these tests talk to, in this worker (test/support/mock-client.ts).
useMock();

const all = operations();
const lists = all.filter((o) => o.method === 'get' && deref(o.op.responses['200'])?.content?.['application/json']?.schema?.$ref?.endsWith('List'));
const writes = all.filter((o) => o.op.requestBody);

/** Every input name of an operation: its parameters and every property of every body branch. */
function inputs(op: (typeof all)[number]): Set<string> {
  const names = new Set<string>([...(op.op.parameters ?? []), ...(op.pathItem.parameters ?? [])].map((p: any) => deref(p).name));
  const walk = (node: any) => {
    const schema = deref(node);
    if (schema?.oneOf) schema.oneOf.forEach(walk);
    for (const name of Object.keys(schema?.properties ?? {})) names.add(name);
  };
  walk(op.op.requestBody?.content['application/json'].schema);
  return names;
}

describe('Prefer: example=empty', () => {
  it('covers every list: Relay, Fabric, addresses, subscriber', () => {
    expect(lists.map((o) => o.operationId).sort()).toEqual(['list_sip_credential_addresses', 'list_sip_credentials', 'list_sip_endpoints', 'list_subscriber_sip_credentials']);
  });

  it.each(lists)('$operationId answers an empty page that fits the schema', async (op) => {
    const { status, json } = await send(op, { headers: { prefer: 'example=empty' } });
    expect(status).toBe(200);
    expect(json.data).toEqual([]);
    expect(json.links.next).toBeUndefined();
    expect(expectDeclared(op, 200, json)).toEqual([]);
  });
});

describe('Prefer: code=422', () => {
  const with422 = all.filter((o) => o.op.responses['422']);

  it.each(all.filter((o) => !o.op.responses['422']))('$operationId, which declares no 422, answers the mock\'s own error in a declared status', async (op) => {
    const { status, json, headers } = await send(op, { headers: { prefer: 'code=422' } });
    expect(headers.get('x-mock-error')).toBe('prefer');
    expect(expectDeclared(op, status, json)).toEqual([]);
  });

  it.each(with422)('$operationId answers a 422 about its own inputs', async (op) => {
    const { status, json } = await send(op, { headers: { prefer: 'code=422' } });
    expect(status).toBe(422);
    expect(expectDeclared(op, 422, json)).toEqual([]);
    const own = inputs(op);
    const named = json.errors.map((e: any) => e.attribute ?? String(e.detail).split(' ')[0]);
    expect(named.length).toBeGreaterThan(0);
    for (const field of named) expect(own, `${field} is not an input of ${op.operationId}`).toContain(field);
  });
});

describe('a create or update answers with what it sent', () => {
  const cases = writes.flatMap((op) =>
    Object.entries<any>(op.op.requestBody.content['application/json'].examples).map(([name, example]) => ({ op, name, body: deref(example).value })),
  );

  it.each(cases)('$op.operationId, example $name', async ({ op, body }) => {
    const { status, json } = await send(op, { body });
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(300);
    expect(expectDeclared(op, status, json)).toEqual([]);
    const answer = json.sip_endpoint && !('username' in json) ? json.sip_endpoint : json;
    for (const [field, value] of Object.entries<any>(body)) {
      if (field === 'password') continue; // write-only: never answered
      if (field in answer) expect(answer[field], field).toEqual(value);
    }
    if (body.call_handler !== undefined && op.operationId !== 'assign_resource_to_sip_credential') expect(answer.call_handler).toBe(body.call_handler);
  });
});
