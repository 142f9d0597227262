// Security requirements in the change report: the schemes a caller must
// present, per operation (its own `security`, else the document's). A change
// that refuses credentials a caller sends today (a scheme replaced, a second
// scheme required with AND, an anonymous operation now authenticated, a scope
// added) is breaking; one that still accepts every credential accepted today
// (an alternative added with OR, a scheme or the whole requirement dropped) is not.
// Before this rule, api-smart-diff's classes applied: replacing `basicAuth` with
// another scheme at the document level was "unclassified" and an operation
// requiring `basicAuth` AND an API key was "non-breaking", so both passed the check.
import { describe, expect, it } from 'vitest';
import { compareSpecs } from '../../lib/diff/compare.mjs';

const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'string' } } } } };
/** A document with two operations and two schemes; `security` at the document level. */
function doc(security?: unknown, own?: unknown): any {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    ...(security === undefined ? {} : { security }),
    paths: { '/a': { get: { ...(own === undefined ? {} : { security: own }), responses: ok }, post: { responses: ok } } },
    components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' }, key: { type: 'apiKey', in: 'header', name: 'X-Key' }, oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://t.example/token', scopes: { read: 'r', write: 'w' } } } } } },
  };
}

const basic = [{ basic: [] }];
describe('security requirements', () => {
  // [what, before, after, class, endpoints the entry reaches]
  const both = ['GET /a', 'POST /a'];
  it.each([
    ['document: scheme replaced', doc(basic), doc([{ key: [] }]), 'breaking', both],
    ['document: a second scheme required (AND)', doc(basic), doc([{ basic: [], key: [] }]), 'breaking', both],
    ['document: none before, a scheme now', doc(), doc(basic), 'breaking', both],
    ['document: an empty requirement list becomes a scheme', doc([]), doc(basic), 'breaking', both],
    ['document: anonymous alternative ({}) dropped', doc([{ basic: [] }, {}]), doc(basic), 'breaking', both],
    ['document: a scope added', doc([{ oauth: ['read'] }]), doc([{ oauth: ['read', 'write'] }]), 'breaking', both],
    ['operation: a second scheme required (AND)', doc(basic), doc(basic, [{ basic: [], key: [] }]), 'breaking', ['GET /a']],
    ['operation: scheme replaced', doc(basic, basic), doc(basic, [{ key: [] }]), 'breaking', ['GET /a']],
    ['document: an alternative added (OR)', doc(basic), doc([{ basic: [] }, { key: [] }]), 'non-breaking', both],
    ['document: requirement removed', doc(basic), doc(), 'non-breaking', both],
    ['document: emptied (no authentication)', doc(basic), doc([]), 'non-breaking', both],
    ['document: a scope dropped', doc([{ oauth: ['read', 'write'] }]), doc([{ oauth: ['read'] }]), 'non-breaking', both],
    ['document: one of two AND schemes dropped', doc([{ basic: [], key: [] }]), doc(basic), 'non-breaking', both],
    ['operation: opened to anonymous callers', doc(basic), doc(basic, []), 'non-breaking', ['GET /a']],
  ])('%s', (_what, before, after, type, endpoints) => {
    const entries = compareSpecs(before, after);
    const security = entries.filter((e) => /security requirement/.test(e.change));
    expect(security).toHaveLength(1);
    expect(security[0].type).toBe(type);
    expect(security[0].operations.map((o) => o.endpoint)).toEqual(endpoints);
    // No second, differently classed entry for the same edit.
    expect(entries.filter((e) => e !== security[0] && /^(document|operation)/.test(e.subject))).toEqual([]);
  });

  it('an unchanged requirement written in another place (GET\'s moved to the document, POST kept anonymous by `security: []`) is no change', () => {
    expect(compareSpecs(doc(undefined, basic), { ...doc(basic), paths: { '/a': { get: { responses: ok }, post: { security: [], responses: ok } } } }).filter((e) => /security requirement/.test(e.change)).map((e) => e.operations.map((o) => o.endpoint))).toEqual([]);
  });

  it('the words name the schemes before and after', () => {
    const [entry] = compareSpecs(doc(basic), doc([{ basic: [], key: [] }]));
    expect(entry.change).toBe('Changed the security requirements: `basic` → `basic` and `key`');
    expect(entry.subject).toBe('document `security`');
    expect(entry.effects).toEqual([{ direction: null, type: 'breaking', reason: expect.stringMatching(/refused/) }]);
  });
});
