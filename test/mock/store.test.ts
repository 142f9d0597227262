// The stateful mock's store on its own (lib/mock/store.mjs): no HTTP, a
// fixed clock and counted ids, every answer checked against the schema its
// operation declares for that status (the verify tool's lookup and Ajv).
import { describe, expect, it } from 'vitest';
import { createStore, StateError, STATE_FORMAT, STATE_VERSION } from '../../lib/mock/store.mjs';
import { deref, spec, schemaValidator } from '../support/spec.js';
import { loadFixtures } from '../support/fixtures.js';
import { operation } from '../../tools/bundled-spec.js';
import { expectDeclared } from '../support/mock-client.js';

const SUBSCRIBER = 'd369a402-7b43-4512-8735-9d5e1f387814';
const OTHER_SUBSCRIBER = '11111111-2222-4333-8444-555555555555';
const ROOM = '3b1f0a8c-7d2e-4f5a-9b6c-1d0e2f3a4b5c';
const RESOURCE = '6f1c4b0e-2a8d-4f6e-9a37-1d2c3b4a5e6f';

type Answer = { status: number; body?: any };

/** The seeded SIP profile: the example of retrieve_sip_profile, whose defaults new endpoints inherit. */
const PROFILE = deref(Object.values<any>(operation('retrieve_sip_profile').op.responses['200'].content['application/json'].examples)[0]).value;

/** A store with a fixed clock and sequential uuids, whose every answer is checked against the spec. */
function checkedStore(options: { seed?: boolean } = {}) {
  let n = 0;
  const store = createStore(spec, {
    ...options,
    now: () => new Date(Date.UTC(2026, 10, 30, 9, 0, n)),
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
  const call = (operationId: string, request: { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown } = {}): Answer => {
    const answer = store.handle({ operationId, ...request }) as Answer;
    expect(answer, `${operationId} answered`).toBeDefined();
    expect(expectDeclared(operation(operationId), answer.status, answer.body), `${operationId} ${answer.status} ${JSON.stringify(answer.body)}`).toEqual([]);
    return answer;
  };
  return { store, call };
}

/** Every item of a list, following `links.next` from the first page. */
function walk(call: ReturnType<typeof checkedStore>['call'], operationId: string, query: Record<string, unknown>, params: Record<string, string> = {}) {
  const seen: any[] = [];
  let page = call(operationId, { params, query });
  for (let i = 0; i < 1000; i++) {
    expect(page.status).toBe(200);
    seen.push(...page.body.data);
    if (!page.body.links.next) return { items: seen, pages: i + 1, last: page };
    const next = new URL(page.body.links.next, 'http://x');
    page = call(operationId, { params, query: Object.fromEntries(next.searchParams) });
  }
  throw new Error('links.next never ended');
}

describe('seeds', () => {
  it('holds the examples of every family, so a get works before any create', () => {
    const { call } = checkedStore();
    expect(call('retrieve_sip_endpoint', { params: { id: '67075301-69b2-4fc3-8a2c-c95a69a5665e' } }).status).toBe(200);
    expect(call('get_sip_credential', { params: { id: '993ed018-9e79-4e50-b97b-984bd5534095' } }).status).toBe(200);
    expect(call('list_sip_credential_addresses', { params: { id: '993ed018-9e79-4e50-b97b-984bd5534095' } }).body.data).toHaveLength(1);
    expect(call('list_subscriber_sip_credentials', { params: { fabric_subscriber_id: SUBSCRIBER } }).body.data.map((c: any) => c.username)).toEqual(['carol-laptop', 'carol-phone']);
  });

  it('starts empty with seed: false, and reset() brings either state back', () => {
    const { store, call } = checkedStore({ seed: false });
    expect(call('list_sip_endpoints').body.data).toEqual([]);
    expect(call('list_sip_credentials').body.data).toEqual([]);
    store.reset({ seed: true });
    expect(call('list_sip_endpoints').body.data).toHaveLength(1);
    store.reset({ seed: false });
    expect(call('list_sip_endpoints').body.data).toEqual([]);
  });
});

describe('Relay SIP endpoints', () => {
  it('create, get, list, switch handler, delete: the issue acceptance', () => {
    const { call } = checkedStore();
    const created = call('create_sip_endpoint', { body: { username: 'desk-42', password: 's3cret', call_handler: 'video_room', call_video_room_id: ROOM } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ type: 'sip_endpoint', username: 'desk-42', call_handler: 'video_room', call_video_room_id: ROOM, encryption: 'default', call_request_url: null, calling_handler_resource_id: null });
    expect(created.body).not.toHaveProperty('password');
    expect(call('retrieve_sip_endpoint', { params: { id } }).body).toEqual(created.body);
    expect(call('list_sip_endpoints').body.data.map((e: any) => e.id)).toContain(id);

    const updated = call('update_sip_endpoint', { params: { id }, body: { call_handler: 'laml_webhooks', call_request_url: 'https://example.com/voice' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ call_handler: 'laml_webhooks', call_video_room_id: null, call_request_url: 'https://example.com/voice', username: 'desk-42' });
    expect(call('retrieve_sip_endpoint', { params: { id } }).body).toEqual(updated.body);

    expect(call('delete_sip_endpoint', { params: { id } })).toEqual({ status: 204 });
    expect(call('retrieve_sip_endpoint', { params: { id } })).toEqual({ status: 404, body: { error: 'Not Found' } });
    expect(call('delete_sip_endpoint', { params: { id } }).status).toBe(404);
    expect(call('update_sip_endpoint', { params: { id }, body: { caller_id: 'x' } }).status).toBe(404);
  });

  it('updates are partial: what is sent replaces, the rest stays', () => {
    const { call } = checkedStore();
    const { body: before } = call('create_sip_endpoint', { body: { username: 'p1', password: 'x', caller_id: 'Desk', codecs: ['OPUS'], call_handler: 'relay_context', call_relay_context: 'office' } });
    const { body: after } = call('update_sip_endpoint', { params: { id: before.id }, body: { caller_id: 'Front' } });
    expect(after).toEqual({ ...before, caller_id: 'Front' });
    // The same handler again keeps its fields that are not sent.
    const { body: again } = call('update_sip_endpoint', { params: { id: before.id }, body: { call_handler: 'relay_context', call_relay_context: 'lab' } });
    expect(again).toEqual({ ...after, call_relay_context: 'lab' });
  });

  const relayCreates = loadFixtures('relay-create').valid;
  const relayUpdates = loadFixtures('relay-update').valid.filter((c) => c.variant);
  it.each(relayCreates.map((c) => [c.name, c] as const))('create %s: the answer carries what was sent, no password, nulls elsewhere', (_, fixture) => {
    const { call, store } = checkedStore({ seed: false });
    const { body } = call('create_sip_endpoint', { body: fixture.body });
    const { password, ...sent } = fixture.body;
    expect(body).toMatchObject(sent);
    expect(JSON.stringify(store.snapshot())).not.toContain(String(password));
  });

  it.each(relayUpdates.map((c) => [c.name, c] as const))('switching to %s clears every field of the other handlers', (_, fixture) => {
    const { call } = checkedStore({ seed: false });
    for (const from of relayCreates.filter((c) => c.variant !== fixture.variant)) {
      const { body: created } = call('create_sip_endpoint', { body: { ...from.body, username: `u${Math.random().toString(36).slice(2)}` } });
      const { body: updated } = call('update_sip_endpoint', { params: { id: created.id }, body: fixture.body });
      for (const [name, value] of Object.entries(created)) {
        if (name in fixture.body) expect(updated[name]).toEqual(fixture.body[name]);
        else if (name.startsWith('call_') && name !== 'call_handler') expect(updated[name], `${from.variant} → ${fixture.variant}: ${name}`).toBeNull();
        else expect(updated[name]).toEqual(value);
      }
    }
  });
});

describe('Fabric SIP credentials', () => {
  it('the wrapped resource with the same id inside, one address, resource → block-pstn', () => {
    const { call } = checkedStore();
    const { status, body } = call('create_sip_credential', { body: { username: 'fab-1', call_handler: 'resource', calling_handler_resource_id: RESOURCE, password: 'pw' } });
    expect(status).toBe(201);
    expect(body).toMatchObject({ type: 'sip_endpoint', display_name: 'fab-1', project_id: '1313fe58-5e14-4c11-bbe7-6fdfa11fe780', created_at: '2026-11-30T09:00:01Z' });
    expect(body.sip_endpoint).toMatchObject({ id: body.id, username: 'fab-1', call_handler: 'resource', calling_handler_resource_id: RESOURCE, encryption: 'default' });
    const addresses = call('list_sip_credential_addresses', { params: { id: body.id } }).body.data;
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatchObject({ name: 'fab-1', type: 'call', locked: false });

    const { body: switched } = call('update_sip_credential', { params: { id: body.id }, body: { call_handler: 'block-pstn' } });
    expect(switched.sip_endpoint).toMatchObject({ call_handler: 'block-pstn', calling_handler_resource_id: null, username: 'fab-1' });
    expect(switched.updated_at > switched.created_at).toBe(true);
    expect(call('get_sip_credential', { params: { id: body.id } }).body).toEqual(switched);

    expect(call('delete_sip_credential', { params: { id: body.id } }).status).toBe(204);
    expect(call('get_sip_credential', { params: { id: body.id } }).status).toBe(404);
    expect(call('list_sip_credential_addresses', { params: { id: body.id } }).status).toBe(404);
  });

  it('a create without call_handler has none (the spec gives it no default), and no password in the answer', () => {
    const { call } = checkedStore();
    const { body } = call('create_sip_credential', { body: { username: 'bare', password: 'pw' } });
    expect(body.sip_endpoint).toMatchObject({ call_handler: null, calling_handler_resource_id: null, caller_id: null, encryption: 'default' });
    expect(JSON.stringify(body)).not.toContain('pw');
  });

  it.each(loadFixtures('fabric-create').valid.map((c) => [c.name, c] as const))('create %s answers the schema', (_, fixture) => {
    const { call } = checkedStore({ seed: false });
    const { body } = call('create_sip_credential', { body: fixture.body });
    const { password: _password, ...sent } = fixture.body;
    expect(body.sip_endpoint).toMatchObject(sent);
    expect(body.sip_endpoint).not.toHaveProperty('password');
  });

  it('assign: 200 with the credential as a call target, and the resource shows on the credential', () => {
    const { call } = checkedStore();
    const { body: cred } = call('create_sip_credential', { body: { username: 'assign-me', password: 'pw' } });
    const assigned = call('assign_resource_to_sip_credential', { params: { id: RESOURCE }, body: { sip_endpoint_id: cred.id } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ id: cred.id, name: 'assign-me', type: 'call', cover_url: null, preview_url: null });
    expect(call('get_sip_credential', { params: { id: cred.id } }).body.sip_endpoint).toMatchObject({ call_handler: 'resource', calling_handler_resource_id: RESOURCE });
    expect(call('assign_resource_to_sip_credential', { params: { id: RESOURCE }, body: { sip_endpoint_id: ROOM } })).toEqual({ status: 404, body: { error: 'Not Found' } });
  });
});

describe('subscriber SIP credentials', () => {
  it('live per subscriber: CRUD, and another subscriber sees none of them', () => {
    const { call } = checkedStore();
    const params = { fabric_subscriber_id: SUBSCRIBER };
    const { status, body } = call('create_subscriber_sip_credential', { params, body: { username: 'carol-tablet', password: 'pw' } });
    expect(status).toBe(201);
    expect(body).toEqual({ id: body.id, username: 'carol-tablet', caller_id: null, send_as: PROFILE.default_send_as, ciphers: PROFILE.default_ciphers, codecs: PROFILE.default_codecs, encryption: 'default' });
    expect(call('list_subscriber_sip_credentials', { params }).body.data.map((c: any) => c.id)).toContain(body.id);
    expect(call('list_subscriber_sip_credentials', { params: { fabric_subscriber_id: OTHER_SUBSCRIBER } }).body.data).toEqual([]);
    expect(call('get_subscriber_sip_credential', { params: { fabric_subscriber_id: OTHER_SUBSCRIBER, id: body.id } }).status).toBe(404);
    const patched = call('update_subscriber_sip_credential', { params: { ...params, id: body.id }, body: { encryption: 'required', password: 'new' } });
    expect(patched.body).toEqual({ ...body, encryption: 'required' });
    expect(call('delete_subscriber_sip_credential', { params: { ...params, id: body.id } }).status).toBe(204);
    expect(call('get_subscriber_sip_credential', { params: { ...params, id: body.id } }).status).toBe(404);
  });
});

describe('usernames are unique in the project', () => {
  it('a duplicate gets 422 naming username, in each family shape, on create and update', () => {
    const { call } = checkedStore();
    call('create_sip_endpoint', { body: { username: 'taken', password: 'x' } });
    expect(call('create_sip_endpoint', { body: { username: 'taken', password: 'y' } })).toEqual({
      status: 422,
      body: { errors: [{ detail: 'username has already been taken', status: '422', title: 'Invalid Attribute', code: '422' }] },
    });
    const fabric = call('create_sip_credential', { body: { username: 'taken', password: 'pw' } });
    expect(fabric.status).toBe(422);
    expect(fabric.body.errors).toEqual([expect.objectContaining({ attribute: 'username', code: 'invalid_parameter_value', message: 'username has already been taken' })]);
    expect(call('create_subscriber_sip_credential', { params: { fabric_subscriber_id: SUBSCRIBER }, body: { username: 'taken', password: 'p' } }).status).toBe(422);
    // Renaming onto a taken name is refused; keeping one's own name is not a duplicate.
    const { body: other } = call('create_sip_endpoint', { body: { username: 'other', password: 'x' } });
    expect(call('update_sip_endpoint', { params: { id: other.id }, body: { username: 'taken' } }).status).toBe(422);
    expect(call('update_sip_endpoint', { params: { id: other.id }, body: { username: 'other' } }).status).toBe(200);
    // A deleted endpoint's name is free again.
    expect(call('delete_sip_endpoint', { params: { id: other.id } }).status).toBe(204);
    expect(call('create_sip_credential', { body: { username: 'other', password: 'pw' } }).status).toBe(201);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('prototype names are plain usernames: %s', (username) => {
    const { call } = checkedStore({ seed: false });
    const { body } = call('create_sip_endpoint', { body: { username, password: 'x' } });
    expect(body.username).toBe(username);
    expect(call('create_sip_credential', { body: { username } }).status).toBe(422);
    expect(call('list_sip_endpoints', { query: { filter_username: username } }).body.data).toHaveLength(1);
  });
});

describe('lists', () => {
  function fill(count: number) {
    const made = checkedStore({ seed: false });
    for (let i = 0; i < count; i++) made.call('create_sip_endpoint', { body: { username: `desk-${String(i).padStart(3, '0')}`, password: 'x', caller_id: i % 2 ? 'Odd' : 'Even' } });
    return made;
  }

  it.each([
    [0, 5],
    [1, 5],
    [5, 5],
    [23, 5],
    [23, 1],
    [23, 1000],
  ])('%i items by pages of %i: links.next reaches every item exactly once', (count, size) => {
    const { call } = fill(count);
    const { items, pages } = walk(call, 'list_sip_endpoints', { page_size: size });
    expect(items.map((e) => e.username)).toEqual(Array.from({ length: count }, (_, i) => `desk-${String(i).padStart(3, '0')}`));
    expect(pages).toBe(Math.max(1, Math.ceil(count / size)));
  });

  it('filters by username and caller ID (partial, case-insensitive), and the links keep the filter', () => {
    const { call } = fill(12);
    const { items } = walk(call, 'list_sip_endpoints', { page_size: 2, filter_caller_id: 'odd' });
    expect(items).toHaveLength(6);
    expect(items.every((e) => e.caller_id === 'Odd')).toBe(true);
    const page = call('list_sip_endpoints', { query: { filter_username: 'desk-01', page_size: 50 } });
    expect(page.body.data.map((e: any) => e.username)).toEqual(['desk-010', 'desk-011']);
    expect(page.body.links.self).toContain('filter_username=desk-01');
  });

  it('creates and deletes between pages neither repeat nor skip the items that stay', () => {
    const { call } = fill(10);
    const first = call('list_sip_endpoints', { query: { page_size: 4 } });
    const ids = first.body.data.map((e: any) => e.id);
    // Delete the last item of the page the cursor points after, and an item ahead.
    call('delete_sip_endpoint', { params: { id: ids[3] } });
    const ahead = call('list_sip_endpoints', { query: { page_size: 50 } }).body.data.find((e: any) => e.username === 'desk-007').id;
    call('delete_sip_endpoint', { params: { id: ahead } });
    call('create_sip_endpoint', { body: { username: 'late', password: 'x' } });
    const rest: any[] = [];
    let next = first.body.links.next;
    while (next) {
      const page = call('list_sip_endpoints', { query: Object.fromEntries(new URL(next, 'http://x').searchParams) });
      rest.push(...page.body.data);
      next = page.body.links.next;
    }
    expect(rest.map((e) => e.username)).toEqual(['desk-004', 'desk-005', 'desk-006', 'desk-008', 'desk-009', 'late']);
  });

  it('prev walks back to the first page', () => {
    const { call } = fill(9);
    let page = call('list_sip_endpoints', { query: { page_size: 2 } });
    const forward: string[][] = [page.body.data.map((e: any) => e.username)];
    while (page.body.links.next) {
      page = call('list_sip_endpoints', { query: Object.fromEntries(new URL(page.body.links.next, 'http://x').searchParams) });
      forward.push(page.body.data.map((e: any) => e.username));
    }
    const backward: string[][] = [page.body.data.map((e: any) => e.username)];
    while (page.body.links.prev) {
      page = call('list_sip_endpoints', { query: Object.fromEntries(new URL(page.body.links.prev, 'http://x').searchParams) });
      backward.unshift(page.body.data.map((e: any) => e.username));
    }
    expect(backward).toEqual(forward);
    expect(page.body.links.prev).toBeUndefined();
  });

  it.each([
    [{ page_number: 2 }, 'page_token is required when page_number is above 0'],
    [{ page_number: 1, page_token: 'PAbff61159-faab-48b3-959a-3021a8f5beca' }, 'page_token is not a token this server gave out'],
    [{ page_token: 'constructor' }, 'page_token is not a token this server gave out'],
    [{ page_token: 'PA99999999999999999999' }, 'page_token is not a token this server gave out'],
  ])('%j gets 422 naming page_token in each family shape', (query, message) => {
    const { call } = fill(3);
    expect(call('list_sip_endpoints', { query }).body.errors[0].detail).toBe(message);
    const fabric = call('list_sip_credentials', { query });
    expect(fabric.status).toBe(422);
    expect(fabric.body.errors[0]).toMatchObject({ attribute: 'page_token', message });
  });

  it('Fabric and subscriber lists page the same way', () => {
    const { call } = checkedStore({ seed: false });
    for (let i = 0; i < 7; i++) {
      call('create_sip_credential', { body: { username: `f${i}` } });
      call('create_subscriber_sip_credential', { params: { fabric_subscriber_id: SUBSCRIBER }, body: { username: `s${i}`, password: 'p' } });
    }
    expect(walk(call, 'list_sip_credentials', { page_size: 3 }).items.map((c) => c.sip_endpoint.username)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(walk(call, 'list_subscriber_sip_credentials', { page_size: 3 }, { fabric_subscriber_id: SUBSCRIBER }).items.map((c) => c.username)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
  });
});

describe('snapshot and restore', () => {
  it('round-trips the whole state, ids and paging included', () => {
    const { store, call } = checkedStore();
    call('create_sip_endpoint', { body: { username: 'kept', password: 'x' } });
    const snap = JSON.parse(JSON.stringify(store.snapshot()));
    expect(snap).toMatchObject({ format: STATE_FORMAT, version: STATE_VERSION });
    const { store: other, call: otherCall } = checkedStore({ seed: false });
    other.restore(snap);
    expect(otherCall('list_sip_endpoints').body).toEqual(call('list_sip_endpoints').body);
    expect(other.snapshot()).toEqual(snap);
  });

  it('keeps prototype names as plain keys', () => {
    const { store } = checkedStore({ seed: false });
    const snap = JSON.parse('{"format":"sip-spec-mock-state","version":1,"stores":{"subscriber":{"__proto__":{"seq":1,"items":[{"seq":1,"data":{"id":"constructor","username":"proto"}}]}}}}');
    store.restore(snap);
    expect(JSON.parse(JSON.stringify(store.snapshot()))).toEqual(snap);
    expect(({} as any).seq).toBeUndefined();
  });

  // A uuid is case-insensitive (RFC 9562 §4, D90): ids and scopes in a
  // hand-edited state file are found in either case (D150).
  it('finds restored ids and scopes in any case, and looks ids up in any case', () => {
    const { store, call } = checkedStore({ seed: false });
    const upper = RESOURCE.toUpperCase();
    const data = { ...call('create_subscriber_sip_credential', { params: { fabric_subscriber_id: SUBSCRIBER }, body: { username: 'spelt', password: 'x' } }).body, id: upper };
    store.restore({ format: STATE_FORMAT, version: STATE_VERSION, stores: { subscriber: { [SUBSCRIBER.toUpperCase()]: { seq: 1, items: [{ seq: 1, data }] } } } });
    for (const [scope, id] of [[SUBSCRIBER, RESOURCE], [SUBSCRIBER.toUpperCase(), upper], [SUBSCRIBER, upper.slice(0, 9) + RESOURCE.slice(9)]]) {
      expect(call('get_subscriber_sip_credential', { params: { fabric_subscriber_id: scope, id } }), `${scope} ${id}`).toEqual({ status: 200, body: data });
    }
    expect(call('list_subscriber_sip_credentials', { params: { fabric_subscriber_id: SUBSCRIBER } }).body.data).toEqual([data]);
    expect(call('delete_subscriber_sip_credential', { params: { fabric_subscriber_id: SUBSCRIBER, id: RESOURCE } }).status).toBe(204);
    expect(call('get_subscriber_sip_credential', { params: { fabric_subscriber_id: SUBSCRIBER, id: upper } }).status).toBe(404);
  });

  const good = () => checkedStore().store.snapshot() as any;
  it.each([
    ['null', null],
    ['an array', []],
    ['another format', { ...good(), format: 'x' }],
    ['another version', { ...good(), version: 2 }],
    ['stores not an object', { ...good(), stores: 3 }],
    ['an unknown store', { ...good(), stores: { users: {} } }],
    ['a collection without seq', { ...good(), stores: { relay: { '': { items: [] } } } }],
    ['an item without data', { ...good(), stores: { relay: { '': { seq: 1, items: [{ seq: 1 }] } } } }],
    ['an item without id', { ...good(), stores: { relay: { '': { seq: 1, items: [{ seq: 1, data: {} }] } } } }],
    ['a seq past the counter', { ...good(), stores: { relay: { '': { seq: 1, items: [{ seq: 5, data: { id: 'a' } }] } } } }],
    ['a repeated id', { ...good(), stores: { relay: { '': { seq: 2, items: [{ seq: 1, data: { id: 'a' } }, { seq: 2, data: { id: 'a' } }] } } } }],
    ['an id repeated in another case (one uuid, D150)', { ...good(), stores: { relay: { '': { seq: 2, items: [{ seq: 1, data: { id: RESOURCE } }, { seq: 2, data: { id: RESOURCE.toUpperCase() } }] } } } }],
    ['a scope repeated in another case (one uuid, D150)', { ...good(), stores: { subscriber: { [SUBSCRIBER]: { seq: 0, items: [] }, [SUBSCRIBER.toUpperCase()]: { seq: 0, items: [] } } } }],
  ])('refuses %s with a one-line StateError and keeps its state', (_, bad) => {
    const { store } = checkedStore();
    const before = store.snapshot();
    expect(() => store.restore(bad)).toThrow(StateError);
    try {
      store.restore(bad);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
    expect(store.snapshot()).toEqual(before);
  });

  it('counts changes, so persistence knows when to write', () => {
    const { store, call } = checkedStore();
    const v = store.version;
    call('list_sip_endpoints');
    expect(store.version).toBe(v);
    call('create_sip_endpoint', { body: { username: 'v', password: 'x' } });
    expect(store.version).toBe(v + 1);
  });
});

it('answers only the operations it keeps', () => {
  const { store } = checkedStore();
  expect(store.handle({ operationId: 'no_such_operation' })).toBeUndefined();
  expect(store.handles('create_sip_endpoint')).toBe(true);
  // Every operation of the spec is kept, so stateful mode answers each from the store.
  for (const [, item] of Object.entries<any>(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) if (item[method]) expect(store.handles(item[method].operationId), item[method].operationId).toBe(true);
  }
  expect(schemaValidator('RelaySipEndpoint')).toBeTypeOf('function');
});

it('the answer check itself refuses a wrong body and an undeclared status', () => {
  expect(expectDeclared(operation('retrieve_sip_endpoint'), 200, { id: 'not-a-uuid' }).length).toBeGreaterThan(0);
  expect(expectDeclared(operation('retrieve_sip_endpoint'), 418, { error: 'teapot' })).toEqual(['retrieve_sip_endpoint does not declare 418']);
  expect(expectDeclared(operation('delete_sip_endpoint'), 204, { unexpected: true }).length).toBe(1);
});

describe('settings objects (the SIP profile), read from the spec', () => {
  it('seeds it from its example (also when empty), updates it partially, and new endpoints inherit its defaults', () => {
    const { store, call } = checkedStore({ seed: false });
    expect(call('retrieve_sip_profile').body).toEqual(PROFILE);
    const updated = call('update_sip_profile', { body: { default_send_as: 'random', domain_identifier: 'acme' } });
    expect(updated.status).toBe(201);
    expect(updated.body).toEqual({ ...PROFILE, default_send_as: 'random', domain_identifier: 'acme', domain: PROFILE.domain.replace(/^[^.]*/, 'acme') });
    expect(call('retrieve_sip_profile').body).toEqual(updated.body);
    const relay = call('create_sip_endpoint', { body: { username: 'inherits', password: 'x' } }).body;
    // encryption keeps its own `default` (which means "the profile's").
    expect(relay).toMatchObject({ codecs: PROFILE.default_codecs, ciphers: PROFILE.default_ciphers, send_as: 'random', encryption: 'default' });
    const fabric = call('create_sip_credential', { body: { username: 'inherits-f', password: 'x', codecs: ['PCMA'] } }).body;
    expect(fabric.sip_endpoint).toMatchObject({ codecs: ['PCMA'], ciphers: PROFILE.default_ciphers, send_as: 'random', encryption: 'default' });
    const again = createStore(spec, { seed: false });
    again.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(again.handle({ operationId: 'retrieve_sip_profile' })!.body).toEqual(updated.body);
    again.reset({ seed: false });
    expect(again.handle({ operationId: 'retrieve_sip_profile' })!.body).toEqual(PROFILE);
  });

  // `default_send_as` null or "" both mean "a number at random" (SignalWire's
  // definition, DefaultSendAs; D45): a new endpoint shows `random` for either,
  // never the empty string, which no send_as request takes (D152).
  it.each([
    [null, 'create_sip_endpoint'],
    ['', 'create_sip_endpoint'],
    [null, 'create_subscriber_sip_credential'],
    ['', 'create_subscriber_sip_credential'],
    [null, 'create_sip_credential'],
    ['', 'create_sip_credential'],
  ])('default_send_as %j: %s gets send_as random', (value, operationId) => {
    const { call } = checkedStore({ seed: false });
    expect(call('update_sip_profile', { body: { default_send_as: value } }).body.default_send_as).toBe(value);
    const made = call(operationId, { params: { fabric_subscriber_id: SUBSCRIBER }, body: { username: 'sends', password: 'x' } }).body;
    expect((made.sip_endpoint ?? made).send_as).toBe('random');
  });

  it('a profile value the endpoint schema does not take is not inherited', () => {
    const { call } = checkedStore({ seed: false });
    call('update_sip_profile', { body: { default_send_as: null } });
    expect(call('create_sip_endpoint', { body: { username: 'no-send-as', password: 'x' } }).body.send_as).toBe('random');
  });
});

describe('phone routes', () => {
  it('routing a number to a SIP credential answers its address as an app address; an unknown resource is 404', () => {
    const { call, store } = checkedStore();
    const { body: cred } = call('create_sip_credential', { body: { username: 'routed', password: 'pw' } });
    const route = '691af061-cd86-4893-a605-173f47afc4c2';
    const assigned = call('assign_resource_phone_route', { params: { id: cred.id }, body: { phone_route_id: route, handler: 'calling' } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ name: 'routed', type: 'app', locked: false });
    expect(JSON.stringify(store.snapshot())).toContain(route);
    expect(call('assign_resource_phone_route', { params: { id: ROOM }, body: { phone_route_id: route, handler: 'messaging' } })).toEqual({ status: 404, body: { error: 'Not Found' } });
  });
});
