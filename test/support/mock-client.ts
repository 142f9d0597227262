// Helpers for tests against the mock: a client pointed at it, raw requests,
// and the checks every answer gets (status, schema of the declared response).
import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { createSipClient } from '../../src/index.js';
import { deref, type Operation } from './spec.js';
import { responseFor, validateAt } from '../../tools/bundled-spec.js';

let sharedUrl: string | undefined;

/**
 * Waits until the run's shared mock listens (or says why it did not start)
 * and returns its URL (`http://127.0.0.1:<port>`). The `mock` project's
 * setup file calls it before each file; it polls the status file the global
 * setup writes (test/support/mock-global.ts), every 25 ms, for `timeoutMs`.
 * @throws outside the `mock` project, when the mock failed to start, or at the timeout
 */
export async function mockReady(timeoutMs: number): Promise<string> {
  if (sharedUrl) return sharedUrl;
  const file = inject('mockStatusFile');
  if (!file) throw new Error('no shared mock in this run: add this test file to MOCK_FILES in vitest.config.ts (its files get one)');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the shared mock did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const status = JSON.parse(readFileSync(file, 'utf8')) as { url: string } | { error: string };
  if ('error' in status) throw new Error(`the shared mock did not start: ${status.error}`);
  return (sharedUrl = status.url);
}

/**
 * The URL of the run's shared mock (`http://127.0.0.1:<port>`), started by
 * test/support/mock-global.ts for the files of vitest.config.ts's `mock`
 * project, once `mockReady` has seen it listen (their setup file waits for it).
 * Throws in a file outside that project.
 */
export function mockUrl(): string {
  if (!sharedUrl) throw new Error('no shared mock here: a test file that uses it belongs in MOCK_FILES of vitest.config.ts (its files wait for the mock before their tests)');
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
