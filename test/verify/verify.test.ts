// verify in-process against fake upstreams on 127.0.0.1: one that conforms
// (the spec's own examples), one with known deviations that must each be
// named precisely, and the polite side (sequential, budget, 429).
import { describe, expect, it } from 'vitest';
import { exitCode, runVerify, UsageError } from '../../tools/verify/verify.js';
import { formatText } from '../../tools/verify/report.js';
import { BASIC, fakeRunner, PROJECT, TOKEN, type Override } from './fake-upstream.js';

/** Runs verify against a fresh fake; waits are recorded, not slept. */
const { start, verify } = fakeRunner();

const READS = ['list_sip_endpoints', 'retrieve_sip_endpoint', 'list_sip_credentials', 'get_sip_credential', 'list_sip_credential_addresses'];
const brief = (report: Awaited<ReturnType<typeof runVerify>>) => report.steps.flatMap((s) => s.mismatches.map(({ operationId, path, expected, got }) => ({ operationId, path, expected, got })));

describe('against a server that conforms (the spec\'s own examples)', () => {
  it('read-only: calls the five read operations once each, in order, one at a time, and passes', async () => {
    const { report, fake } = await verify();
    expect(report.steps.map((s) => [s.operationId, s.outcome, s.status])).toEqual(READS.map((id) => [id, 'passed', 200]));
    expect(report.summary).toMatchObject({ passed: 5, failed: 0, errors: 0, skipped: 0, mismatches: 0, warnings: 0, created: 0 });
    expect(exitCode(report)).toBe(0);
    expect(report.mode).toBe('read-only');
    expect(fake.seen.map((s) => s.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'GET']);
    expect(fake.seen.every((s) => s.headers.authorization === BASIC)).toBe(true);
    expect(fake.maxInFlight).toBe(1);
    // It follows the first item of each list.
    expect(fake.seen[1].id).toBe('67075301-69b2-4fc3-8a2c-c95a69a5665e');
    expect(fake.seen[3].id).toBe('993ed018-9e79-4e50-b97b-984bd5534095');
    expect(fake.seen[4].url).toBe('/api/fabric/resources/sip_endpoints/993ed018-9e79-4e50-b97b-984bd5534095/addresses');
  });

  it('pauses between requests and checks one family when asked', async () => {
    const { report, sleeps, fake } = await verify({ pauseMs: 250, families: ['fabric'], pageSize: 10 });
    expect(report.steps.map((s) => s.operationId)).toEqual(READS.slice(2));
    expect(sleeps).toEqual([250, 250]);
    expect(fake.seen[0].url).toBe('/api/fabric/resources/sip_endpoints?page_size=10');
  });

  it('--write: creates one endpoint per family, updates it through its handlers, reads it, deletes it, and passes', async () => {
    const { report, fake } = await verify({ write: true });
    expect(exitCode(report)).toBe(0);
    expect(report.summary).toMatchObject({ failed: 0, errors: 0, mismatches: 0, warnings: 0, created: 2, deleted: 2, leftBehind: [] });
    expect(fake.refused).toEqual([]); // every body verify sent is one the spec accepts
    expect(fake.relay.size).toBe(1); // only the seeded example is left
    expect(fake.fabric.size).toBe(1);
    const writes = fake.seen.filter((s) => s.method !== 'GET').map((s) => `${s.method} ${s.operationId} ${(s.body as any)?.call_handler ?? ''}`.trim());
    expect(writes).toEqual([
      'POST create_sip_endpoint',
      'PUT update_sip_endpoint relay_connector',
      'PUT update_sip_endpoint laml_webhooks',
      'PUT update_sip_endpoint relay_context',
      'PUT update_sip_endpoint relay_topic',
      'PUT update_sip_endpoint relay_script',
      'PUT update_sip_endpoint',
      'DELETE delete_sip_endpoint',
      'POST create_sip_credential',
      'PUT update_sip_credential passthrough',
      'PUT update_sip_credential block-pstn',
      'PUT update_sip_credential default',
      'PUT update_sip_credential',
      'DELETE delete_sip_credential',
    ]);
    const create = fake.seen.find((s) => s.operationId === 'create_sip_endpoint')!.body as Record<string, string>;
    expect(create.username).toMatch(/^sipspec-verify-relay-[a-z0-9]+-[0-9a-f]{6}$/);
    expect(create.password.length).toBeGreaterThanOrEqual(20);
    expect(formatText(report)).not.toContain(create.password);
    expect((fake.seen.find((s) => (s.body as any)?.call_handler === 'laml_webhooks')!.body as any).call_request_url).toBe('https://example.com/sip-spec-verify/cxml');
    // Handlers that need a real resource are skipped and say which flag they need.
    const skipped = report.steps.filter((s) => s.outcome === 'skipped');
    expect(skipped.map((s) => s.label)).toContain('update_sip_endpoint (video_room)');
    expect(skipped.find((s) => s.label === 'update_sip_endpoint (video_room)')!.reason).toContain('--video-room-id');
    expect(skipped.find((s) => s.label === 'update_sip_credential (resource)')!.reason).toContain('--resource-id');
  });

  it('--write sends the handlers that need real resources when their ids are given', async () => {
    const ids = { videoRoomId: '0b8d8a7e-1f2c-4d3e-9a5b-6c7d8e9f0a1b', callFlowId: '1c9e9b8f-2a3d-4e4f-8b6c-7d8e9f0a1b2c', fabricResourceId: '6f1c4b0e-2a8d-4f6e-9a37-1d2c3b4a5e6f' };
    const { report, fake } = await verify({ write: true, ids });
    expect(exitCode(report)).toBe(0);
    expect(fake.refused).toEqual([]);
    const sent = fake.seen.map((s) => s.body as any).filter(Boolean);
    expect(sent).toContainEqual({ call_handler: 'video_room', call_video_room_id: ids.videoRoomId });
    expect(sent).toContainEqual({ call_handler: 'call_flow', call_flow_id: ids.callFlowId });
    expect(sent).toContainEqual({ call_handler: 'resource', calling_handler_resource_id: ids.fabricResourceId });
  });

  it('refuses, before any request, an id the spec would refuse', async () => {
    const fake = await start();
    const run = runVerify({ baseUrl: fake.baseUrl, projectId: PROJECT, token: TOKEN, write: true, ids: { videoRoomId: 'room-1' } });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow('$.call_video_room_id: expected format uuid; got "room-1"');
    expect(fake.seen).toEqual([]);
  });
});

describe('against a server with known deviations', () => {
  const deviations: Override = (route, next) => {
    switch (route.operationId) {
      // The seed 002 shape: the flat SIP endpoint instead of the wrapped Fabric resource.
      case 'get_sip_credential': {
        const wrapped = next().body as any;
        return { status: 200, body: { ...wrapped.sip_endpoint, id: wrapped.id, type: 'sip_endpoint' } };
      }
      // A required field missing.
      case 'retrieve_sip_endpoint': {
        const { encryption: _gone, ...rest } = next().body as any;
        return { status: 200, body: rest };
      }
      // A codec the Codec enum lacks.
      case 'list_sip_credentials': {
        const page = next().body as any;
        page.data[0].sip_endpoint.codecs = ['PCMU', 'AMR-WB'];
        return { status: 200, body: page };
      }
      // A success status the operation does not declare (it declares 200 and 201).
      case 'create_sip_credential':
        return { ...next(), status: 202 };
    }
    return undefined;
  };

  it('names each one: operation, JSON path, what the spec expects, what came back', async () => {
    const { report } = await verify({}, deviations);
    expect(exitCode(report)).toBe(1);
    expect(brief(report)).toEqual([
      { operationId: 'retrieve_sip_endpoint', path: '$.encryption', expected: 'required property "encryption"', got: 'missing' },
      {
        operationId: 'list_sip_credentials',
        path: '$.data[0].sip_endpoint.codecs[1]',
        expected: 'one of "PCMU", "PCMA", "G722", "G729", "OPUS", "OPUS@48000H@20I", "OPUS@24000H@20I", "OPUS@16000H@20I", "OPUS@8000H@20I", "VP8", "H264"',
        got: '"AMR-WB"',
      },
      ...['project_id', 'display_name', 'created_at', 'updated_at', 'sip_endpoint'].map((field) => ({
        operationId: 'get_sip_credential',
        path: `$.${field}`,
        expected: `required property "${field}"`,
        got: 'missing',
      })),
    ]);
    const flat = report.steps.find((s) => s.operationId === 'get_sip_credential')!;
    expect(flat.outcome).toBe('failed');
    expect(flat.warnings[0]).toMatchObject({ kind: 'hint', message: expect.stringContaining('flat SIP endpoint object') });
    expect(flat.warnings.filter((w) => w.kind === 'undocumented-field').map((w) => w.path)).toContain('$.username');
    expect(report.steps.map((s) => s.outcome)).toEqual(['passed', 'failed', 'failed', 'failed', 'passed']);
    const text = formatText(report);
    expect(text).toContain('FAIL  list_sip_credentials');
    expect(text).toContain('mismatch list_sip_credentials $.data[0].sip_endpoint.codecs[1]: expected one of "PCMU"');
    expect(text).toContain('; got "AMR-WB"');
    expect(text).toContain('mismatch retrieve_sip_endpoint $.encryption: expected required property "encryption"; got missing');
    expect(text.trimEnd().split('\n').at(-1)).toBe(`2 passed, 3 failed, 0 errors, 0 skipped; 7 mismatches, ${report.summary.warnings} warnings; 5 requests (budget 60); exit 1`);
  });

  it('--write: a 202 where create declares 200 and 201 is a status mismatch, and the endpoint is still deleted', async () => {
    const { report, fake } = await verify({ write: true, families: ['fabric'] }, (route, next) => (route.operationId === 'create_sip_credential' ? deviations(route, next) : undefined));
    const create = report.steps.find((s) => s.operationId === 'create_sip_credential')!;
    expect(create.outcome).toBe('failed');
    expect(create.mismatches).toEqual([
      { operationId: 'create_sip_credential', path: '$', pointer: '', keyword: 'status', expected: 'HTTP 200, 201, 400, 401, 404, 413, 422, 429 or 500 (the statuses create_sip_credential declares)', got: 'HTTP 202' },
    ]);
    expect(report.cleanup).toEqual([expect.objectContaining({ family: 'fabric', deleted: true, statuses: [204] })]);
    expect(fake.fabric.size).toBe(1);
    expect(exitCode(report)).toBe(1);
  });

  it('reports undocumented fields as warnings and still passes', async () => {
    const { report } = await verify({ families: ['relay'] }, (route, next) => {
      if (route.operationId !== 'list_sip_endpoints') return undefined;
      const page = next().body as any;
      page.data[0].sip_domain = 'example.sip.signalwire.com';
      page.total = 1;
      return { status: 200, body: page };
    });
    expect(exitCode(report)).toBe(0);
    expect(report.summary).toMatchObject({ failed: 0, mismatches: 0, warnings: 2 });
    expect(report.steps[0].warnings.map((w) => w.path)).toEqual(['$.data[*].sip_domain', '$.total']);
    expect(formatText(report)).toContain('warning  list_sip_endpoints $.data[*].sip_domain: field not described by the spec');
  });

  it('calls a declared error status an error, not a mismatch, and skips what needed its answer', async () => {
    const { report } = await verify({ families: ['relay'] }, (route) => (route.operationId === 'list_sip_endpoints' ? { status: 401, body: { error: 'Unauthorized' } } : undefined));
    expect(report.steps.map((s) => [s.operationId, s.outcome, s.reason])).toEqual([
      ['list_sip_endpoints', 'error', 'HTTP 401: Unauthorized'],
      ['retrieve_sip_endpoint', 'skipped', 'list_sip_endpoints gave no list'],
    ]);
    expect(exitCode(report)).toBe(3);
  });
});

describe('politeness', () => {
  it('honours 429 with Retry-After, then goes on', async () => {
    const { report, sleeps, fake } = await verify({ families: ['relay'] }, (route) =>
      route.operationId === 'list_sip_endpoints' && route.count === 1 ? { status: 429, body: { error: 'Too Many Requests' }, headers: { 'retry-after': '2' } } : undefined,
    );
    expect(sleeps).toEqual([2000]);
    expect(fake.seen.map((s) => s.operationId)).toEqual(['list_sip_endpoints', 'list_sip_endpoints', 'retrieve_sip_endpoint']);
    expect(report.steps[0]).toMatchObject({ outcome: 'passed', status: 200, attempts: [{ status: 429, waitedMs: 2000, retryAfter: '2' }, { status: 200 }] });
    expect(report.steps[0].warnings[0].message).toBe('answered 429 1 time(s); waited as Retry-After asked and retried');
    expect(exitCode(report)).toBe(0);
  });

  it('does not wait longer than the bound: a longer Retry-After ends the retries', async () => {
    const { report, sleeps, fake } = await verify({ families: ['relay'], maxWaitMs: 5000 }, (route) =>
      route.operationId === 'list_sip_endpoints' ? { status: 429, body: { error: 'Too Many Requests' }, headers: { 'retry-after': '120' } } : undefined,
    );
    expect(sleeps).toEqual([]);
    expect(fake.seen).toHaveLength(1);
    // 429 is declared (D40): the final 429 is a declared error, not a status mismatch.
    expect(report.steps[0]).toMatchObject({ outcome: 'error', status: 429, mismatches: [], reason: 'HTTP 429: Too Many Requests' });
    expect(report.steps[0].warnings[0].message).toBe('429 not retried: Retry-After 120 exceeds the longest wait (5 s)');
  });

  it('retries a 429 a bounded number of times', async () => {
    const { report, sleeps, fake } = await verify({ families: ['relay'], rateLimitRetries: 2 }, () => ({ status: 429, body: { error: 'Too Many Requests' }, headers: { 'retry-after': '1' } }));
    expect(sleeps).toEqual([1000, 1000]);
    expect(fake.seen).toHaveLength(3);
    expect(report.steps[0].status).toBe(429);
  });

  it('never sends more than the budget allows', async () => {
    const { report, fake } = await verify({ maxRequests: 2, write: true });
    expect(fake.seen).toHaveLength(2);
    expect(report.requests).toBe(2);
    expect(report.steps.filter((s) => s.outcome === 'skipped' && s.reason === 'not sent: request budget of 2 exhausted').length).toBeGreaterThan(0);
    expect(report.summary.created).toBe(0);
  });
});

describe('the text report', () => {
  it('shows at most 25 mismatch lines per operation and says where the rest are', async () => {
    const { report } = await verify({ families: ['relay'] }, (route, next) => {
      if (route.operationId !== 'list_sip_endpoints') return undefined;
      const page = next().body as any;
      page.data = Array.from({ length: 30 }, () => ({ ...page.data[0], codecs: ['AMR-WB'] }));
      return { status: 200, body: page };
    });
    expect(report.steps[0].mismatches).toHaveLength(30);
    const lines = formatText(report).split('\n');
    expect(lines.filter((l) => l.startsWith('      mismatch list_sip_endpoints $.data['))).toHaveLength(25);
    expect(lines).toContain('      … and 5 more mismatches of list_sip_endpoints (--json lists them all)');
  });
});

// The report runVerify returns (and each step it emits) is scrubbed where it
// is made, not only where the CLI prints it: a caller that logs or stores it
// must not get back the credentials a server echoed, in any place it quotes.
describe('the report and its events keep no credential a server echoes, wherever it echoes it', () => {
  const basic64 = BASIC.slice('Basic '.length);
  const echo = `${BASIC} ${TOKEN} ${PROJECT}`;
  const list = (reply: object): Override => (route) => (route.operationId === 'list_sip_endpoints' ? (reply as never) : undefined);
  it.each([
    ['Retry-After of a 429 that is retried', list({ status: 429, body: { error: 'slow' }, headers: { 'retry-after': echo } })],
    ['Retry-After of a 429 past the longest wait', list({ status: 429, body: { error: 'slow' }, headers: { 'retry-after': `99999 ${echo}` } })],
    ['an undescribed field named by a credential', (route, next) => (route.operationId === 'retrieve_sip_endpoint' ? { status: 200, body: { ...(next().body as object), [TOKEN]: 1, [basic64]: 2 } } : undefined)],
    ['an error message', list({ status: 500, body: { error: echo } })],
    ['an HTML page where JSON belongs', (route) => (route.operationId === 'retrieve_sip_endpoint' ? { status: 200, raw: `<html>${echo}</html>`, headers: { 'content-type': 'text/html' } } : undefined)],
  ] as Array<[string, Override]>)('%s', async (_name, override) => {
    const events: unknown[] = [];
    const { report } = await verify({ families: ['relay'], maxWaitMs: 5000, onEvent: (event) => events.push(event) }, override);
    const all = JSON.stringify([report, events]);
    for (const secret of [TOKEN, PROJECT, basic64, basic64.replace(/=+$/, '')]) expect(all).not.toContain(secret);
    expect(all).toContain('[redacted]');
  });
});
