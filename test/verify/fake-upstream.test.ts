// The fake SignalWire of verify's tests routes every operation of the spec,
// through the spec module's matcher (lib/spec matchPath): subscriber routes
// with two parameters included, which a matcher replacing only the first
// `{id}` never served.
import { describe, expect, it } from 'vitest';
import { listOperations } from '../../lib/spec/index.mjs';
import { responseFor, spec, validateAt } from '../../tools/bundled-spec.js';
import { BASIC, fakeRunner, route } from './fake-upstream.js';

const operations = listOperations({ document: spec });
const { start } = fakeRunner();

/** A concrete path of a template, each parameter a distinct value (`p0-…`, `p1-…`), one with characters that need encoding. */
function concrete(path: string, names: string[]): { url: string; params: Record<string, string> } {
  const params = Object.fromEntries(names.map((name, i) => [name, `p${i}-${name} /é`]));
  return { url: path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name])), params };
}

describe('the fake upstream routes', () => {
  it('covers the spec: every operation has an operationId and a method the matcher takes', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    expect(operations.every((o) => typeof o.operationId === 'string')).toBe(true);
    const twoParameters = operations.filter((o) => o.pathParameters.length === 2);
    expect(twoParameters.map((o) => o.operationId).sort()).toEqual(['delete_subscriber_sip_credential', 'get_subscriber_sip_credential', 'update_subscriber_sip_credential']);
    expect(twoParameters.every((o) => o.pathParameters.join() === 'fabric_subscriber_id,id')).toBe(true);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))('%s to its operation, with every path parameter decoded', async (_, op) => {
    const { url, params } = concrete(op.path, op.pathParameters);
    expect(route(op.method.toUpperCase(), url)).toEqual({ operationId: op.operationId, params });
    const fake = await start((routed) => ({ status: 200, body: { operationId: routed.operationId, params: routed.params } }));
    const response = await fetch(`${fake.baseUrl}${url}`, { method: op.method.toUpperCase(), headers: { authorization: BASIC } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ operationId: op.operationId, params });
    expect(fake.seen.map((s) => s.operationId)).toEqual([op.operationId]);
  });

  it('serves a subscriber credential (two path parameters) with the spec\'s own example, a body the spec accepts', async () => {
    const fake = await start();
    const response = await fetch(`${fake.baseUrl}/api/fabric/resources/subscribers/sub-1/sip_endpoints/cred-1`, { headers: { authorization: BASIC } });
    expect(response.status).toBe(200);
    const body = await response.json();
    const { schemaPointer } = responseFor('get_subscriber_sip_credential', 200)!;
    expect(validateAt(schemaPointer!, body)).toEqual({ valid: true, errors: [] });
    expect(fake.seen.map((s) => [s.operationId, s.id])).toEqual([['get_subscriber_sip_credential', 'cred-1']]);
  });

  it.each([
    ['a trailing slash', 'GET', '/api/fabric/resources/subscribers/sub-1/sip_endpoints/'],
    ['an empty parameter', 'GET', '/api/fabric/resources/subscribers//sip_endpoints'],
    ['an extra segment', 'GET', '/api/fabric/resources/sip_endpoints/x/y'],
    ['malformed percent-encoding', 'GET', '/api/fabric/resources/sip_endpoints/%E0%A4%A'],
    ['a method the path does not take', 'PATCH', '/api/fabric/resources/sip_endpoints'],
    ['a prototype name as a path', 'GET', '/constructor'],
    ['__proto__ as a path', 'GET', '/__proto__'],
  ])('answer nothing for %s', (_, method, path) => {
    expect(route(method, path)).toBeUndefined();
  });

  it('take literal segments over parameters: /resources/sip_endpoints/{id} is not /resources/{id}/sip_endpoints', () => {
    // A POST there is the assign route, its {id} being `sip_endpoints`: no literal route takes POST.
    expect(route('POST', '/api/fabric/resources/sip_endpoints/sip_endpoints')).toEqual({ operationId: 'assign_resource_to_sip_credential', params: { id: 'sip_endpoints' } });
    expect(route('GET', '/api/fabric/resources/sip_endpoints/sip_endpoints')).toEqual({ operationId: 'get_sip_credential', params: { id: 'sip_endpoints' } });
    expect(route('POST', '/api/fabric/resources/r-1/sip_endpoints')).toEqual({ operationId: 'assign_resource_to_sip_credential', params: { id: 'r-1' } });
  });
});
