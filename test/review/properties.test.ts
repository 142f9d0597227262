// Property test of the change report: random edits anywhere in the golden
// base API (values replaced by odd JSON, keys deleted, array items added,
// prototype names as keys) never make compareSpecs or renderReport throw, and
// every entry is well formed. Fixed seed; replay with
// FC_SEED=<seed> FC_PATH=<path> npx vitest run test/review/properties.test.ts.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { breakingIntent } from '../../lib/diff/changelog.mjs';
import { compareSpecs, SpecDiffError, TYPES } from '../../lib/diff/compare.mjs';
import { renderReport } from '../../lib/diff/report.mjs';
import { fcParameters } from '../support/arbitraries.js';

const base = parse(readFileSync('test/review/golden/base.yaml', 'utf8'));

/** Every path to a value of the base, so an edit can land anywhere. */
function paths(node: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (node === null || typeof node !== 'object') return [path];
  return [path, ...Object.entries(node).flatMap(([key, value]) => paths(value, [...path, Array.isArray(node) ? Number(key) : key]))];
}
const PATHS = paths(base).filter((p) => p.length > 0);

const oddValue = fc.oneof(
  fc.constantFrom<unknown>(null, 0, -1, '', 'null', true, [], {}, ['null'], { $ref: '#/components/schemas/Nope' }, { $ref: '#/components/schemas/Codec' }, { $ref: 'https://example.invalid/x' }, { type: ['string', 'null'] }, { enum: [] }),
  fc.jsonValue({ maxDepth: 2 }),
);
const key = fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', "it's", 'a/b~c', '', 'enum', 'required', 'oneOf', '$ref', 'x-extra');

type Edit = { kind: 'set' | 'delete' | 'add'; path: (string | number)[]; value: unknown; key: string };
const edit = fc.record({ kind: fc.constantFrom<Edit['kind']>('set', 'delete', 'add'), path: fc.constantFrom(...PATHS), value: oddValue, key });

/** The base with `edits` applied; own keys only, defined with defineProperty so `__proto__` is a key. */
function edited(edits: Edit[]) {
  const doc = structuredClone(base);
  for (const { kind, path, value, key: name } of edits) {
    const parent = path.slice(0, -1).reduce<any>((node, k) => (node !== null && typeof node === 'object' && Object.hasOwn(node, k) ? node[k] : undefined), doc);
    if (parent === null || typeof parent !== 'object') continue;
    const last = path.at(-1)!;
    if (kind === 'delete') {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else delete parent[last];
    } else if (kind === 'set') Object.defineProperty(parent, last, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
    else {
      const target = parent[last];
      if (Array.isArray(target)) target.push(structuredClone(value));
      else if (target !== null && typeof target === 'object') Object.defineProperty(target, name, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
    }
  }
  return doc;
}

describe('the change report on random edits of the golden base', () => {
  it('never throws, every entry is well formed, and leaving out unchanged parts changes nothing, both ways', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const after = edited(edits);
        for (const [from, to] of [[base, after], [after, base]]) {
          let changes;
          try {
            changes = compareSpecs(from, to);
          } catch (error) {
            // Only a document api-smart-diff cannot read may be refused, and only as a SpecDiffError.
            expect(error).toBeInstanceOf(SpecDiffError);
            continue;
          }
          // api-smart-diff given only what the edits can reach finds what it finds in the whole documents (D139);
          // one direction (withoutUnchangedParts treats both sides alike), as the whole comparison is the slow one.
          if (from === base) expect(changes).toEqual(compareSpecs(from, to, { prune: false }));
          for (const change of changes) {
            expect(TYPES).toContain(change.type);
            expect(change.change.length).toBeGreaterThan(0);
            expect(change.location.startsWith('$')).toBe(true);
            expect(change.effects.length).toBeGreaterThan(0);
            for (const operation of change.operations) expect(operation.endpoint).toMatch(/^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) \//);
          }
          const report = renderReport({ base: 'base', changes, intent: breakingIntent('', changes.filter((c) => c.type === 'breaking')) });
          expect(report).toContain('**Result:**');
        }
      }),
      fcParameters(60),
    );
  }, 120_000);

  it.each([undefined, 3, '2.0', ['3.1.0']])('refuses a document whose openapi is %j with a SpecDiffError', (openapi) => {
    const odd = { ...structuredClone(base), openapi };
    expect(() => compareSpecs(base, odd)).toThrow(SpecDiffError);
    expect(() => compareSpecs(odd, base)).toThrow(/the base document is not an OpenAPI 3 document/);
  });

  it('finds no change between a document and its copy', () => {
    expect(compareSpecs(base, structuredClone(base))).toEqual([]);
  });
});
