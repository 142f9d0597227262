// What `npm run verify` promises, each against the fake upstream: it never
// claims a clean space it cannot vouch for (LEFT BEHIND with the usernames
// and how to find them), looks things up with retries and through every
// page, never drops an id it refuses to follow, reports a request in flight
// at SIGINT as sent, tells a wrong space from spec mismatches (exit 4),
// creates nothing after the reads answered 401, and does not exit 0 when
// --max-requests left steps unsent.
import { describe, expect, it } from 'vitest';
import { exitCode, type runVerify } from '../../tools/verify/verify.js';
import { formatJson } from '../../tools/verify/report.js';
import { example, fakeRunner, route, type Fake, type Override } from './fake-upstream.js';

const { start, verify } = fakeRunner();

/** Exit 1 when the run also found a mismatch (an undeclared 5xx, say), else 3: never 0 when something may be left behind. */
const unclean = (report: Awaited<ReturnType<typeof runVerify>>) => (report.summary.mismatches > 0 ? 1 : 3);
const createdName = (f: Fake, operationId: string) => (f.seen.find((s) => s.operationId === operationId)!.body as { username: string }).username;

describe('LEFT BEHIND whenever nothing left cannot be proven', () => {
  it('a create without an answer whose look-up fails too: LEFT BEHIND with the username and how to find it, never "nothing was created"', async () => {
    const { report, fake, text } = await verify({ write: true, families: ['relay'], deleteAttempts: 3 }, (r, next) => {
      if (r.operationId === 'create_sip_endpoint') {
        next(); // created, then the connection drops
        return { status: 0, destroy: true };
      }
      // The look-up (a filter_username list) fails every time.
      if (r.operationId === 'list_sip_endpoints' && r.query.has('filter_username')) return { status: 503, raw: '<html>busy</html>' };
      return undefined;
    });
    const username = createdName(fake, 'create_sip_endpoint');
    // The look-up was retried, as often as a delete is.
    expect(fake.seen.filter((s) => s.url.includes('filter_username'))).toHaveLength(3);
    expect(report.summary.unverified).toEqual([{ family: 'relay', username, reason: expect.stringContaining('the look-up failed') }]);
    expect(text).toContain(`cleanup: LEFT BEHIND (possibly) relay endpoint named ${username}: the create got no clear answer and the look-up failed`);
    expect(text).toContain(`Find it with GET /api/relay/rest/endpoints/sip?filter_username=${username} and delete it yourself.`);
    expect(text).not.toContain('nothing was created');
    expect(fake.relay.size).toBe(2); // it is there indeed
    expect(exitCode(report)).toBe(unclean(report));
    expect(JSON.parse(formatJson(report)).summary.unverified[0].username).toBe(username);
  });

  it('a look-up that needs a retry finds it and deletes it', async () => {
    const { report, fake } = await verify({ write: true, families: ['relay'] }, (r, next) => {
      if (r.operationId === 'create_sip_endpoint') return next(), { status: 502, raw: '<html>Bad Gateway</html>' };
      if (r.operationId === 'list_sip_endpoints' && r.query.has('filter_username') && r.count === 2) return { status: 503, raw: 'busy' };
      return undefined;
    });
    expect(report.summary.unverified).toEqual([]);
    expect(report.cleanup).toEqual([expect.objectContaining({ username: createdName(fake, 'create_sip_endpoint'), deleted: true })]);
    expect(fake.relay.size).toBe(1);
  });

  // links.next is an absolute URL or a path relative to the space (the spec's PaginationLinks, D42): both are followed.
  it.each([
    ['an absolute URL', 'https://example.signalwire.com'],
    ['a path relative to the space', ''],
  ])('pages through every result of the Fabric look-up (links.next as %s), not only the first 1,000', async (_form, origin) => {
    const others = Array.from({ length: 5 }, (_, i) => ({ ...example('get_sip_credential'), id: `0000000${i}-0000-4000-8000-000000000000`, sip_endpoint: { ...example('get_sip_credential').sip_endpoint, username: `other-${i}` } }));
    let mine: unknown;
    const { report, fake } = await verify({ write: true, families: ['fabric'] }, (r, next) => {
      if (r.operationId === 'create_sip_credential') return (mine = next().body), { status: 504, raw: '<html>Gateway Timeout</html>' };
      if (r.operationId === 'list_sip_credentials' && (r.query.get('page_size') === '1000' || r.query.has('page_number'))) {
        // Two items a page; ours (created last) on the last page.
        const all = [...others, mine];
        const page = Number(r.query.get('page_number') ?? 0);
        const body = example('list_sip_credentials');
        body.data = all.slice(page * 2, page * 2 + 2);
        body.links = { self: `${origin}/api/fabric/resources/sip_endpoints?page_number=${page}`, ...(page * 2 + 2 < all.length ? { next: `${origin}/api/fabric/resources/sip_endpoints?page_number=${page + 1}&page_size=2&page_token=PA${page + 1}` } : {}) };
        return { status: 200, body };
      }
      return undefined;
    });
    const pages = fake.seen.filter((s) => s.operationId === 'list_sip_credentials' && s.url !== '/api/fabric/resources/sip_endpoints').map((s) => s.url);
    expect(pages).toEqual([
      '/api/fabric/resources/sip_endpoints?page_size=1000',
      '/api/fabric/resources/sip_endpoints?page_number=1&page_size=2&page_token=PA1',
      '/api/fabric/resources/sip_endpoints?page_number=2&page_size=2&page_token=PA2',
    ]);
    expect(report.cleanup).toEqual([expect.objectContaining({ username: createdName(fake, 'create_sip_credential'), deleted: true })]);
    expect(report.summary.unverified).toEqual([]);
    expect(fake.fabric.size).toBe(1);
  });

  it('a next link to another host is not followed: LEFT BEHIND instead', async () => {
    const { report, fake, text } = await verify({ write: true, families: ['fabric'] }, (r, next) => {
      if (r.operationId === 'create_sip_credential') return next(), { status: 500, body: { errors: [] } };
      if (r.operationId === 'list_sip_credentials' && r.query.get('page_size') === '1000') {
        const body = example('list_sip_credentials');
        body.links = { ...body.links, next: 'https://evil.example/steal?page_number=1' };
        return { status: 200, body };
      }
      return undefined;
    });
    expect(fake.seen.filter((s) => s.operationId === 'list_sip_credentials')).toHaveLength(2);
    expect(report.summary.unverified).toEqual([expect.objectContaining({ family: 'fabric', reason: expect.stringContaining('next page link is not one verify follows') })]);
    expect(text).toContain('LEFT BEHIND (possibly) fabric endpoint named');
    expect(exitCode(report)).toBe(unclean(report));
  });

  it.each([
    ['a slash', 'a/b'],
    ['a query', '../x?y'],
    ['empty', ''],
    ['a number', 42],
  ])('an id the server returns that fails the id check (%s) is reported, never dropped', async (_what, badId) => {
    const { report, fake, text } = await verify({ write: true, families: ['relay'] }, (r, next) => {
      if (r.operationId !== 'create_sip_endpoint') return undefined;
      const reply = next();
      return { ...reply, body: { ...(reply.body as object), id: badId } };
    });
    const username = createdName(fake, 'create_sip_endpoint');
    expect(report.summary.unverified).toEqual([{ family: 'relay', username, id: String(badId), reason: `the server gave the id ${JSON.stringify(badId)}, which verify does not put in a URL` }]);
    expect(text).toContain(`LEFT BEHIND (possibly) relay endpoint named ${username} (id ${JSON.stringify(String(badId))})`);
    expect(fake.seen.filter((s) => s.method === 'DELETE')).toEqual([]);
    // The id breaks the spec's uuid format too: a mismatch, exit 1.
    expect(exitCode(report)).toBe(1);
  });

  it('an id that fails the check in the look-up is reported too', async () => {
    const { report, fake } = await verify({ write: true, families: ['relay'] }, (r, next) => {
      if (r.operationId === 'create_sip_endpoint') return next(), { status: 503, body: { error: 'busy' } };
      if (r.operationId === 'list_sip_endpoints' && r.query.has('filter_username')) {
        const reply = next() as { status: number; body: any };
        reply.body.data = reply.body.data.map((item: any) => ({ ...item, id: 'x/../../y' }));
        return reply;
      }
      return undefined;
    });
    expect(report.summary.unverified).toEqual([{ family: 'relay', username: createdName(fake, 'create_sip_endpoint'), reason: 'the server gave the id "x/../../y", which verify does not put in a URL' }]);
  });
});

describe('interruptions, wrong spaces, refused credentials, budgets', () => {
  it('a request in flight at SIGINT is reported as sent (ERROR), not as SKIP', async () => {
    const stop = new AbortController();
    const { report, fake, text } = await verify({ write: true, families: ['fabric'], signal: stop.signal }, (r, next) => {
      if (r.operationId === 'update_sip_credential' && r.count === 1) {
        stop.abort('SIGINT'); // Ctrl-C while the server works on it
        return { ...next(), delayMs: 200 };
      }
      return undefined;
    });
    const inFlight = report.steps.find((s) => s.label === 'update_sip_credential (passthrough)')!;
    expect(inFlight).toMatchObject({ outcome: 'error', reason: 'sent, then interrupted before its answer', attempts: [{ status: 0 }] });
    expect(text).toMatch(/ERROR update_sip_credential \(passthrough\)\s+PUT \/api\/fabric\/resources\/sip_endpoints\/\S+ -> sent, then interrupted before its answer/);
    expect(report.steps.filter((s) => s.outcome === 'skipped' && !s.reason?.startsWith('needs a real resource')).every((s) => s.reason === 'interrupted')).toBe(true);
    expect(fake.seen.filter((s) => s.operationId === 'update_sip_credential')).toHaveLength(1);
    expect(report.summary.leftBehind).toEqual([]);
    expect(exitCode(report)).toBe(130);
  });

  const WRONG: Array<[string, Override | undefined, typeof fetch | undefined]> = [
    ['every answer a 404 page', () => ({ status: 404, raw: '<html><h1>Not Found</h1></html>' }), undefined],
    ['every answer a JSON 404', () => ({ status: 404, body: { error: 'Not Found' } }), undefined],
    ['every answer an HTML page with 200', () => ({ status: 200, raw: '<!doctype html><title>Welcome</title>' }), undefined],
    [
      'a name that does not resolve',
      undefined,
      (async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND nosuch.signalwire.com'), { code: 'ENOTFOUND' }) });
      }) as unknown as typeof fetch,
    ],
  ];

  it.each(WRONG)('a wrong space (%s): "check the space name", exit 4, no mismatches, nothing written', async (_what, override, fetchImpl) => {
    const { report, fake, text } = await verify({ write: true, ...(fetchImpl ? { fetch: fetchImpl } : {}) }, override);
    expect(exitCode(report)).toBe(4);
    expect(report.summary.mismatches).toBe(0);
    expect(report.wrongSpace).toMatch(/does not answer like a SignalWire space$/);
    expect(text).toContain('check the space name:');
    expect(text).not.toContain('mismatch ');
    expect(fake.seen.filter((s) => s.method !== 'GET')).toEqual([]);
    expect(report.steps.filter((s) => s.phase === 'write').every((s) => s.outcome === 'skipped')).toBe(true);
  });

  it('a space that answers one family is not a wrong space: its 404s stay mismatches', async () => {
    const { report } = await verify({}, (r) => (r.operationId === 'list_sip_endpoints' ? { status: 404, raw: '<html>Not Found</html>' } : undefined));
    expect(report.wrongSpace).toBeUndefined();
    expect(exitCode(report)).toBe(1);
  });

  it.each([401, 403])('reads that answer %i: nothing is created, and the run says why', async (status) => {
    const { report, fake, text } = await verify({ write: true }, () => ({ status, body: { error: status === 401 ? 'Unauthorized' : 'Forbidden' } }));
    expect(fake.seen.filter((s) => s.method !== 'GET')).toEqual([]);
    expect(report.summary.created).toBe(0);
    const writes = report.steps.filter((s) => s.phase === 'write');
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.every((s) => s.outcome === 'skipped' && s.reason === report.writesSkipped)).toBe(true);
    expect(report.writesSkipped).toBe(`not sent: list_sip_endpoints answered HTTP ${status}; check SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN and the token's scopes`);
    expect(text).toContain(`writes not sent: list_sip_endpoints answered HTTP ${status}`);
    // 401 is declared (an error, exit 3); 403 is not (a mismatch, exit 1).
    expect(exitCode(report)).toBe(status === 401 ? 3 : 1);
  });

  it.each([
    ['read-only', { maxRequests: 3 }, 2],
    // list, retrieve, create and 3 updates sent; 3 updates and the read-back not.
    ['write', { maxRequests: 6, write: true, families: ['relay'] as const }, 4],
  ])('--max-requests that leaves steps unsent does not exit 0 (%s)', async (_mode, options, unsent) => {
    const { report, text } = await verify(options);
    expect(report.summary.unsent).toBe(unsent);
    expect(report.summary.mismatches + report.summary.errors).toBe(0);
    expect(text).toContain(`${unsent} steps not sent: the request budget (--max-requests ${options.maxRequests}) ran out; the run is incomplete.`);
    expect(exitCode(report)).toBe(3);
    expect(report.summary.leftBehind).toEqual([]);
  });
});

describe('the fake upstream', () => {
  it.each([
    ['GET', '/api/fabric/resources/subscribers/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d/sip_endpoints', 'list_subscriber_sip_credentials', { fabric_subscriber_id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d' }],
    ['PATCH', '/api/fabric/resources/subscribers/s1/sip_endpoints/e1', 'update_subscriber_sip_credential', { fabric_subscriber_id: 's1', id: 'e1' }],
    ['DELETE', '/api/fabric/resources/subscribers/s1/sip_endpoints/e%2F1', 'delete_subscriber_sip_credential', { fabric_subscriber_id: 's1', id: 'e/1' }],
    ['POST', '/api/fabric/resources/r1/sip_endpoints', 'assign_resource_to_sip_credential', { id: 'r1' }],
    ['GET', '/api/fabric/resources/sip_endpoints/e1/addresses', 'list_sip_credential_addresses', { id: 'e1' }],
    ['GET', '/api/fabric/resources/sip_endpoints', 'list_sip_credentials', {}],
  ])('routes %s %s to %s, subscriber routes included', (method, path, operationId, params) => {
    expect(route(method, path)).toEqual({ operationId, params });
  });

  it('sees a subscriber request as its operation', async () => {
    const fake = await start();
    const response = await fetch(`${fake.baseUrl}/api/fabric/resources/subscribers/s1/sip_endpoints`, { headers: { authorization: 'Basic x' } });
    await response.text();
    expect(fake.seen.map((s) => s.operationId)).toEqual(['list_subscriber_sip_credentials']);
  });
});

// attack-client: cleanup when the space misbehaves after the create.
describe('cleanup against a hostile upstream (attack-client)', () => {
  it('a create a proxy sent twice (two endpoints with the run\'s username): the look-up finds both, and both are deleted', async () => {
    const { report, fake } = await verify({ write: true, families: ['relay'] }, (r, next) => {
      if (r.operationId === 'create_sip_endpoint') return next(), next(), { status: 502, raw: '<html>Bad Gateway</html>' };
      return undefined;
    });
    const username = createdName(fake, 'create_sip_endpoint');
    expect(report.cleanup).toHaveLength(2);
    expect(report.cleanup.every((c) => c.username === username && c.deleted)).toBe(true);
    expect(new Set(report.cleanup.map((c) => c.id)).size).toBe(2);
    expect([...fake.relay.values()].filter((e) => e.username === username)).toEqual([]);
    expect(report.summary.unverified).toEqual([]);
  });

  it.each([401, 403, 500])('a delete that answers %i every time (token revoked mid-run, a broken server): LEFT BEHIND with the id, exit non-zero', async (status) => {
    const { report, fake, text } = await verify({ write: true, families: ['fabric'], deleteAttempts: 2 }, (r) =>
      r.operationId === 'delete_sip_credential' ? { status, body: { errors: [{ code: 'nope', message: 'no', attribute: null, url: null }] } } : undefined,
    );
    const [record] = report.cleanup;
    expect(record).toMatchObject({ family: 'fabric', deleted: false });
    expect(fake.fabric.has(record.id)).toBe(true);
    expect(text).toContain('cleanup: LEFT BEHIND');
    expect(text).toContain(record.id);
    expect(text).not.toContain('nothing was created');
    expect(exitCode(report)).not.toBe(0);
  });
});
