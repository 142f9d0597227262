// Helpers for tests against the mock: a client pointed at it, raw requests,
// and the checks every answer gets (status, schema of the declared response).
import { inject } from 'vitest';
import { createSipClient } from '../../src/index.js';
import { deref, type Operation } from './spec.js';
import { responseFor, validateAt } from '../../tools/bundled-spec.js';

export const mockUrl = () => inject('mockUrl');
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
