// A $ref pointed at another schema, written where it stands (`items: {$ref:
// Codec}` → `items: {$ref: CodecList}`, which is what Codec.yaml turned into
// `$ref: ./CodecList.yaml` bundles to). Our rules for a retargeted schema (a
// changed type, enum values no longer allowed) applied only when the $ref was
// changed further up than the echo api-smart-diff reported; here its class
// applied: "Unclassified", exit 0, although every codec went from a string to
// an array.
import { describe, expect, it } from 'vitest';
import { compareSpecs } from '../../lib/diff/compare.mjs';

/** A list whose items are `items`, in a request body and an answer; S a string enum, T a narrower one, L an array of S. */
function doc(items: unknown): any {
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/l': { post: { requestBody: json({ $ref: '#/components/schemas/List' }), responses: { '200': { description: 'OK', ...json({ $ref: '#/components/schemas/List' }) } } } } },
    components: { schemas: { List: { type: 'array', items }, S: { type: 'string', enum: ['a', 'b'] }, T: { type: 'string', enum: ['a'] }, L: { type: 'array', items: { $ref: '#/components/schemas/S' } } } },
  };
}
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('a $ref retargeted where it is written', () => {
  it.each([
    ['to a schema of another type', ref('S'), ref('L'), 'breaking', 'Changed `[]` from schema `S` to schema `L`'],
    ['to an enum with fewer values', ref('S'), ref('T'), 'breaking', 'Changed `[]` from schema `S` to schema `T`'],
  ])('%s', (_what, was, now, type, words) => {
    const entries = compareSpecs(doc(was), doc(now));
    expect(entries.map((e) => [e.type, e.change, e.location])).toEqual([[type, words, '$.components.schemas.List.items']]);
  });
});
