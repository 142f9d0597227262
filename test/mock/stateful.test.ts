// `npm run mock -- --stateful`, end to end: the mock on a loopback port,
// driven through createSipClient and raw fetch. Every answer, errors
// included, is checked against the schema its operation declares for that
// status (tools/bundled-spec), so this mode never sends what the spec
// forbids. The server runs in this process, wired as scripts/mock.mjs wires
// it (test/support/mock-process.ts), except where the test is about the
// process: a restart that reads its state file back after SIGTERM wrote it,
// and the start-up errors (a corrupt state file, flags): D120.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSipClient, isApiError, SignalWireApiError } from '../../src/index.js';
import { matchPath } from '../../lib/spec/index.mjs';
import { operations } from '../../tools/bundled-spec.js';
import { startMock, startMockInProcess, TEST_MOCK_ENV, type InProcessMock, type RunningMock } from '../support/mock-process.js';
import { AUTH, expectDeclared } from '../support/mock-client.js';

const ROOM = '3b1f0a8c-7d2e-4f5a-9b6c-1d0e2f3a4b5c';
const RESOURCE = '6f1c4b0e-2a8d-4f6e-9a37-1d2c3b4a5e6f';
const SUBSCRIBER = 'd369a402-7b43-4512-8735-9d5e1f387814';
const SEEDS = { relay: 1, fabric: 1, subscriber: 2 };
/** How long a mock process may take to start (or to fail to) on a loaded machine; tests that start one get a multiple of it. */
const START_TIMEOUT = 90_000;

/** The operations, for the spec module's route matcher (lib/spec matchPath). */
const routes = operations();

/** Problems found in answers (wrong status or body for the operation); every test ends expecting none. */
let problems: string[] = [];

/** Checks one answer against the operation its method and path select. */
async function check(method: string, url: string, response: Response): Promise<void> {
  const { pathname } = new URL(url);
  const route = matchPath(routes, method, pathname)?.operation;
  if (!route) return void problems.push(`${method} ${pathname}: no operation`);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    return void problems.push(`${route.operationId} ${response.status}: not JSON: ${text.slice(0, 80)}`);
  }
  problems.push(...expectDeclared(route, response.status, json).map((p) => `${route.operationId} ${response.status}: ${p}`));
}

/** fetch that checks every answer it gets. */
const checkingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await fetch(request.clone());
  await check(request.method, request.url, response.clone());
  return response;
};

/** A raw call to the mock at `base`, checked; `json` is the parsed body. */
async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await checkingFetch(base + path, {
    method,
    headers: { authorization: AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const clientFor = (base: string) => createSipClient({ baseUrl: base, projectId: 'project-id', token: 'api-token', fetch: checkingFetch, validateResponses: true, retry: false });

let dir: string;
/** `--stateful --state main.json`, in this process. */
let mock: InProcessMock;
/** The stateless mock (no flags), in this process: what the stateful one must answer alike for a bad request. */
let stateless: InProcessMock;
const started: Array<RunningMock | InProcessMock> = [];
/** A mock process (`scripts/mock.mjs --port 0 …args`), stopped after the file. */
async function start(args: string[]) {
  const m = await startMock(args, START_TIMEOUT, TEST_MOCK_ENV);
  started.push(m);
  return m;
}
/** A mock in this process (the options are the flags'), stopped after the file. */
async function startHere(options: Parameters<typeof startMockInProcess>[0]) {
  const m = await startMockInProcess(options);
  started.push(m);
  return m;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sip-spec-stateful-'));
  [mock, stateless] = await Promise.all([startHere({ stateful: true, statePath: join(dir, 'main.json') }), startHere({})]);
}, START_TIMEOUT);
afterAll(async () => {
  await Promise.all(started.map((m) => m.stop()));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  const found = problems;
  problems = [];
  expect(found).toEqual([]);
});

/** Every item of a list, following links.next (absolute or relative) to the end. */
async function walk(base: string, path: string) {
  const items: any[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next && pages < 500) {
    const url = new URL(next, base);
    const page = await api(base, 'GET', url.pathname + url.search);
    expect(page.status).toBe(200);
    items.push(...page.json.data);
    next = page.json.links.next;
    pages++;
  }
  expect(next).toBeUndefined();
  return { items, pages };
}

describe('validation first: the stateless answers for bad requests', () => {
  const bad: Array<[string, string, string, unknown, Record<string, string>?]> = [
    ['no credentials', 'GET', '/api/relay/rest/endpoints/sip', undefined, { authorization: '' }],
    ['video_room without its id', 'POST', '/api/relay/rest/endpoints/sip', { username: 'v', password: 'p', call_handler: 'video_room' }],
    ['another handler field', 'PUT', `/api/fabric/resources/sip_endpoints/993ed018-9e79-4e50-b97b-984bd5534095`, { call_handler: 'block-pstn', calling_handler_resource_id: RESOURCE }],
    ['a malformed id', 'GET', '/api/relay/rest/endpoints/sip/not-a-uuid', undefined],
    ['a page size out of bounds', 'GET', '/api/fabric/resources/sip_endpoints?page_size=0', undefined],
    ['broken JSON', 'POST', '/api/relay/rest/endpoints/sip', '{"username":'],
    ['a subscriber body with a handler', 'POST', `/api/fabric/resources/subscribers/${SUBSCRIBER}/sip_endpoints`, { username: 'x', password: 'p', call_handler: 'default' }],
  ];
  it.each(bad)('%s: same status and body as the stateless mock', async (_, method, path, body, headers = {}) => {
    const stateful = await api(mock.url, method, path, body, headers);
    const plain = await api(stateless.url, method, path, body, headers);
    expect(stateful.status).toBeGreaterThanOrEqual(400);
    expect({ status: stateful.status, json: stateful.json }).toEqual({ status: plain.status, json: plain.json });
  });

  it('a refused create stores nothing', async () => {
    const before = (await walk(mock.url, '/api/relay/rest/endpoints/sip?page_size=1000')).items.length;
    await api(mock.url, 'POST', '/api/relay/rest/endpoints/sip', { username: 'nope', password: 'p', call_handler: 'video_room' });
    expect((await walk(mock.url, '/api/relay/rest/endpoints/sip?page_size=1000')).items.length).toBe(before);
  });

  it('Prefer: code=… still picks Prism’s answer', async () => {
    const forced = await api(mock.url, 'GET', `/api/relay/rest/endpoints/sip/${ROOM}`, undefined, { prefer: 'code=500' });
    expect(forced.status).toBe(500);
  });

  // The store steps aside for exactly the requests whose Prefer the server
  // (Prism's decoder) reads as asking for an answer: any case of the
  // header's names, and Prism's query forms (`__dynamic`, `__code`) too (D151).
  it.each([
    ['Prefer: dynamic=true', '', { prefer: 'dynamic=true' }],
    ['Prefer: DYNAMIC=true', '', { prefer: 'DYNAMIC=true' }],
    ['Prefer: Dynamic=false', '', { prefer: 'Dynamic=false' }],
    ['?__dynamic=true', '?__dynamic=true', {}],
    ['?__dynamic=false', '?__dynamic=false', {}],
    ['?__code=200', '?__code=200', {}],
  ])('%s: Prism answers, as the stateless mock does, and nothing is stored', async (_, query, headers) => {
    const before = (await api(mock.url, 'GET', '/api/relay/rest/endpoints/sip?page_size=1000')).json.data.length;
    const body = { username: `prefer-${Math.random().toString(36).slice(2, 8)}`, password: 'x' };
    const [stateful, plain] = await Promise.all([
      api(mock.url, 'POST', `/api/relay/rest/endpoints/sip${query}`, body, headers),
      api(stateless.url, 'POST', `/api/relay/rest/endpoints/sip${query}`, body, headers),
    ]);
    expect(stateful.status).toBe(plain.status);
    expect((await api(mock.url, 'GET', '/api/relay/rest/endpoints/sip?page_size=1000')).json.data.length).toBe(before);
  });
});

describe('a full CRUD walk through createSipClient', () => {
  it('Relay: video_room → laml_webhooks → delete', async () => {
    const client = clientFor(mock.url);
    const created = await client.createSipEndpoint({ username: 'walk-relay', password: 's3cret', call_handler: 'video_room', call_video_room_id: ROOM });
    expect(created).toMatchObject({ username: 'walk-relay', call_handler: 'video_room', call_video_room_id: ROOM, encryption: 'default', call_request_url: null });
    expect(created).not.toHaveProperty('password');
    expect(await client.retrieveSipEndpoint(created.id)).toEqual(created);
    const listed = await client.listSipEndpoints({ query: { filter_username: 'walk-relay' } });
    expect(listed.data.map((e) => e.id)).toEqual([created.id]);

    const updated = await client.updateSipEndpoint(created.id, { call_handler: 'laml_webhooks', call_request_url: 'https://example.com/voice' });
    expect(updated).toMatchObject({ call_handler: 'laml_webhooks', call_video_room_id: null, call_request_url: 'https://example.com/voice' });
    expect(await client.retrieveSipEndpoint(created.id)).toEqual(updated);
    expect(await client.updateSipEndpoint(created.id, { caller_id: 'Desk' })).toEqual({ ...updated, caller_id: 'Desk' });

    await client.deleteSipEndpoint(created.id);
    const gone = await client.retrieveSipEndpoint(created.id).catch((e) => e);
    expect(gone).toBeInstanceOf(SignalWireApiError);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: 'Not Found' });
  });

  it('Fabric: resource → block-pstn, addresses, delete', async () => {
    const client = clientFor(mock.url);
    const created = await client.createSipCredential({ username: 'walk-fabric', password: 'pw', call_handler: 'resource', calling_handler_resource_id: RESOURCE });
    expect(created).toMatchObject({ type: 'sip_endpoint', display_name: 'walk-fabric', sip_endpoint: { id: created.id, call_handler: 'resource', calling_handler_resource_id: RESOURCE } });
    expect(await client.getSipCredential(created.id)).toEqual(created);
    const addresses = await client.listSipCredentialAddresses(created.id);
    expect(addresses.data).toEqual([expect.objectContaining({ name: 'walk-fabric', type: 'call' })]);

    const switched = await client.updateSipCredential(created.id, { call_handler: 'block-pstn' });
    expect(switched.sip_endpoint).toMatchObject({ call_handler: 'block-pstn', calling_handler_resource_id: null });
    expect((await client.getSipCredential(created.id)).sip_endpoint.calling_handler_resource_id).toBeNull();

    await client.deleteSipCredential(created.id);
    for (const call of [() => client.getSipCredential(created.id), () => client.listSipCredentialAddresses(created.id), () => client.deleteSipCredential(created.id)]) {
      const error = await call().catch((e) => e);
      expect(isApiError(error) && error.status).toBe(404);
    }
  });

  it('subscriber: create, list, patch, delete under one subscriber', async () => {
    const client = clientFor(mock.url);
    const created = await client.createSubscriberSipCredential(SUBSCRIBER, { username: 'walk-sub', password: 'pw' });
    const profile = await client.retrieveSipProfile();
    expect(created).toEqual({ id: created.id, username: 'walk-sub', caller_id: null, send_as: profile.default_send_as, ciphers: profile.default_ciphers, codecs: profile.default_codecs, encryption: 'default' });
    expect((await client.listSubscriberSipCredentials(SUBSCRIBER)).data.map((c) => c.id)).toContain(created.id);
    expect(await client.updateSubscriberSipCredential(SUBSCRIBER, created.id, { caller_id: 'Carol' })).toEqual({ ...created, caller_id: 'Carol' });
    expect(await client.getSubscriberSipCredential(SUBSCRIBER, created.id)).toEqual({ ...created, caller_id: 'Carol' });
    await client.deleteSubscriberSipCredential(SUBSCRIBER, created.id);
    const error = await client.getSubscriberSipCredential(SUBSCRIBER, created.id).catch((e) => e);
    expect(isApiError(error) && error.status).toBe(404);
  });

  it('assign: the answer, then the resource on the credential', async () => {
    const client = clientFor(mock.url);
    const credential = await client.createSipCredential({ username: 'walk-assign', password: 'pw' });
    const assigned = await client.assignResourceToSipCredential(RESOURCE, { sip_endpoint_id: credential.id });
    expect(assigned).toMatchObject({ id: credential.id, name: 'walk-assign', type: 'call' });
    expect((await client.getSipCredential(credential.id)).sip_endpoint).toMatchObject({ call_handler: 'resource', calling_handler_resource_id: RESOURCE });
    const error = await client.assignResourceToSipCredential(RESOURCE, { sip_endpoint_id: ROOM }).catch((e) => e);
    expect(isApiError(error) && error.status).toBe(404);
  });
});

describe('usernames, paging, concurrency, reset, persistence', () => {
  it('a duplicate username gets 422 naming username, in the family shape', async () => {
    const client = clientFor(mock.url);
    await client.createSipEndpoint({ username: 'dup-name', password: 'x' });
    const relay = await client.createSipEndpoint({ username: 'dup-name', password: 'y' }).catch((e) => e);
    expect(relay.status).toBe(422);
    expect(relay.body).toEqual({ errors: [{ detail: 'username has already been taken', status: '422', title: 'Invalid Attribute', code: '422' }] });
    const fabric = await client.createSipCredential({ username: 'dup-name', password: 'pw' }).catch((e) => e);
    expect(fabric.status).toBe(422);
    expect(fabric.body.errors[0]).toMatchObject({ attribute: 'username', message: 'username has already been taken' });
  });

  it('200 concurrent creates: 200 distinct ids, all listed once, none lost', async () => {
    const isolated = await startHere({ stateful: true, empty: true, statePath: join(dir, 'concurrent.json') });
    const client = clientFor(isolated.url);
    const created = await Promise.all(Array.from({ length: 200 }, (_, i) => client.createSipEndpoint({ username: `load-${i}`, password: 'x' })));
    expect(new Set(created.map((e) => e.id)).size).toBe(200);
    const { items, pages } = await walk(isolated.url, '/api/relay/rest/endpoints/sip?page_size=7');
    expect(pages).toBe(Math.ceil(200 / 7));
    expect(items.map((e) => e.id).sort()).toEqual(created.map((e) => e.id).sort());
    // Concurrent partial updates of different fields of one endpoint: none lost.
    const id = created[0].id;
    await Promise.all([client.updateSipEndpoint(id, { caller_id: 'A' }), client.updateSipEndpoint(id, { send_as: '+15550001111' }), client.updateSipEndpoint(id, { encryption: 'required' })]);
    expect(await client.retrieveSipEndpoint(id)).toMatchObject({ caller_id: 'A', send_as: '+15550001111', encryption: 'required' });
    await isolated.stop();
    const saved = JSON.parse(readFileSync(join(dir, 'concurrent.json'), 'utf8'));
    expect(saved.stores.relay[''].items).toHaveLength(200);
  }, START_TIMEOUT * 2);

  // One `--stateful` mock (seeds, no state file) for the two tests below; each resets it to the seeds first.
  let seededMock: Promise<InProcessMock> | undefined;
  const seededFromStart = async () => {
    const m = await (seededMock ??= startHere({ stateful: true }));
    expect((await fetch(`${m.url}/__mock/state`, { method: 'DELETE' })).status).toBe(204);
    return m;
  };

  it('with the seeds, the list total is 200 plus the seeds', async () => {
    const seeded = await seededFromStart();
    const client = clientFor(seeded.url);
    await Promise.all(Array.from({ length: 200 }, (_, i) => client.createSipCredential({ username: `seeded-${i}`, password: 'pw' })));
    const { items } = await walk(seeded.url, '/api/fabric/resources/sip_endpoints?page_size=50');
    expect(items).toHaveLength(200 + SEEDS.fabric);
    expect(new Set(items.map((c) => c.id)).size).toBe(200 + SEEDS.fabric);
  }, START_TIMEOUT * 2);

  it('paging: links.next reaches every item exactly once, with a filter too', async () => {
    const client = clientFor(mock.url);
    for (let i = 0; i < 11; i++) await client.createSipEndpoint({ username: `page-${i}`, password: 'x', caller_id: i % 3 ? 'Lobby' : 'Office' });
    const { items } = await walk(mock.url, '/api/relay/rest/endpoints/sip?page_size=3&filter_username=page-');
    expect(items.map((e) => e.username)).toEqual(Array.from({ length: 11 }, (_, i) => `page-${i}`));
    const office = await walk(mock.url, '/api/relay/rest/endpoints/sip?page_size=2&filter_caller_id=office&filter_username=page-');
    expect(office.items.map((e) => e.username)).toEqual(['page-0', 'page-3', 'page-6', 'page-9']);
  });

  // The store reads a query value as the validation before it read it
  // (Prism leaves an empty value out; Ajv coerces other numeric strings by
  // `+value`): the page equals the one for that value written plainly.
  const RELAY = '/api/relay/rest/endpoints/sip';
  const FABRIC = '/api/fabric/resources/sip_endpoints';
  it.each([
    ['page_size=', '', [RELAY, FABRIC]],
    ['page_number=', '', [RELAY, FABRIC]],
    ['page_token=', '', [RELAY, FABRIC]],
    ['page_token=&page_number=0', '', [RELAY, FABRIC]],
    ['filter_username=', '', [RELAY]],
    ['page_size=', 'page_number=0', [RELAY, FABRIC]],
    ['page_size=0x2', 'page_size=2', [RELAY, FABRIC]],
    ['page_size=2.0', 'page_size=2', [RELAY, FABRIC]],
    ['page_size=%2B2', 'page_size=2', [RELAY, FABRIC]],
    ['page_size=2e0', 'page_size=2', [RELAY, FABRIC]],
    ['page_size=2&page_number=', 'page_size=2', [RELAY, FABRIC]],
  ])('paging and filters: %s lists what %s lists', async (query, plain, paths) => {
    for (const path of paths) {
      const [read, expected] = await Promise.all([api(mock.url, 'GET', `${path}?${query}`), api(mock.url, 'GET', `${path}${plain ? `?${plain}` : ''}`)]);
      expect([read.status, expected.status], path).toEqual([200, 200]);
      expect(read.json, path).toEqual(expected.json);
    }
  });

  // A uuid is case-insensitive (RFC 9562; D90 keeps the spec's pattern
  // case-free, so validation lets `ABCD…` through): the store finds an item
  // by its id in any case, as by the id SignalWire gave out (D150).
  const upper = (id: string) => id.toUpperCase();
  const encoded = (id: string) => id.replace(/-/g, '%2D');
  it.each([
    ['upper case', upper],
    ['percent-encoded hyphens, upper case', (id: string) => encoded(upper(id))],
  ])('ids in %s reach the same item as the ids given out', async (_, spell) => {
    const client = clientFor(mock.url);
    const tag = Math.random().toString(36).slice(2, 8);
    const subscriber = crypto.randomUUID();
    const relay = await client.createSipEndpoint({ username: `case-r-${tag}`, password: 'x' });
    const fabric = await client.createSipCredential({ username: `case-f-${tag}`, password: 'x' });
    const SUB = (id: string) => `/api/fabric/resources/subscribers/${id}/sip_endpoints`;
    const made = await api(mock.url, 'POST', SUB(spell(subscriber)), { username: `case-s-${tag}`, password: 'x' });
    expect(made.status).toBe(201);
    const reads = [
      (id: (s: string) => string) => `/api/relay/rest/endpoints/sip/${id(relay.id)}`,
      (id: (s: string) => string) => `/api/fabric/resources/sip_endpoints/${id(fabric.id)}`,
      (id: (s: string) => string) => `/api/fabric/resources/sip_endpoints/${id(fabric.id)}/addresses`,
      (id: (s: string) => string) => SUB(id(subscriber)),
      (id: (s: string) => string) => `${SUB(id(subscriber))}/${id(made.json.id)}`,
    ];
    for (const path of reads) {
      const [spelt, plain] = await Promise.all([api(mock.url, 'GET', path(spell)), api(mock.url, 'GET', path((id) => id))]);
      expect(plain.status, path(spell)).toBe(200);
      expect({ status: spelt.status, json: spelt.json }, path(spell)).toEqual({ status: plain.status, json: plain.json });
    }
    expect((await api(mock.url, 'GET', SUB(subscriber))).json.data.map((c: any) => c.id)).toEqual([made.json.id]);
    const put = await api(mock.url, 'PUT', `/api/relay/rest/endpoints/sip/${spell(relay.id)}`, { caller_id: 'Spelt' });
    expect([put.status, put.json.caller_id]).toEqual([200, 'Spelt']);
    expect((await client.retrieveSipEndpoint(relay.id)).caller_id).toBe('Spelt');
    const patch = await api(mock.url, 'PATCH', `${SUB(spell(subscriber))}/${spell(made.json.id)}`, { caller_id: 'Spelt' });
    expect([patch.status, patch.json.caller_id]).toEqual([200, 'Spelt']);
    const assigned = await api(mock.url, 'POST', `/api/fabric/resources/${spell(RESOURCE)}/sip_endpoints`, { sip_endpoint_id: upper(fabric.id) });
    expect(assigned.status).toBe(200);
    expect((await client.getSipCredential(fabric.id)).sip_endpoint).toMatchObject({ call_handler: 'resource', calling_handler_resource_id: RESOURCE });
    const routed = await api(mock.url, 'POST', `/api/fabric/resources/${spell(fabric.id)}/phone_routes`, { phone_route_id: RESOURCE, handler: 'calling' });
    expect(routed.status).toBe(200);
    for (const path of [`/api/relay/rest/endpoints/sip/${spell(relay.id)}`, `/api/fabric/resources/sip_endpoints/${spell(fabric.id)}`, `${SUB(spell(subscriber))}/${spell(made.json.id)}`]) {
      expect((await api(mock.url, 'DELETE', path)).status, path).toBe(204);
    }
    expect((await client.retrieveSipEndpoint(relay.id).catch((e) => e)).status).toBe(404);
    expect((await client.getSipCredential(fabric.id).catch((e) => e)).status).toBe(404);
    expect((await api(mock.url, 'GET', SUB(subscriber))).json.data).toEqual([]);
  });

  it('DELETE /__mock/state resets to the seeds, or empties with ?seed=false', async () => {
    const m = await seededFromStart();
    const client = clientFor(m.url);
    const made = await client.createSipEndpoint({ username: 'to-reset', password: 'x' });
    expect((await fetch(`${m.url}/__mock/state`, { method: 'DELETE' })).status).toBe(204);
    expect((await client.retrieveSipEndpoint(made.id).catch((e) => e)).status).toBe(404);
    expect((await client.listSipEndpoints()).data).toHaveLength(SEEDS.relay);
    expect((await fetch(`${m.url}/__mock/state?seed=false`, { method: 'DELETE' })).status).toBe(204);
    expect((await client.listSipEndpoints()).data).toEqual([]);
    const state = await (await fetch(`${m.url}/__mock/state`)).json();
    expect(state.format).toBe('sip-spec-mock-state');
    expect((await fetch(`${m.url}/__mock/state`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${m.url}/__mock/state?seed=maybe`, { method: 'DELETE' })).status).toBe(400);
  }, START_TIMEOUT * 2);

  // The first process ends by SIGHUP (its terminal closed), the second by SIGTERM: each writes the state file on its way out.
  it('--state: a restart with the same file brings the store back', async () => {
    const file = join(dir, 'restart.json');
    const first = await start(['--stateful', '--state', file]);
    const client = clientFor(first.url);
    const relay = await client.createSipEndpoint({ username: 'survivor', password: 'x', call_handler: 'video_room', call_video_room_id: ROOM });
    const fabric = await client.createSipCredential({ username: 'survivor-f', password: 'pw' });
    const sub = await client.createSubscriberSipCredential(SUBSCRIBER, { username: 'survivor-s', password: 'x' });
    await client.deleteSipEndpoint('67075301-69b2-4fc3-8a2c-c95a69a5665e'); // a seed, deleted, stays deleted
    await first.stop('SIGHUP');
    expect(first.child.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('"password"');

    const second = await start(['--stateful', '--state', file]);
    expect(second.output()).toContain(`loaded from ${file}`);
    const again = clientFor(second.url);
    expect(await again.retrieveSipEndpoint(relay.id)).toEqual(relay);
    expect(await again.getSipCredential(fabric.id)).toEqual(fabric);
    expect(await again.getSubscriberSipCredential(SUBSCRIBER, sub.id)).toEqual(sub);
    expect((await again.retrieveSipEndpoint('67075301-69b2-4fc3-8a2c-c95a69a5665e').catch((e) => e)).status).toBe(404);
    // Ids keep counting where they were: a new create pages after the old ones.
    await again.createSipEndpoint({ username: 'after-restart', password: 'x' });
    expect((await walk(second.url, '/api/relay/rest/endpoints/sip?page_size=1')).items.map((e) => e.username)).toEqual(['survivor', 'after-restart']);
    await second.stop('SIGTERM');
    expect(second.child.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"after-restart"');
  }, START_TIMEOUT * 3);

  it.each([
    ['not JSON', '{"format":"sip-spec-mock-state",'],
    ['not our state', '{"hello":"world"}'],
    ['a broken record', '{"format":"sip-spec-mock-state","version":1,"stores":{"relay":{"":{"seq":1,"items":[{"seq":1}]}}}}'],
  ])('a corrupt state file (%s) stops start-up with one clear line and is not overwritten', async (_, content) => {
    const file = join(dir, `corrupt-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, content);
    const error = await startMock(['--stateful', '--state', file], START_TIMEOUT, TEST_MOCK_ENV).then(
      (m) => (started.push(m), undefined),
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/exited \(1\)/);
    const lines = error!.message.split('\n').filter((l) => l.includes('mock:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(/not valid JSON|not a state this mock wrote/);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(existsSync(file)).toBe(true);
  }, START_TIMEOUT * 2);

  it.each([
    ['--state without --stateful', ['--state', 'x.json'], '--empty and --state work with --stateful only'],
    ['--empty without --stateful', ['--empty'], '--empty and --state work with --stateful only'],
    ['a state file in a folder that does not exist', ['--stateful', '--state', '/nonexistent-sip-spec/state.json'], 'cannot write state file /nonexistent-sip-spec/state.json (ENOENT)'],
  ])('%s: one line, exit 1', async (_, args, line) => {
    const error = await startMock(args, START_TIMEOUT, TEST_MOCK_ENV).then(
      (m) => (started.push(m), undefined),
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/exited \(1\)/);
    const lines = error!.message.split('\n').filter((l) => l.startsWith('mock:'));
    expect(lines).toEqual([expect.stringContaining(line)]);
  }, START_TIMEOUT * 2);
});
