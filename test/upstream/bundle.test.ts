// Our own bundle's x-decision links at work: an upstream document made from
// our bundle by undoing one deliberate choice (written here, not copied
// from SignalWire) shows the differences as explained by that choice's
// decision, and the links all name decisions that exist.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_PATH, dereferenceDocument, normalizeSchema } from '../../lib/spec/index.mjs';
import { compareDocuments, decisionsOf, readDecisions } from '../../lib/upstream/index.mjs';

const bundle = JSON.parse(readFileSync(BUNDLE_PATH, 'utf8'));
const decisions = readDecisions();

/** Every x-decision id written in the bundle, with where. */
function links(node: unknown, at = '#', out: Array<[string, string]> = [], seen = new Set<unknown>()): Array<[string, string]> {
  if (typeof node !== 'object' || node === null || seen.has(node)) return out;
  seen.add(node);
  for (const id of decisionsOf(node)) out.push([at, id]);
  for (const [key, value] of Object.entries(node)) links(value, `${at}/${key}`, out, seen);
  return out;
}

/**
 * Our Relay create union flattened into one object with every field optional but username and password: SignalWire's way of writing it.
 * @param loaded our bundle dereferenced (read only)
 */
function flatRelayCreate(loaded: Awaited<ReturnType<typeof dereferenceDocument>>) {
  const upstream = structuredClone(bundle);
  const union = normalizeSchema(loaded.document.components.schemas.RelayCreateSipEndpointRequest);
  const properties: Record<string, unknown> = {};
  for (const variant of union.variants ?? []) {
    for (const [name, schema] of Object.entries(normalizeSchema(variant.schema).properties)) {
      if (name === 'call_handler' || properties[name]) continue;
      properties[name] = { ...(schema as object) };
      delete (properties[name] as any)['x-decision'];
    }
  }
  const handlers = (union.variants ?? []).flatMap((v) => normalizeSchema(normalizeSchema(v.schema).properties.call_handler).enum ?? []);
  properties.call_handler = { type: 'string', enum: handlers };
  upstream.components.schemas.RelayCreateSipEndpointRequest = { type: 'object', required: ['username', 'password'], properties };
  return upstream;
}

describe('our bundle', () => {
  it('links only to decisions DECISIONS.md has', () => {
    const found = links(bundle);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter(([, id]) => !decisions.has(id))).toEqual([]);
  });

  describe('against its Relay create body written flat, as SignalWire writes it', () => {
    let differences: ReturnType<typeof compareDocuments>['differences'];
    beforeAll(async () => {
      // Our side is dereferenced once: the flat upstream is written from it, then compared with it.
      const ours = await dereferenceDocument(bundle, 'ours');
      const upstream = await dereferenceDocument(flatRelayCreate(ours), 'upstream');
      differences = compareDocuments(ours, upstream, { decisions }).differences;
    });

    it('finds the union and each variant\'s required handler field, all in create_sip_endpoint\'s body', () => {
      expect(differences.length).toBeGreaterThan(1);
      expect(differences.every((d) => d.operation.operationId === 'create_sip_endpoint' && d.where === 'request body')).toBe(true);
      expect(differences[0]).toMatchObject({ kind: 'union-vs-flat', field: '' });
      expect(differences.filter((d) => d.kind === 'required-removed').map((d) => d.field)).toEqual(expect.arrayContaining(['call_handler', 'call_video_room_id', 'call_request_url']));
    });

    it('explains every one of them by the decisions on the union (D1, D2)', () => {
      const unexplained = differences.filter((d) => !d.explained);
      expect(unexplained).toEqual([]);
      for (const d of differences) expect(d.decisions).toEqual(['D1', 'D2']);
    });
  });
});
