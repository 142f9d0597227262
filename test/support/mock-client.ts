// Helpers for tests against the mock: a client pointed at it, raw requests,
// and the checks every answer gets (status, schema of the declared response).
import { afterAll, beforeAll } from 'vitest';
import { createSipClient } from '../../src/index.js';
import { deref, operations, type Operation } from './spec.js';
import { responseFor, validateAt } from '../../tools/bundled-spec.js';
import { startMockInProcess, type InProcessMock } from './mock-process.js';

let sharedUrl: string | undefined;

/**
 * Gives the calling test file a mock of its own for its tests, in the
 * worker (`npm run mock`'s static examples, no state, on 127.0.0.1 and a
 * port the OS picks): started in a `beforeAll`, stopped in an `afterAll`.
 * Call it once at the top level of a file that uses `mockUrl()`,
 * `mockClient()` or `send()`. The worker loads Prism's libraries once
 * (files share a worker, `isolate: false`), and a second server of the
 * same spec reuses the operations and validators the first compiled
 * (D121), so a later file's mock costs a listen. The `beforeAll` runs
 * `npm run mock`'s own warm-up and waits for it (`warmedUp`): Prism's mocker
 * loads, and every operation's validators and 422 explainer compile, so no
 * test's request (the raw requests are bounded to 5 s) pays for them on a
 * loaded machine (D122). DECISIONS.md D142.
 */
export function useMock(): void {
  // The start itself, not its result: a beforeAll cut by hookTimeout while
  // the server starts leaves it to afterAll, which then waits for it and stops it.
  let starting: Promise<InProcessMock> | undefined;
  beforeAll(async () => {
    starting = startMockInProcess({ warmUp: true });
    const mock = await starting;
    await mock.warmedUp;
    sharedUrl = mock.url;
  });
  afterAll(async () => {
    sharedUrl = undefined;
    await (await starting?.catch(() => undefined))?.stop();
  });
}

/**
 * The URL (`http://127.0.0.1:<port>`) of the mock `useMock()` started for
 * the running file. Throws in a file that did not call `useMock()`.
 */
export function mockUrl(): string {
  if (!sharedUrl) throw new Error('no mock here: call useMock() at the top level of the test file (test/support/mock-client.ts)');
  return sharedUrl;
}

export const mockClient = () => createSipClient({ baseUrl: mockUrl(), projectId: 'project-id', token: 'api-token' });
export const AUTH = `Basic ${Buffer.from('project-id:api-token').toString('base64')}`;

/** A path with its {params} filled by the parameters' examples. */
export function concretePath(op: Operation): string {
  const params = [...(op.op.parameters ?? []), ...(op.pathItem.parameters ?? [])].map((p: any) => deref(p));
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => String(params.find((p: any) => p.name === name && p.in === 'path').example));
}

/** The first named example of the operation's request body, if it takes one. */
export function firstRequestExample(op: Operation): unknown {
  const examples = op.op.requestBody?.content['application/json'].examples;
  return examples ? deref(Object.values<any>(examples)[0]).value : undefined;
}

export async function send(op: Operation, init: { headers?: Record<string, string>; body?: unknown; auth?: boolean; path?: string } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.auth !== false) headers.authorization = AUTH;
  const body = init.body ?? firstRequestExample(op);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(mockUrl() + (init.path ?? concretePath(op)), {
    method: op.method.toUpperCase(),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** Checks a response body against the schema the spec declares for that status (the verify tool's lookup). */
export function expectDeclared(op: Operation, status: number, json: unknown): string[] {
  const response = responseFor(op.operationId, status);
  if (!response || response.key !== String(status)) return [`${op.operationId} does not declare ${status}`];
  if (!response.schemaPointer) return json === undefined ? [] : [`${op.operationId} ${status} declares no body`];
  return validateAt(response.schemaPointer, json).errors.map((e) => `${e.instancePath} ${e.message}`);
}
