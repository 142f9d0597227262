// Properties of the upstream comparison over generated schemas: it never
// throws, a document has no difference with itself, and comparing the other
// way round finds each difference again, mirrored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dereferenceDocument } from '../../lib/spec/index.mjs';
import { compareDocuments, parseDecisions } from '../../lib/upstream/index.mjs';

const DECISIONS = parseDecisions('### D1. A decision (2026-01-01)\n');
const NAMES = ['a', 'b', 'id', 'constructor', '__proto__', 'x y'];

/** Flat-ish schemas: objects, arrays, scalars with enums, formats, defaults, 3.0 and 3.1 nullability. */
const schema: fc.Arbitrary<any> = fc.letrec<{ node: any }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        type: fc.constantFrom('string', 'integer', 'boolean', ['string', 'null'], ['integer', 'null']),
        enum: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 3 }),
        format: fc.constantFrom('uuid', 'uri', 'int32'),
        default: fc.constantFrom('x', 1),
        nullable: fc.constant(true),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record({
      type: fc.constant('object'),
      properties: fc.dictionary(fc.constantFrom(...NAMES), tie('node'), { maxKeys: 3 }).map((entries) => {
        // Own data properties, `__proto__` included.
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(entries)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        return out;
      }),
      required: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
    }),
    fc.record({ type: fc.constant('array'), items: tie('node') }),
    fc.record({ anyOf: fc.tuple(tie('node'), fc.constant({ type: 'null' })) }),
  ),
})).node;

const union = fc.record({ oneOf: fc.array(schema, { minLength: 2, maxLength: 3 }) });

const doc = (body: unknown, response: unknown, statuses: string[] = ['200']) => ({
  openapi: '3.1.0',
  info: { title: 'p', version: '1' },
  paths: {
    '/p/{id}': {
      post: {
        operationId: 'create_p',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: body } } },
        responses: Object.fromEntries(statuses.map((s) => [s, { description: s, content: { 'application/json': { schema: response } } }])),
      },
    },
  },
});

const MIRROR: Record<string, string> = {
  'field-missing': 'field-extra',
  'field-extra': 'field-missing',
  'enum-widened': 'enum-narrowed',
  'enum-narrowed': 'enum-widened',
  'required-added': 'required-removed',
  'required-removed': 'required-added',
  'nullable-added': 'nullable-removed',
  'nullable-removed': 'nullable-added',
  'status-added': 'status-removed',
  'status-removed': 'status-added',
  type: 'type',
  format: 'format',
  default: 'default',
};

async function differences(a: object, b: object) {
  const [ours, theirs] = await Promise.all([dereferenceDocument(a, 'ours'), dereferenceDocument(b, 'upstream')]);
  return compareDocuments(ours, theirs, { decisions: DECISIONS }).differences;
}

const statuses = fc.subarray(['200', '201', '404'], { minLength: 1 });

describe('the upstream comparison, on generated documents', () => {
  it('finds nothing between a document and a copy of it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(schema, union), schema, statuses, async (body, response, codes) => {
        expect(await differences(doc(body, response, codes), doc(structuredClone(body), structuredClone(response), codes))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('finds each difference again, mirrored, when the sides are swapped (no unions)', async () => {
    await fc.assert(
      fc.asyncProperty(schema, schema, schema, schema, statuses, statuses, async (b1, b2, r1, r2, c1, c2) => {
        const one = doc(b1, r1, c1);
        const two = doc(b2, r2, c2);
        const key = (d: any, kind: string, ours: unknown, upstream: unknown) => JSON.stringify([kind, d.where, d.field, ours, upstream]);
        const forth = (await differences(one, two)).map((d) => key(d, MIRROR[d.kind] ?? d.kind, d.upstream, d.ours)).sort();
        const back = (await differences(two, one)).map((d) => key(d, d.kind, d.ours, d.upstream)).sort();
        expect(back).toEqual(forth);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws, unions on either side included, and explains nothing without x-decision', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(schema, union), fc.oneof(schema, union), schema, async (a, b, r) => {
        const found = await differences(doc(a, r), doc(b, r));
        expect(found.every((d) => !d.explained && d.decisions.length === 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
