// The breaking-change report: each test edits a scratch copy of the bundle
// and checks what the comparison says, or runs `npm run diff` in a scratch git
// repository the way a contributor would.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSpecs } from '../../scripts/lib/api-diff.mjs';
import { breakingIntent, unreleasedBreaking } from '../../scripts/lib/changelog.mjs';
import { renderReport } from '../../scripts/lib/diff-report.mjs';
import { spec } from '../support/spec.js';

type Change = { type: string; description: string; locations: string[]; affects: { endpoint: string; parts: string[] }[] };

/** The changes between the bundle and a copy of it edited by `edit`. */
function changesAfter(edit: (doc: any) => void): Change[] {
  const after = structuredClone(spec);
  edit(after);
  return compareSpecs(spec, after);
}

const ofType = (changes: Change[], type: string) => changes.filter((c) => c.type === type);
const RELAY_CREATE = 'POST /api/relay/rest/endpoints/sip';

describe('the API diff flags as breaking', () => {
  it('removing an enum value (codec G729), in every request and response that uses it', () => {
    const changes = changesAfter((doc) => {
      doc.components.schemas.Codec.enum = doc.components.schemas.Codec.enum.filter((codec: string) => codec !== 'G729');
    });
    expect(changes).toHaveLength(1);
    const [change] = changes;
    expect(change.type).toBe('breaking');
    expect(change.description).toContain('removed "G729"');
    expect(change.locations).toEqual(['$.components.schemas.Codec.enum[3]']);
    expect(change.affects).toContainEqual({ endpoint: RELAY_CREATE, parts: ['request body', 'response 200', 'response 201'] });
    expect(change.affects).toContainEqual({ endpoint: 'GET /api/fabric/resources/sip_endpoints', parts: ['response 200'] });
    // Relay: list, create, get, update; Fabric: list, create, get, update;
    // subscriber credentials: list, create, get, update; the SIP profile update (request).
    expect(change.affects).toContainEqual({ endpoint: 'PUT /api/relay/rest/sip_profile', parts: ['request body'] });
    expect(change.affects).toHaveLength(13);
  });

  it('making an optional field required (caller_id of the video_room variant)', () => {
    const changes = changesAfter((doc) => doc.components.schemas.RelayCreateVideoRoom.required.push('caller_id'));
    expect(changes).toEqual([
      {
        type: 'breaking',
        description: '[Added] required status to `caller_id`: added "caller_id"',
        locations: ['$.components.schemas.RelayCreateVideoRoom.required[4]'],
        affects: [{ endpoint: RELAY_CREATE, parts: ['request body'] }],
      },
    ]);
  });

  it('removing an operation', () => {
    const changes = changesAfter((doc) => delete doc.paths['/api/fabric/resources/sip_endpoints/{id}/addresses']);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      type: 'breaking',
      description: '[Removed] operation GET /api/fabric/resources/sip_endpoints/{id}/addresses',
      locations: ["$.paths['/api/fabric/resources/sip_endpoints/{id}/addresses'].get"],
    });
  });

  it('removing a discriminator mapping key, which api-smart-diff alone leaves unclassified', () => {
    const changes = changesAfter((doc) => delete doc.components.schemas.FabricUpdateWithHandler.discriminator.mapping['block-pstn']);
    expect(changes).toEqual([
      {
        type: 'breaking',
        description: 'Removed discriminator mapping `block-pstn`: removed "#/components/schemas/FabricUpdateBlockPstn"',
        locations: ["$.components.schemas.FabricUpdateWithHandler.discriminator.mapping['block-pstn']"],
        affects: [{ endpoint: 'PUT /api/fabric/resources/sip_endpoints/{id}', parts: [] }],
      },
    ]);
  });

  it('renaming an operationId, which typed clients are keyed by', () => {
    const changes = changesAfter((doc) => (doc.paths['/api/fabric/resources/sip_endpoints'].get.operationId = 'list_sip_endpoints_fabric'));
    expect(ofType(changes, 'breaking').map((c) => c.locations)).toEqual([["$.paths['/api/fabric/resources/sip_endpoints'].get.operationId"]]);
  });
});

describe('the API diff passes', () => {
  it('adding an optional field, as one non-breaking change', () => {
    const changes = changesAfter((doc) => {
      doc.components.schemas.RelayCreateVideoRoom.properties.call_video_room_label = { type: 'string', description: 'A label.' };
    });
    expect(changes).toEqual([
      {
        type: 'non-breaking',
        description: '[Added] property `call_video_room_label`',
        locations: ['$.components.schemas.RelayCreateVideoRoom.properties.call_video_room_label'],
        affects: [{ endpoint: RELAY_CREATE, parts: ['request body'] }],
      },
    ]);
  });

  it('adding an example, as an annotation', () => {
    const changes = changesAfter((doc) => {
      doc.paths['/api/relay/rest/endpoints/sip'].post.requestBody.content['application/json'].examples.minimal = { summary: 'Only the credentials', value: { username: 'desk', password: 's3cret-Passw0rd' } };
    });
    expect(changes.map((c) => [c.type, c.locations])).toEqual([['annotation', ["$.paths['/api/relay/rest/endpoints/sip'].post.requestBody.content['application/json'].examples.minimal"]]]);
  });

  it('an unchanged document, with no change at all', () => {
    expect(changesAfter(() => {})).toEqual([]);
  });
});

describe('marking a breaking change as intended in CHANGELOG.md', () => {
  const breaking = changesAfter((doc) => doc.components.schemas.RelayCreateVideoRoom.required.push('caller_id'));
  const changelog = (entry: string) => `# Changelog\n\n## Unreleased\n\n### Breaking\n\n${entry}\n\n### Added\n\n## 0.1.0 (2026-11-23)\n\n### Breaking\n\n- Old: \`POST /api/relay/rest/endpoints/sip\`\n`;

  it('reads only the Breaking section of Unreleased, without comments', () => {
    expect(unreleasedBreaking(changelog('<!-- nothing yet -->'))).toBe('');
    expect(unreleasedBreaking(changelog('- New rule: `POST /api/x`'))).toBe('- New rule: `POST /api/x`');
  });

  it('accepts an entry that names every affected endpoint', () => {
    expect(breakingIntent(changelog(`- \`caller_id\` is required with video_room: \`${RELAY_CREATE}\``), breaking)).toMatchObject({ marked: true, missing: [] });
  });

  it('refuses a missing entry, even when an older release names the endpoint', () => {
    expect(breakingIntent(changelog(''), breaking)).toMatchObject({ marked: false, hasEntry: false });
  });

  it('refuses an entry that names the endpoint only as a prefix of another path', () => {
    expect(breakingIntent(changelog(`- Something: \`${RELAY_CREATE}/{id}\``), breaking)).toMatchObject({ marked: false, missing: [RELAY_CREATE] });
  });

  it('states the verdict and a ready entry in the report', () => {
    const report = renderReport({ base: 'main', changes: breaking, intent: breakingIntent('', breaking) });
    expect(report).toContain('| 1 | 0 | 0 | 0 | 0 |');
    expect(report).toContain('### Breaking (1)\n\n- [Added] required status to `caller_id`');
    expect(report).toContain('  - at `$.components.schemas.RelayCreateVideoRoom.required[4]`');
    expect(report).toContain('**Result:** 1 breaking change not marked as intended.');
    expect(report).toContain(`- <what changed and why>: \`${RELAY_CREATE}\``);
  });
});

describe('npm run diff -- HEAD~1 in a git repository', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-spec-diff-repo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=Diff Test', '-c', 'user.email=diff-test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  };
  const npmDiff = (ref: string) => {
    const result = spawnSync('npm', ['run', 'diff', '--', ref], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', GITHUB_STEP_SUMMARY: '' } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('exits non-zero and names the removed codec, then passes once CHANGELOG.md marks it', () => {
    for (const item of ['openapi', 'scripts', 'lib', 'DECISIONS.md', 'package.json', 'redocly.yaml', 'CHANGELOG.md']) cpSync(item, join(dir, item), { recursive: true });
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'dir');
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'spec as it is');
    const codecFile = join(dir, 'openapi/components/schemas/Codec.yaml');
    const codecs = readFileSync(codecFile, 'utf8');
    expect(codecs).toContain('  - G729\n');
    writeFileSync(codecFile, codecs.replace('  - G729\n', ''));
    git('commit', '--quiet', '-am', 'drop G729');

    const unmarked = npmDiff('HEAD~1');
    expect(unmarked.output).toContain('### Breaking (1)');
    expect(unmarked.output).toContain('removed "G729"');
    expect(unmarked.output).toContain('**Result:** 1 breaking change not marked as intended.');
    expect(unmarked.status).toBe(1);

    // The report's own example entry, filled in, is what marks it intended.
    const endpoints = [...unmarked.output.matchAll(/^- <what changed and why>: (.*)$/gm)][0][1];
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8').replace('### Breaking\n', `### Breaking\n\n- Removed codec G729, no longer offered: ${endpoints}\n`);
    writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
    const marked = npmDiff('HEAD~1');
    expect(marked.output).toContain('**Result:** 1 breaking change, marked intended in CHANGELOG.md');
    expect(marked.status).toBe(0);
  }, 60_000);

  it('as npm run diff:report in a pull request: compares with origin/$GITHUB_BASE_REF and appends to $GITHUB_STEP_SUMMARY', () => {
    git('update-ref', 'refs/remotes/origin/main', 'HEAD~1');
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, 'earlier step\n');
    const result = spawnSync('npm', ['run', 'diff:report'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_BASE_REF: 'main', GITHUB_STEP_SUMMARY: summary } });
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('earlier step\n## API changes: `origin/main` → working tree\n')).toBe(true);
    expect(written).toContain('removed "G729"');
    expect(result.status).toBe(0); // marked intended by the previous test
  }, 60_000);

  it('exits 2 on a ref that is not a commit', () => {
    const { status, output } = npmDiff('no-such-branch');
    expect(output).toContain('`no-such-branch` is not a commit here');
    expect(status).toBe(2);
  });
});
