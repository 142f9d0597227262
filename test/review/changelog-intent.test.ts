// Which CHANGELOG.md entries mark a breaking change as intended. An entry is
// approved with the pull request that adds it (CONTRIBUTING.md), so only
// `### Breaking` entries that the compared ref does not already have under
// `## Unreleased` count. Before, every entry there counted: while
// `## Unreleased` named an endpoint for an earlier break (this repository's
// does, for 12 of 13 operations), any new breaking change on that endpoint
// (a new required field in the Fabric create) was "marked intended", exit 0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakingIntent } from '../../lib/diff/changelog.mjs';
import { main } from '../../lib/diff/cli.mjs';

const CREATE = 'POST /api/x';
const LIST = 'GET /api/x';
const change = (...endpoints: string[]): any => ({ type: 'breaking', change: 'c', subject: 's', location: '$', effects: [{ direction: null, type: 'breaking', reason: 'r' }], operations: endpoints.map((endpoint) => ({ endpoint, parts: ['operation'] })) });
const changelog = (...entries: string[]) => `# Changelog\n\n## Unreleased\n\n### Breaking\n\n${entries.join('\n')}\n\n### Added\n\n## 0.1.0\n\n### Breaking\n\n- Old: \`${LIST}\`\n`;
const old = `- Earlier break, approved before: \`${CREATE}\`, \`${LIST}\`.`;

describe('breakingIntent against the base ref\'s CHANGELOG.md', () => {
  it.each([
    ['an entry the base already has', changelog(old), changelog(old), false, [CREATE]],
    ['the base\'s entry, reflowed (whitespace is no edit)', changelog(old), changelog(old.replace(', ', ',\n  ')), false, [CREATE]],
    ['a new entry beside the old one', changelog(old), changelog(old, `- New break: \`${CREATE}\``), true, []],
    ['the base\'s entry edited to say more', changelog(old), changelog(old.replace('approved before', 'and a new required field')), true, []],
    ['a new entry that names another endpoint', changelog(old), changelog(old, `- New break: \`${LIST}\``), false, [CREATE]],
    ['no base CHANGELOG.md', '', changelog(old), true, []],
    ['the base has the entry in an older release only', changelog().replace('- Old:', `${old}\n- Old:`), changelog(old), true, []],
  ])('%s', (_what, base, now, marked, missing) => {
    expect(breakingIntent(now, [change(CREATE)], base)).toMatchObject({ marked, missing });
  });

  it('says which endpoints only old entries name', () => {
    expect(breakingIntent(changelog(old), [change(CREATE)], changelog(old))).toMatchObject({ marked: false, hasEntry: false, missing: [CREATE], approved: [CREATE] });
  });
});

describe('npm run diff in a repository whose base already has a Breaking entry', () => {
  let dir = '';
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  };
  const golden = parse(readFileSync('test/review/golden/base.yaml', 'utf8'));
  // The working tree's side: the create body drops an operation (a breaking change on POST /widgets only).
  const edited = () => {
    const doc = structuredClone(golden);
    delete doc.paths['/widgets'].post;
    return doc;
  };
  const run = async () => {
    const lines: string[] = [];
    const status = await main(['HEAD'], {}, { bundleRef: () => structuredClone(golden), bundleWorkingTree: edited, cwd: dir, print: (t) => lines.push(t), warn: (t) => lines.push(t) });
    return { status, output: lines.join('\n') };
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'diff-intent-'));
    git('init', '--quiet');
    writeFileSync(join(dir, 'CHANGELOG.md'), changelog('- Earlier: `POST /widgets`'));
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 while only the committed entry names the endpoint, and says so', async () => {
    const { status, output } = await run();
    expect(output).toContain('**Result:** 1 breaking change not marked as intended.');
    expect(output).toContain('already under `## Unreleased` at `HEAD`');
    expect(status).toBe(1);
  });

  it('exits 0 once a new entry names it', async () => {
    writeFileSync(join(dir, 'CHANGELOG.md'), changelog('- Earlier: `POST /widgets`', '- Removed the create: `POST /widgets`'));
    const { status, output } = await run();
    expect(output).toContain('**Result:** 1 breaking change, marked intended in CHANGELOG.md');
    expect(status).toBe(0);
  });
});

describe('an entry counts only as a reader of the rendered CHANGELOG.md sees it', () => {
  // [what, the ### Breaking section's text, marked]
  const section = (text: string) => `# Changelog\n\n## Unreleased\n\n### Breaking\n\n${text}\n\n## 0.1.0\n`;
  it.each([
    ['a plain entry', `- Removed x: \`${CREATE}\``, true],
    ['an entry over two lines, with a nested item', `- Removed x,\n  for good:\n  - \`${CREATE}\``, true],
    ['an entry with inline HTML beside the endpoint', `- Removed x <b>now</b>: \`${CREATE}\``, true],
    ['the endpoint after an unclosed <!-- (GitHub hides the rest of the file)', `- Something.\n\n<!--\n- Removed x: \`${CREATE}\``, false],
    ['the endpoint in a link reference definition (never rendered)', `[//]: # (- Removed x: \`${CREATE}\`)\n- Something else.`, false],
    ['the endpoint in an inline HTML comment of an entry', `- Something <!-- \`${CREATE}\` -->.`, false],
    ['the entry indented into a code block', `Intro.\n\n    - Removed x: \`${CREATE}\``, false],
    ['the entry in an HTML block', `<div>\n- Removed x: \`${CREATE}\`\n</div>`, false],
  ])('%s', (_what, text, marked) => {
    expect(breakingIntent(section(text), [change(CREATE)]).marked).toBe(marked);
  });
});
