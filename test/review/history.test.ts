// The change report on this repository's own history: the commit that added
// the subscriber SIP credential routes and the assign route (bc21ebb, issue 9)
// against its parent. Both ends are fixed commits, so the report is fixed too
// and committed as golden/history-subscriber-routes.md. It needs the full
// history (a plain git clone has it).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { breakingIntent } from '../../lib/diff/changelog.mjs';
import { compareSpecs, type Entry } from '../../lib/diff/compare.mjs';
import { renderReport } from '../../lib/diff/report.mjs';
import { bundleRef } from '../../lib/diff/bundle-source.mjs';

const ADDED = 'bc21ebb557f60a31e68bf8f1c55de541f544c6ae';
const BEFORE = `${ADDED}~1`;
const GOLDEN = 'test/review/golden/history-subscriber-routes.md';
const SUBSCRIBER = '/api/fabric/resources/subscribers/{fabric_subscriber_id}/sip_endpoints';

let changes: Entry[] = [];
let report = '';

beforeAll(async () => {
  const found = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ADDED}^{commit}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`commit ${ADDED} is not in this clone: the history test needs the full history (git clone without --depth, or git fetch --unshallow)`);
  const [before, added] = await Promise.all([bundleRef(BEFORE), bundleRef(ADDED)]);
  changes = compareSpecs(before, added);
  report = renderReport({ base: BEFORE, head: `\`${ADDED.slice(0, 7)}\``, changes, intent: breakingIntent('', changes.filter((c) => c.type === 'breaking')) }) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, report);
}, 120_000);

describe('the report against the commit before the subscriber routes', () => {
  it('lists each of the six added operations once, under its own path', () => {
    const added = changes.filter((c) => c.change.startsWith('Added operation'));
    expect(added.map((c) => c.operations.map((o) => o.endpoint))).toEqual([
      ['POST /api/fabric/resources/{id}/sip_endpoints'],
      [`GET ${SUBSCRIBER}`],
      [`POST ${SUBSCRIBER}`],
      [`GET ${SUBSCRIBER}/{id}`],
      [`DELETE ${SUBSCRIBER}/{id}`],
      [`PATCH ${SUBSCRIBER}/{id}`],
    ]);
    for (const change of added) {
      const [method, path] = change.operations[0].endpoint.split(' ');
      expect(change.location).toBe(`$.paths['${path}'].${method.toLowerCase()}`);
      expect(change.type).toBe('non-breaking');
      expect(report.split('\n').filter((line) => line.startsWith('| ') && line.includes(`\`${method} ${path}\``))).toHaveLength(1);
    }
  });

  it('shows the description change as the words that changed', () => {
    const description = changes.find((c) => c.location === '$.info.description');
    expect(description?.change).toBe('Changed description');
    expect(description?.text).toMatch(/^… .* <ins>A resource can also be assigned to a SIP credential/);
    const summary = changes.find((c) => c.location === '$.info.summary');
    expect(summary?.text).toBe('Relay REST SIP endpoints <del>and</del><ins>,</ins> Fabric SIP credentials <ins>and subscriber SIP credentials</ins>, strictly described.');
  });

  it('names the new tag and reports the 422 examples added to the shared response once each', () => {
    expect(changes.filter((c) => c.change === 'Added tag `Fabric subscriber SIP credentials`')).toHaveLength(1);
    const examples = changes.filter((c) => c.subject === 'response `FabricValidationFailed`');
    expect(examples.map((c) => c.change)).toEqual(['Added example `invalid_sip_endpoint_id`', 'Added example `missing_password`']);
    expect(changes.filter((c) => c.type === 'unclassified')).toEqual([]);
  });

  it('matches the committed report', () => {
    expect(report).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
