// A fast-check property against the running mock: random JSON values (and
// text that is not JSON) to random operations, random ids in their paths,
// random paths and methods. Every request gets a whole answer (speed: `npm run bench -- mock`) with a
// status its operation declares and a body valid against that status's
// schema, or, for a path or method no operation has, the mock's 404 / 405 in
// the {error} shape; the mock answers afterwards. Bounded in runs and time;
// replay a failure with FC_SEED=<seed> FC_PATH=<path>.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParameters } from '../support/arbitraries.js';
import { operations, type Operation } from '../support/spec.js';
import { AUTH, concretePath, mockUrl, useMock } from '../support/mock-client.js';
import { answerProblems, rawRequest, type RawRequest } from '../support/raw-http.js';

// The mock these tests talk to, in this worker (test/support/mock-client.ts).
useMock();

const all = operations();
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

type Case = { op: Operation | null; request: RawRequest };

/**
 * A value for a path parameter: a real-looking id, junk, or encodings that go
 * wrong. Not `.` or `..`: URLs resolve those dot segments to another path
 * (the hostile table has that case).
 */
const idValue = fc
  .oneof(fc.uuid(), fc.string({ maxLength: 40 }).map(encodeURIComponent), fc.constantFrom('%', '%ZZ', '%C3%28', '%00', 'constructor', '__proto__', 'a'.repeat(300)))
  .map((id) => (/^(\.|%2e){1,2}$/i.test(id) ? `x${id}` : id));

/** A body: any JSON value, an object with random and prototype keys, or text that is not JSON. */
const bodyText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'call_handler', 'username', 'password', 'toString')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
);

const targeted: fc.Arbitrary<Case> = fc
  .record({
    op: fc.constantFrom(...all),
    ids: fc.array(idValue, { minLength: 2, maxLength: 2 }),
    body: fc.option(bodyText, { nil: undefined }),
    auth: fc.boolean(),
    json: fc.boolean(),
  })
  .map(({ op, ids, body, auth, json }) => {
    let i = 0;
    const path = op.path.includes('{') ? op.path.replace(/\{[^}]+\}/g, () => ids[i++] ?? ids[0]) : concretePath(op);
    const headers: Record<string, string> = auth ? { authorization: AUTH } : {};
    if (body !== undefined) headers['content-type'] = json ? 'application/json' : 'text/plain';
    return { op, request: { method: op.method.toUpperCase(), path, headers, body } };
  });

const elsewhere: fc.Arbitrary<Case> = fc
  .record({
    op: fc.constantFrom(...all),
    method: fc.constantFrom(...METHODS),
    tail: fc.webSegment(),
    kind: fc.constantFrom('method', 'slash', 'deeper'),
  })
  .map(({ op, method, tail, kind }) => {
    const base = concretePath(op);
    const undeclared = METHODS.filter((m) => !Object.keys(op.pathItem).includes(m.toLowerCase()));
    // A method this path does not have; the path with a trailing slash; or three segments more than any route has.
    if (kind === 'method' && undeclared.length) return { op: null, request: { method: undeclared[method.length % undeclared.length], path: base, headers: { authorization: AUTH } } };
    const path = kind === 'slash' ? `${base}/` : `${base}/x${encodeURIComponent(tail)}/y/z`;
    return { op: null, request: { method, path, headers: { authorization: AUTH } } };
  });

describe('random requests', () => {
  it('each get a whole answer with a declared status and a body in its schema', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: targeted, weight: 4 }, { arbitrary: elsewhere, weight: 1 }), async ({ op, request }) => {
        const answer = await rawRequest(mockUrl(), request);
        expect(Number(answer.headers['content-length'] ?? 0)).toBe(Buffer.byteLength(answer.text));
        expect(answerProblems(op?.operationId ?? null, answer), `${request.method} ${request.path} -> ${answer.status} ${answer.text.slice(0, 300)}`).toEqual([]);
      }),
      { ...fcParameters(150), interruptAfterTimeLimit: 60_000 },
    );
    const after = await rawRequest(mockUrl(), { method: 'GET', path: '/api/fabric/resources/sip_endpoints', headers: { authorization: AUTH } });
    expect(after.status).toBe(200);
  }, 120_000);
});
