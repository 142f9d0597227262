// The mock's family of an operation (lib/mock/family.mjs) is the family the
// spec states (lib/spec listOperations: the 422 response's component), read
// from the operations Prism's loader inlined; never from the path's words.
import { describe, expect, it } from 'vitest';
import { familyOf } from '../../lib/mock/family.mjs';
import { loadOperations } from '../../lib/mock/prism.mjs';
import { listOperations } from '../../lib/spec/index.mjs';
import { spec } from '../support/spec.js';

const relay422 = { code: '422', contents: [{ schema: { properties: { errors: { items: { properties: { detail: {} } } } } } }] };
const fabric422 = { code: '422', contents: [{ schema: { properties: { errors: { items: { properties: { attribute: {} } } } } } }] };

describe('familyOf', () => {
  it('agrees with the family the spec states for every operation of the bundle; the SIP profile GET takes its path\'s', async () => {
    const prism = await loadOperations('generated/openapi.json');
    const stated = new Map(listOperations({ document: spec }).map((o) => [o.operationId, o.family]));
    expect(prism.length).toBe(stated.size);
    for (const op of prism) {
      const expected = stated.get(op.iid) ?? (op.iid === 'retrieve_sip_profile' ? 'relay' : 'none');
      expect(familyOf(op, prism), op.iid).toBe(expected);
    }
  });

  it.each([
    ['its 422 says Relay, whatever the path says', { path: '/api/fabric/x', responses: [relay422] }, [], 'relay'],
    ['its 422 says Fabric, whatever the path says', { path: '/api/relay/x', responses: [fabric422] }, [], 'fabric'],
    ['no 422: the operations on its path', { path: '/api/fabric/x', responses: [] }, [{ path: '/api/fabric/x', responses: [relay422] }], 'relay'],
    ['no 422 on its path: the spec\'s majority', { path: '/api/relay/y', responses: [] }, [{ path: '/a', responses: [fabric422] }, { path: '/b', responses: [fabric422] }, { path: '/c', responses: [relay422] }], 'fabric'],
    ['no 422 anywhere: Fabric', { path: '/api/relay/z', responses: [] }, [], 'fabric'],
  ])('%s', (_, resource, others, family) => {
    expect(familyOf(resource, [resource, ...others])).toBe(family);
  });
});
