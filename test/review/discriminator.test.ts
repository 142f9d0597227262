// A discriminator's `propertyName` changed in the change report. The mapping's
// keys are compared elsewhere (diff.test.ts, the goldens); the property they
// are read from was not compared at all: `call_handler` → `handler` came out
// "No API change". Clients generated from the spec (openapi-generator and the
// like) pick the variant by that property, in what they send and what they
// read, so the change is breaking on every operation that reaches the union.
import { describe, expect, it } from 'vitest';
import { compareSpecs } from '../../lib/diff/compare.mjs';

/** A body and an answer that are a union of two variants discriminated by `propertyName`. */
function doc(propertyName: string | undefined): any {
  const variant = (value: string) => ({ type: 'object', required: ['kind'], properties: { kind: { const: value } } });
  const union = { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }], ...(propertyName === undefined ? {} : { discriminator: { propertyName, mapping: { a: '#/components/schemas/A', b: '#/components/schemas/B' } } }) };
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/u': { post: { requestBody: json({ $ref: '#/components/schemas/U' }), responses: { '200': { description: 'OK', ...json({ $ref: '#/components/schemas/U' }) } } } } },
    components: { schemas: { U: union, A: variant('a'), B: variant('b') } },
  };
}

describe('discriminator propertyName', () => {
  it.each([
    ['renamed', 'kind', 'handler', 'breaking', 'Changed the discriminator property `kind` → `handler`'],
    ['renamed to a name with Markdown in it', 'kind', 'a|b`c', 'breaking', 'Changed the discriminator property `kind` → ``a|b`c``'],
  ])('%s', (_what, was, now, type, words) => {
    const entries = compareSpecs(doc(was), doc(now));
    expect(entries.map((e) => [e.type, e.change, e.subject, e.location, e.operations.map((o) => [o.endpoint, o.parts])])).toEqual([
      [type, words, 'schema `U`', '$.components.schemas.U.discriminator.propertyName', [['POST /u', ['request body', 'response 200']]]],
    ]);
    expect(entries[0].effects.map((e) => e.type)).toEqual(['breaking', 'breaking']);
  });

  it('an unchanged propertyName is no change', () => {
    expect(compareSpecs(doc('kind'), doc('kind'))).toEqual([]);
  });
});
