// The units the split of verify exposes (options.ts, plan.ts, steps.ts,
// report.ts), and verify's body cap against the fake upstream.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/client.js';
import { DEFAULTS, resolveOptions, UsageError, type VerifyOptions } from '../../tools/verify/options.js';
import { planWrites, secretsOf } from '../../tools/verify/plan.js';
import { errorMessage, followable, get, noAnswer } from '../../tools/verify/steps.js';
import { exitCode } from '../../tools/verify/report.js';
import { fakeRunner, PROJECT, TOKEN } from './fake-upstream.js';

const base: VerifyOptions = { baseUrl: 'http://127.0.0.1:1', projectId: PROJECT, token: TOKEN };
const { verify } = fakeRunner();

describe('resolveOptions', () => {
  it('fills every default, an explicit undefined included, and each family once', () => {
    const { o, families } = resolveOptions({ ...base, maxRequests: undefined, families: ['fabric', 'fabric'] });
    expect(o.maxRequests).toBe(DEFAULTS.maxRequests);
    expect(o.maxResponseBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(families).toEqual(['fabric']);
    expect(resolveOptions(base).families).toEqual(['relay', 'fabric']);
  });

  const refused: Array<[Partial<VerifyOptions>, string]> = [
    [{ maxRequests: 0 }, 'maxRequests must be an integer >= 1'],
    [{ maxRequests: 1001 }, 'maxRequests must be at most 1000'],
    [{ pauseMs: -1 }, 'pauseMs must be an integer >= 0'],
    [{ timeoutMs: 0 }, 'timeoutMs must be an integer >= 1'],
    [{ timeoutMs: 1.5 }, 'timeoutMs must be an integer >= 1'],
    [{ maxResponseBytes: 0 }, 'maxResponseBytes must be an integer >= 1'],
    [{ maxResponseBytes: Number.POSITIVE_INFINITY }, 'maxResponseBytes must be an integer >= 1'],
    [{ maxResponseBytes: '10' as never }, 'maxResponseBytes must be an integer >= 1'],
    [{ deleteAttempts: 11 }, 'deleteAttempts must be at most 10'],
    [{ rateLimitRetries: Number.NaN }, 'rateLimitRetries must be an integer >= 0'],
    [{ pageSize: 1001 }, 'pageSize must be an integer from 1 to 1000'],
    // Waits past setTimeout's largest delay (2^31 - 1 ms) would fire at once (Node's TimeoutOverflowWarning): a pause of 1 ms, a timeout that cuts every request.
    [{ pauseMs: 2 ** 31 }, 'pauseMs must be at most 2147483647'],
    [{ maxWaitMs: 1e20 }, 'maxWaitMs must be at most 2147483647'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs must be at most 2147483647'],
    [{ deleteBackoffMs: 2 ** 40 }, 'deleteBackoffMs must be at most 2147483647'],
  ];
  it.each(refused)('refuses %j', (given, message) => {
    expect(() => resolveOptions({ ...base, ...given })).toThrow(UsageError);
    expect(() => resolveOptions({ ...base, ...given })).toThrow(message);
  });
});

describe('planWrites', () => {
  it('plans nothing for a read-only run', () => {
    const { o, families } = resolveOptions(base);
    expect(planWrites(o, families)).toEqual([]);
  });

  it('plans a unique user and password per family, every update body checked', () => {
    const { o, families } = resolveOptions({ ...base, write: true, namePrefix: 'unit' });
    const plans = planWrites(o, families);
    expect(plans.map((p) => p.family)).toEqual(['relay', 'fabric']);
    for (const plan of plans) {
      expect(plan.username).toMatch(new RegExp(`^unit-${plan.family}-[a-z0-9]+-[0-9a-f]{6}$`));
      expect((plan.create as { password: string }).password).toMatch(/^Sv1-[A-Za-z0-9_-]{24}$/);
      expect(plan.updates.length).toBeGreaterThan(3);
    }
    expect(() => planWrites(resolveOptions({ ...base, write: true, ids: { callFlowId: 'not-a-uuid' } }).o, ['relay'])).toThrow(UsageError);
  });

  it('lists the secrets of a run, the password it made included, longest first', () => {
    const secrets = secretsOf({ projectId: PROJECT, token: TOKEN }, ['Sv1-password-xyz']);
    expect(secrets).toContain('Sv1-password-xyz');
    expect(secrets).toContain(Buffer.from(`${PROJECT}:${TOKEN}`).toString('base64'));
    expect(secrets).toEqual([...secrets].sort((a, b) => b.length - a.length));
  });
});

describe('step helpers', () => {
  it('reads nested values without throwing', () => {
    expect(get({ data: [{ id: 'x' }] }, 'data', 0, 'id')).toBe('x');
    expect(get(null, 'data')).toBeUndefined();
    expect(get('text', 'length')).toBeUndefined();
  });

  it.each([
    ['67075301-69b2-4fc3-8a2c-c95a69a5665e', true],
    ['a', true],
    ['', false],
    ['../x', false],
    ['a/b', false],
    ['a?b', false],
    ['x'.repeat(129), false],
    [42, false],
  ])('follows the id %j: %s', (id, ok) => expect(followable(id)).toBe(ok));

  it('names why a request got no answer: the innermost code, or the message', () => {
    expect(noAnswer(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe('ECONNREFUSED');
    expect(noAnswer(new TypeError('fetch failed', { cause: new Error('inner') }))).toBe('inner');
    expect(noAnswer('plain')).toBe('plain');
  });

  it('reads the message of a Relay or a Fabric error body', () => {
    expect(errorMessage({ error: 'Not Found' })).toBe('Not Found');
    expect(errorMessage({ errors: [{ detail: 'is invalid' }] })).toBe('is invalid');
    expect(errorMessage({ errors: [{ message: 'bad' }] })).toBe('bad');
    expect(errorMessage({ errors: 'no' })).toBeUndefined();
    expect(errorMessage(undefined)).toBeUndefined();
  });
});

describe('maxResponseBytes in verify', () => {
  it('ends a step whose answer is larger than the cap, with an error that says so, and exits 3', async () => {
    const { report, text } = await verify({ families: ['relay'], maxResponseBytes: 2000 }, (route) =>
      route.operationId === 'list_sip_endpoints' ? { status: 200, body: { data: [], links: {}, pad: 'x'.repeat(5000) } } : undefined,
    );
    expect(report.steps[0]).toMatchObject({ operationId: 'list_sip_endpoints', outcome: 'error', status: 200, attempts: [{ status: 200 }] });
    expect(report.steps[0].reason).toBe('HTTP 200 with a body over 2000 bytes (maxResponseBytes); not read further');
    expect(text).toContain('with a body over 2000 bytes');
    expect(exitCode(report)).toBe(3);
  });
});

describe('secretsOf with credentials no Basic header can carry', () => {
  it('still lists the token and the project ID (no throw on text btoa refuses)', () => {
    const secrets = secretsOf({ projectId: 'proj-1234', token: 'tök€n-secret' });
    expect(secrets).toContain('tök€n-secret');
    expect(secrets).toContain(encodeURIComponent('tök€n-secret'));
    expect(secrets).toContain('proj-1234');
  });
});
