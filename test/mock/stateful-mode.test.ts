// The stateful mode's wiring (lib/mock/stateful.mjs) without a server: the
// reset route's answers for every method and odd targets, and which
// requests it leaves to Prism.
import { describe, expect, it } from 'vitest';
import { createStatefulMode, STATE_ROUTE } from '../../lib/mock/stateful.mjs';
import { spec } from '../support/spec.js';

const ctx = (operationId: string, extra: Record<string, unknown> = {}) =>
  ({ operation: { operationId, method: 'GET', path: '' }, family: 'relay', pathParams: {}, query: {}, body: undefined, headers: { host: '127.0.0.1:4010' }, prefer: {}, ...extra }) as any;

describe('the state route', () => {
  it.each([
    ['GET', STATE_ROUTE, 200],
    ['GET', `${STATE_ROUTE}/`, 200],
    ['GET', `${STATE_ROUTE}?x=1`, 200],
    ['DELETE', STATE_ROUTE, 204],
    ['DELETE', `${STATE_ROUTE}?seed=true`, 204],
    ['DELETE', `${STATE_ROUTE}?seed=false`, 204],
    ['DELETE', `${STATE_ROUTE}?seed=maybe`, 400],
    // A repeated seed is refused, as the API's own routes refuse a repeated single-valued parameter (page_size=2&page_size=2).
    ['DELETE', `${STATE_ROUTE}?seed=false&seed=true`, 400],
    ['DELETE', `${STATE_ROUTE}?seed=true&seed=true`, 400],
    ['POST', STATE_ROUTE, 405],
    ['PUT', STATE_ROUTE, 405],
    ['GET', '/__mock/statex', undefined],
    ['GET', '/__mock', undefined],
    ['GET', '/api/relay/rest/endpoints/sip', undefined],
    ['GET', '//evil.example/__mock/state', undefined],
    ['GET', '/__mock/%E0%A4%A', undefined],
  ])('%s %s → %s', (method, url, status) => {
    const mode = createStatefulMode({ spec });
    const answer = mode.route(method, url);
    expect(answer?.status).toBe(status);
    if (status === 405) expect(answer).toMatchObject({ headers: { allow: 'GET, DELETE' }, body: { error: 'Method Not Allowed' } });
  });

  it('DELETE goes back to the start: the seeds, or nothing with empty', () => {
    const seeded = createStatefulMode({ spec });
    seeded.handler(ctx('create_sip_endpoint', { body: { username: 'x', password: 'y' } }));
    seeded.route('DELETE', STATE_ROUTE);
    expect(seeded.handler(ctx('list_sip_endpoints'))!.body).toMatchObject({ data: [{ username: 'desk-laml-webhooks' }] });
    const empty = createStatefulMode({ spec, empty: true });
    expect(empty.handler(ctx('list_sip_endpoints'))!.body).toMatchObject({ data: [] });
    empty.route('DELETE', `${STATE_ROUTE}?seed=true`);
    expect((empty.handler(ctx('list_sip_endpoints'))!.body as any).data).toHaveLength(1);
    empty.route('DELETE', STATE_ROUTE);
    expect(empty.handler(ctx('list_sip_endpoints'))!.body).toMatchObject({ data: [] });
  });
});

describe('the handler', () => {
  // `prefer` is the server's decoded Prefer (Prism's reading, D151), not the raw header.
  it.each([
    ['code=404', { code: 404 }],
    ['example=empty', { exampleKey: 'empty' }],
    ['dynamic=true', { dynamic: true }],
    ['dynamic=false', { dynamic: false }],
    ['code=200, example=page', { code: 200, exampleKey: 'page' }],
  ])('leaves Prefer: %s to Prism', (_, prefer) => {
    const mode = createStatefulMode({ spec });
    expect(mode.handler(ctx('list_sip_endpoints', { prefer }))).toBeUndefined();
  });

  it.each([
    ['no Prefer', {}],
    ['seed only', { seed: '1' }],
  ])('answers itself with %s', (_, prefer) => {
    const mode = createStatefulMode({ spec });
    expect(mode.handler(ctx('list_sip_endpoints', { prefer }))?.status).toBe(200);
  });

  it.each([
    ['127.0.0.1:4010', 'http://127.0.0.1:4010/api/relay/rest/endpoints/sip'],
    ['localhost', 'http://localhost/api/relay/rest/endpoints/sip'],
    ['[::1]:4010', 'http://[::1]:4010/api/relay/rest/endpoints/sip'],
    ['evil.example/path?x', 'http://127.0.0.1/api/relay/rest/endpoints/sip'],
    ['a b', 'http://127.0.0.1/api/relay/rest/endpoints/sip'],
  ])('absolute links take a plain Host (%s), nothing else', (host, start) => {
    const mode = createStatefulMode({ spec });
    const body = mode.handler(ctx('list_sip_endpoints', { headers: { host } }))!.body as any;
    expect(body.links.self.startsWith(start) || body.links.self.startsWith('/api/')).toBe(true);
  });
});
