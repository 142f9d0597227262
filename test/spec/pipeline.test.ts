// The checks a reviewer relies on: lint is clean, the bundle is current, and
// a broken spec fails lint naming the file and line.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runScript } from '../support/exec.js';

describe('lint', () => {
  it('reports no error and no warning on the spec', () => {
    const { status, output } = runScript(['scripts/lint.mjs']);
    expect(output).toContain('lint: Redocly and Spectral report no problems.');
    expect(output).not.toMatch(/warning/i);
    expect(status).toBe(0);
  });
});

describe('the lint-ignore file', () => {
  it('skips only the two ambiguous-path pairs recorded in DECISIONS.md (D35, D46)', () => {
    const ignored = parse(readFileSync('.redocly.lint-ignore.yaml', 'utf8'));
    expect(ignored).toEqual({
      'openapi/openapi.yaml': { 'no-ambiguous-paths': ['#/paths/~1api~1fabric~1resources~1{id}~1sip_endpoints', '#/paths/~1api~1fabric~1resources~1{id}~1phone_routes'] },
    });
  });
});

describe('generated/', () => {
  it('matches what openapi/ generates (bundle, types, operation table)', () => {
    const { status, output } = runScript(['scripts/generate.mjs', '--check']);
    expect(output).toContain('match openapi/');
    expect(status).toBe(0);
  });
});

describe('a broken spec', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A scratch copy of the project's spec and lint setup, broken by `edit`. */
  function brokenCopy(file: string, edit: (text: string) => string) {
    const dir = mkdtempSync(join(tmpdir(), 'sip-spec-broken-'));
    copies.push(dir);
    for (const item of ['openapi', 'generated', 'scripts', 'lib', 'src', 'DECISIONS.md', 'redocly.yaml', '.redocly.lint-ignore.yaml', '.spectral.yaml', 'package.json']) cpSync(item, join(dir, item), { recursive: true });
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'dir');
    const target = join(dir, file);
    writeFileSync(target, edit(readFileSync(target, 'utf8')));
    return dir;
  }

  it('with an unknown $ref fails lint and names the file and line', () => {
    const dir = brokenCopy('openapi/components/schemas/RelayCreateVideoRoom.yaml', (t) => t.replace('./CallVideoRoomId.yaml', './CallVideoRoomID.yaml'));
    const { status, output } = runScript(['scripts/lint.mjs'], dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/RelayCreateVideoRoom\.yaml:\d+:\d+/);
    expect(output).toContain("Can't resolve $ref");
  });

  it('with an example that breaks its schema fails lint and names the file and line', () => {
    const dir = brokenCopy('openapi/components/examples/fabric-create-resource.yaml', (t) => t.replace(/calling_handler_resource_id: .*/, 'calling_handler_resource_id: resource-id'));
    const { status, output } = runScript(['scripts/lint.mjs'], dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/examples\/fabric-create-resource\.yaml:\d+:\d+/);
    expect(output).toContain('Example value must conform to the schema');
  });

  it('with invalid YAML fails lint and names the file and line', () => {
    const dir = brokenCopy('openapi/components/schemas/Encryption.yaml', (t) => t.replace('enum:', 'enum: [\n'));
    const { status, output } = runScript(['scripts/lint.mjs'], dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/Encryption\.yaml:\d+:\d+/);
  });

  it('with a pattern that has no words for the mock fails lint naming the rule', () => {
    const dir = brokenCopy('openapi/components/schemas/SipUsername.yaml', (t) => t.replace(/x-violation-messages:\n  pattern: .*\n/, ''));
    const { status, output } = runScript(['scripts/lint.mjs'], dir);
    expect(status).not.toBe(0);
    expect(output).toContain('pattern-has-words');
  });

  it('with an x-decision that DECISIONS.md lacks, or that is no decision id, fails lint naming the file and line', () => {
    // Any link the file has is replaced, so each file carries exactly the broken one.
    const relink = (t: string, value: string) => `x-decision: ${value}\n${t.replace(/^x-decision:.*\n/m, '')}`;
    const dir = brokenCopy('openapi/components/schemas/Codec.yaml', (t) => relink(t, 'D999'));
    const other = join(dir, 'openapi/components/schemas/Cipher.yaml');
    writeFileSync(other, relink(readFileSync(other, 'utf8'), '[D5, decision five]'));
    const { status, output } = runScript(['scripts/lint.mjs'], dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/Codec\.yaml:1:\d+/);
    expect(output).toContain('x-decision D999 is not a decision of DECISIONS.md');
    expect(output).toMatch(/openapi\/components\/schemas\/Cipher\.yaml:1:\d+/);
    expect(output).toContain('x-decision must be a decision id such as D14, or a list of them; got "decision five"');
    expect(output).toContain('sip-spec/decision-exists');
  });

  it('edited without regenerating fails the drift check, which says to run npm run generate', () => {
    const dir = brokenCopy('openapi/components/schemas/Codec.yaml', (t) => t.replace('  - H264\n', ''));
    const { status, output } = runScript(['scripts/generate.mjs', '--check'], dir);
    expect(status).toBe(1);
    expect(output).toContain('generated/openapi.yaml, generated/openapi.json, generated/schema.ts out of date with openapi/');
    expect(output).toContain('run `npm run generate`');
  });
});
