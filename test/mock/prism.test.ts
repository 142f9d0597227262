// Start-up of Prism's components in the mock (lib/mock/prism.mjs): the
// operations load once per spec file in a process, and the `Prefer` answer
// for a request that asks nothing is Prism's own, without loading Prism's
// decoder (D121, D122).
import { copyFileSync, appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOperations, preferences } from '../../lib/mock/prism.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sip-spec-prism-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadOperations', () => {
  it('gives the same operations for the same file, new ones once the file changed', async () => {
    const copy = join(dir, 'openapi.json');
    copyFileSync('generated/openapi.json', copy);
    const first = await loadOperations(copy);
    expect(await loadOperations(copy)).toBe(first);
    appendFileSync(copy, '\n');
    const changed = await loadOperations(copy);
    expect(changed).not.toBe(first);
    expect(changed.map((op: any) => op.iid)).toEqual(first.map((op: any) => op.iid));
  });

  it('fails for a missing file, and again on the next call (a failure is not kept)', async () => {
    const missing = join(dir, 'nothing-here.yaml');
    await expect(loadOperations(missing)).rejects.toThrow();
    await expect(loadOperations(missing)).rejects.toThrow();
  });
});

describe('preferences', () => {
  // Prism's server's own decoder, the one preferences() calls when something is asked.
  const { getHttpConfigFromRequest } = createRequire(import.meta.url)('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js');
  const request = (headers: Record<string, string>, query: Record<string, string | string[]>) => ({ method: 'get', url: { path: '/api/relay/rest/endpoints/sip', query }, headers, body: undefined });

  it.each([
    ['nothing asked', {}, {}],
    ['other query parameters', {}, { page_size: '3', filter_username: 'x' }],
    ['an empty Prefer', { prefer: '' }, {}],
    ['an empty Prefer and a __code', { prefer: '' }, { __code: '404' }],
    ['a Prefer code', { prefer: 'code=404' }, {}],
    ['a Prefer code and example', { prefer: 'code=200, example=page' }, {}],
    ['a Prefer that is not a number', { prefer: 'code=abc' }, {}],
    ['dynamic and a seed', { prefer: 'dynamic=true, seed=7' }, {}],
    ['__code', {}, { __code: '500' }],
    ['__example', {}, { __example: 'empty' }],
    ['__dynamic that is not a boolean', {}, { __dynamic: 'maybe' }],
    ['__seed twice', {}, { __seed: ['1', '2'] }],
  ])('%s: what Prism decodes', (_, headers, query) => {
    const ours = preferences(request(headers, query));
    const prisms = getHttpConfigFromRequest(request(headers, query));
    expect(ours._tag).toBe(prisms._tag);
    expect(ours._tag === 'Right' ? ours.right : ours.left.detail).toEqual(prisms._tag === 'Right' ? prisms.right : prisms.left.detail);
  });
});
