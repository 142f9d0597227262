// --write always deletes what it created: a delete that fails midway is
// retried a bounded number of times and reported; a failed step, an
// interruption or a create without a clear answer still ends in a delete.
import { afterEach, describe, expect, it } from 'vitest';
import { exitCode, runVerify, type VerifyOptions } from '../../tools/verify/verify.js';
import { formatText } from '../../tools/verify/report.js';
import { PROJECT, startFake, TOKEN, type Fake, type Override } from './fake-upstream.js';

let fake: Fake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function write(options: Partial<VerifyOptions>, override?: Override) {
  fake = await startFake({ override });
  const sleeps: number[] = [];
  const report = await runVerify({ baseUrl: fake.baseUrl, projectId: PROJECT, token: TOKEN, write: true, pauseMs: 0, sleep: async (ms) => void sleeps.push(ms), ...options });
  return { report, sleeps, fake };
}

const deletes = (f: Fake) => f.seen.filter((s) => s.method === 'DELETE');

describe('cleanup', () => {
  it('retries a delete that answers 503 twice, then 204, and reports every attempt', async () => {
    const { report, sleeps, fake } = await write({ families: ['relay'] }, (route, next) =>
      route.operationId === 'delete_sip_endpoint' && route.count <= 2 ? { status: 503, raw: '<html>Service Unavailable</html>' } : route.operationId === 'delete_sip_endpoint' ? next() : undefined,
    );
    const id = report.cleanup[0]?.id;
    expect(report.cleanup).toEqual([{ family: 'relay', id, username: expect.stringMatching(/^sipspec-verify-relay-/), deleted: true, attempts: 3, statuses: [503, 503, 204] }]);
    expect(deletes(fake).map((s) => s.id)).toEqual([id, id, id]);
    expect(fake.relay.has(id)).toBe(false);
    expect(sleeps).toEqual([1000, 2000]); // bounded backoff between attempts
    const step = report.steps.find((s) => s.operationId === 'delete_sip_endpoint')!;
    expect(step).toMatchObject({ outcome: 'passed', status: 204 });
    expect(step.warnings.map((w) => w.message)).toEqual(['attempt 1: HTTP 503 (not declared by the spec); retried', 'attempt 2: HTTP 503 (not declared by the spec); retried']);
    expect(exitCode(report)).toBe(0);
    const text = formatText(report);
    expect(text).toContain(`PASS  delete_sip_endpoint (the one created)`);
    expect(text).toContain('-> HTTP 204 (answers: 503, 503, 204)');
    expect(text).toContain(`cleanup: deleted relay endpoint ${id} (`);
    expect(text).toContain('after 3 attempts: 503, 503, 204');
  });

  it('stops after the last attempt, says what is left behind, and exits non-zero', async () => {
    const { report, fake } = await write({ families: ['fabric'], deleteAttempts: 3 }, (route) =>
      route.operationId === 'delete_sip_credential' ? { status: 503, body: { error: 'Service Unavailable' } } : undefined,
    );
    expect(deletes(fake)).toHaveLength(3);
    const [left] = report.summary.leftBehind;
    expect(left).toMatchObject({ family: 'fabric', username: expect.stringMatching(/^sipspec-verify-fabric-/) });
    expect(report.cleanup[0]).toMatchObject({ deleted: false, attempts: 3, statuses: [503, 503, 503] });
    expect(fake.fabric.has(left.id)).toBe(true);
    expect(exitCode(report)).not.toBe(0);
    expect(formatText(report)).toContain(`cleanup: LEFT BEHIND fabric endpoint ${left.id} (${left.username}) after 3 attempts: 503, 503, 503. Delete it yourself.`);
  });

  it('deletes even when a step fails midway (a connection dropped on an update)', async () => {
    const { report, fake } = await write({ families: ['relay'] }, (route) =>
      route.operationId === 'update_sip_endpoint' && route.count === 2 ? { status: 200, destroy: true } : undefined,
    );
    const broken = report.steps.find((s) => s.label === 'update_sip_endpoint (laml_webhooks)')!;
    expect(broken).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/^no answer \(/) });
    expect(report.steps.find((s) => s.label === 'update_sip_endpoint (relay_context)')!.outcome).toBe('passed');
    expect(report.cleanup).toEqual([expect.objectContaining({ deleted: true })]);
    expect(fake.relay.size).toBe(1);
  });

  it('deletes even when verify itself throws mid-run', async () => {
    fake = await startFake();
    let steps = 0;
    const report = await runVerify({
      baseUrl: fake.baseUrl,
      projectId: PROJECT,
      token: TOKEN,
      write: true,
      families: ['relay'],
      pauseMs: 0,
      onEvent: (event) => {
        if (event.type === 'step' && event.step.operationId === 'update_sip_endpoint' && ++steps === 1) throw new Error('boom');
      },
    });
    expect(report.fatal).toBe('Error: boom');
    expect(report.cleanup).toEqual([expect.objectContaining({ deleted: true })]);
    expect(fake.relay.size).toBe(1);
    expect(exitCode(report)).toBe(3);
  });

  it('on interruption, stops after the request in flight and deletes what it created', async () => {
    const stop = new AbortController();
    fake = await startFake();
    fake.onRequest = (seen) => {
      if (seen.operationId === 'update_sip_credential') stop.abort();
    };
    const report = await runVerify({ baseUrl: fake.baseUrl, projectId: PROJECT, token: TOKEN, write: true, pauseMs: 0, signal: stop.signal });
    expect(report.interrupted).toBe(true);
    expect(exitCode(report)).toBe(130);
    expect(fake.seen.filter((s) => s.operationId === 'update_sip_credential')).toHaveLength(1);
    expect(deletes(fake).map((s) => s.operationId)).toEqual(['delete_sip_endpoint', 'delete_sip_credential']);
    expect(report.summary.leftBehind).toEqual([]);
    expect(report.steps.filter((s) => s.reason === 'interrupted').length).toBeGreaterThan(0);
    expect(fake.fabric.size).toBe(1);
    expect(formatText(report)).toContain('interrupted: the run stopped early');
  });

  it('looks for an endpoint whose create got no clear answer, and deletes it', async () => {
    const { report, fake } = await write({ families: ['relay'] }, (route, next) => {
      if (route.operationId !== 'create_sip_endpoint') return undefined;
      next(); // the server creates it, then fails to say so
      return { status: 500, body: { error: 'Internal Server Error' } };
    });
    const lookup = report.steps.find((s) => s.label === 'list_sip_endpoints (look for the one created)')!;
    expect(lookup).toMatchObject({ outcome: 'passed', phase: 'cleanup' });
    const username = (fake.seen.find((s) => s.operationId === 'create_sip_endpoint')!.body as any).username;
    expect(fake.seen.find((s) => s.url.includes('filter_username'))!.url).toBe(`/api/relay/rest/endpoints/sip?filter_username=${username}`);
    expect(report.cleanup).toEqual([expect.objectContaining({ username, deleted: true })]);
    expect(fake.relay.size).toBe(1);
    // Found, it is as good as created: the run goes on with it.
    expect(report.steps.find((s) => s.label === 'update_sip_endpoint (relay_connector)')).toMatchObject({ outcome: 'passed', id: report.cleanup[0].id });
  });

  it('keeps cleanup requests bounded even when the budget is spent', async () => {
    const { report, fake } = await write({ families: ['relay'], maxRequests: 3, deleteAttempts: 2 }, (route) =>
      route.operationId === 'delete_sip_endpoint' ? { status: 503, body: { error: 'busy' } } : undefined,
    );
    // list, retrieve, create: the budget; then two delete attempts outside it.
    expect(fake.seen.map((s) => s.method)).toEqual(['GET', 'GET', 'POST', 'DELETE', 'DELETE']);
    expect(report.requests).toBe(5);
    expect(report.summary.leftBehind).toHaveLength(1);
  });
});

describe('cleanup without an answer', () => {
  it('retries a delete whose connection drops, and a later 404 means an earlier attempt deleted it', async () => {
    const { report, fake } = await write({ families: ['fabric'] }, (route, next) => {
      if (route.operationId !== 'delete_sip_credential') return undefined;
      if (route.count === 1) {
        next(); // deleted on the server, but the answer is lost
        return { status: 204, destroy: true };
      }
      return undefined;
    });
    expect(report.cleanup[0]).toMatchObject({ deleted: true, attempts: 2, statuses: ['no answer', 404], note: 'already gone (an earlier attempt probably deleted it)' });
    const step = report.steps.find((s) => s.operationId === 'delete_sip_credential')!;
    expect(step).toMatchObject({ outcome: 'passed', status: 404, reason: undefined });
    expect(step.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^attempt 1: no answer \(.+\); retried$/), 'HTTP 404: already gone (an earlier attempt probably deleted it)']);
    expect(exitCode(report)).toBe(0);
    expect(fake.fabric.size).toBe(1);
  });
});

// A redirect is no "not created": a server may create, then point at the new
// endpoint (303 See Other after a POST), or a proxy may bounce a request it
// already passed on. Only a 4xx says nothing was created.
describe('a create answered by a redirect is looked for, never taken as "nothing was created"', () => {
  const created = (next: () => { body?: unknown }) => (next().body as { id: string }).id;
  it.each([
    ['303 See Other to the new endpoint', (id: string) => ({ status: 303, raw: '', headers: { location: `/api/relay/rest/endpoints/sip/${id}` } })],
    ['302 Found elsewhere', () => ({ status: 302, raw: '', headers: { location: 'https://other.example/' } })],
    ['307 Temporary Redirect', () => ({ status: 307, raw: '' })],
    ['301 with an HTML page', () => ({ status: 301, raw: '<html>Moved</html>', headers: { 'content-type': 'text/html' } })],
  ])('%s', async (_name, reply) => {
    const { report, fake } = await write({ families: ['relay'] }, (route, next) => (route.operationId === 'create_sip_endpoint' ? reply(created(next)) : undefined));
    const username = (fake.seen.find((s) => s.operationId === 'create_sip_endpoint')!.body as any).username;
    expect(report.steps.find((s) => s.label === 'list_sip_endpoints (look for the one created)')).toMatchObject({ outcome: 'passed', phase: 'cleanup' });
    expect(report.cleanup).toEqual([expect.objectContaining({ username, deleted: true })]);
    expect([...fake.relay.values()].filter((e) => e.username === username)).toEqual([]);
    expect(formatText(report)).not.toContain('cleanup: nothing was created');
    expect(exitCode(report)).toBe(1); // the redirect is a mismatch: no create declares one
  });
});

// "Already gone" only when the 404 is the API's own: a 404 page of a proxy or
// of another server says nothing about the endpoint, which may still exist.
describe('a delete answered by a 404 that is not the spec\'s leaves the endpoint LEFT BEHIND', () => {
  it.each([
    ['an HTML page', { status: 404, raw: '<html><body>404 Not Found (nginx)</body></html>', headers: { 'content-type': 'text/html' } }],
    ['an empty body', { status: 404, raw: '' }],
    ['JSON in no declared shape', { status: 404, body: { message: 'no route' } }],
  ])('%s', async (_name, reply) => {
    const { report, fake } = await write({ families: ['relay'], deleteAttempts: 2 }, (route) => (route.operationId === 'delete_sip_endpoint' ? reply : undefined));
    const [left] = report.summary.leftBehind;
    expect(left).toMatchObject({ family: 'relay', username: expect.stringMatching(/^sipspec-verify-relay-/) });
    expect(report.cleanup[0]).toMatchObject({ deleted: false, statuses: [404] });
    expect(fake.relay.has(left.id)).toBe(true);
    expect(formatText(report)).toContain(`cleanup: LEFT BEHIND relay endpoint ${left.id} (${left.username}) after 1 attempt: 404`);
    expect(exitCode(report)).toBe(1);
  });

  it('a 404 in the spec\'s shape is still "already gone"', async () => {
    const { report } = await write({ families: ['relay'] }, (route) => (route.operationId === 'delete_sip_endpoint' ? { status: 404, body: { error: 'Not Found' } } : undefined));
    expect(report.cleanup[0]).toMatchObject({ deleted: true, statuses: [404], note: 'already gone' });
    expect(report.summary.leftBehind).toEqual([]);
  });
});

// A create answer that names an endpoint other than the one sent (another
// username, or an id the reads listed before the create) is never updated or
// deleted: it may be a real endpoint of the space. Verify looks for its own by
// username instead, and deletes that.
describe('a create answer naming another endpoint: that one is never touched', () => {
  const PRE = { relay: '67075301-69b2-4fc3-8a2c-c95a69a5665e', fabric: '993ed018-9e79-4e50-b97b-984bd5534095' } as const;
  type Family = keyof typeof PRE;
  const bend: Record<string, (family: Family, body: any) => any> = {
    'another id and username': (family, body) => (family === 'relay' ? { ...body, id: PRE.relay, username: 'someone-else' } : { ...body, id: PRE.fabric, display_name: 'someone-else', sip_endpoint: { ...body.sip_endpoint, username: 'someone-else' } }),
    'its username, under an id the reads listed': (_family, body) => ({ ...body, id: PRE[_family] }),
    'no username at all, another id': (family, body) => {
      const { username: _u, ...rest } = body;
      return family === 'relay' ? { ...rest, id: PRE.relay } : { ...body, id: PRE.fabric, display_name: undefined, sip_endpoint: { ...body.sip_endpoint, username: undefined } };
    },
  };
  const rows = (['relay', 'fabric'] as const).flatMap((family) => Object.keys(bend).map((how) => [family, how] as const));
  it.each(rows)('%s: %s', async (family, how) => {
    const create = family === 'relay' ? 'create_sip_endpoint' : 'create_sip_credential';
    const { report, fake } = await write({ families: [family] }, (route, next) => (route.operationId === create ? { status: 201, body: bend[how](family, next().body) } : undefined));
    const store = family === 'relay' ? fake.relay : fake.fabric;
    const username = (fake.seen.find((s) => s.operationId === create)!.body as any).username;
    expect(store.has(PRE[family])).toBe(true);
    expect(fake.seen.filter((s) => s.id === PRE[family] && s.method !== 'GET')).toEqual([]);
    expect(report.steps.find((s) => s.operationId === create)!.warnings.map((w) => w.kind)).toContain('not-applied');
    if (family === 'relay') {
      // Its own was found by username (the fake's Relay list filters by it) and deleted.
      expect(report.cleanup).toEqual([expect.objectContaining({ family, username, deleted: true })]);
      expect(report.cleanup[0].id).not.toBe(PRE[family]);
      expect([...store.values()].filter((e) => e.username === username)).toEqual([]);
    } else {
      // The fake's Fabric list shows only the spec's examples: its own cannot be found, so it is LEFT BEHIND (possibly), never "nothing was created".
      expect(report.cleanup).toEqual([]);
      expect(report.summary.unverified).toEqual([expect.objectContaining({ family, username })]);
      expect(formatText(report)).toContain(`cleanup: LEFT BEHIND (possibly) fabric endpoint named ${username}`);
    }
    expect(exitCode(report)).not.toBe(0);
  });
});
