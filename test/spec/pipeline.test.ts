// The checks a reviewer relies on: lint is clean, the bundle is current, and
// a broken spec fails lint naming the rule, the file and the line. The
// broken copies are linted in this process (lib/lint/index.mjs, what
// `npm run lint` runs); one run of the command itself is the smoke test.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintSpec, type LintFinding } from '../../lib/lint/index.mjs';
import { runScript } from '../support/exec.js';

describe('lint', () => {
  // The one end-to-end run of `npm run lint` (scripts/lint.mjs).
  it('reports no error and no warning on the spec', () => {
    const { status, output } = runScript(['scripts/lint.mjs']);
    expect(output).toContain('lint: Redocly reports no problems.');
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

/** The lint-setup files a scratch copy needs: lint runs in this process, on the copy. */
const LINT_FILES = ['openapi', 'lib', 'DECISIONS.md', 'redocly.yaml', '.redocly.lint-ignore.yaml'];
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A scratch copy of `items` of the project, in a fresh temporary folder. */
function scratchCopy(items: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-broken-'));
  copies.push(dir);
  for (const item of items) cpSync(item, join(dir, item), { recursive: true });
  return dir;
}

/** Replaces `file` (relative to `dir`) by `edit` of it; fails when the edit changes nothing. */
function editFile(dir: string, file: string, edit: (text: string) => string) {
  const target = join(dir, file);
  const before = readFileSync(target, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} changes it`).not.toBe(before);
  writeFileSync(target, after);
}

/** Lints a copy broken by `edit` of `file`, in this process; `output` is what `npm run lint` would print. */
async function lintBroken(file: string, edit: (text: string) => string, more: (dir: string) => void = () => {}) {
  const dir = scratchCopy(LINT_FILES);
  editFile(dir, file, edit);
  more(dir);
  const { findings, report } = await lintSpec(dir);
  return { findings, output: report };
}

describe('a broken spec', () => {
  it('with an unknown $ref fails lint and names the file and line', async () => {
    const { findings, output } = await lintBroken('openapi/components/schemas/RelayCreateVideoRoom.yaml', (t) => t.replace('./CallVideoRoomId.yaml', './CallVideoRoomID.yaml'));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/RelayCreateVideoRoom\.yaml:\d+:\d+/);
    expect(output).toContain("Can't resolve $ref");
  });

  it('with an example that breaks its schema fails lint and names the file and line', async () => {
    const { findings, output } = await lintBroken('openapi/components/examples/fabric-create-resource.yaml', (t) => t.replace(/calling_handler_resource_id: .*/, 'calling_handler_resource_id: resource-id'));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/examples\/fabric-create-resource\.yaml:\d+:\d+/);
    expect(output).toContain('Example value must conform to the schema');
  });

  it('with invalid YAML fails lint and names the file and line', async () => {
    const { findings, output } = await lintBroken('openapi/components/schemas/Encryption.yaml', (t) => t.replace('enum:', 'enum: [\n'));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/Encryption\.yaml:\d+:\d+/);
  });

  it('with a pattern that has no words for the mock fails lint naming the rule', async () => {
    const { findings, output } = await lintBroken('openapi/components/schemas/SipUsername.yaml', (t) => t.replace(/x-violation-messages:\n  pattern: .*\n/, ''));
    expect(findings.length).not.toBe(0);
    expect(output).toContain('pattern-has-words');
  });

  it('with an x-decision that DECISIONS.md lacks, or that is no decision id, fails lint naming the file and line', async () => {
    // Any link the file has is replaced, so each file carries exactly the broken one.
    const relink = (t: string, value: string) => `x-decision: ${value}\n${t.replace(/^x-decision:.*\n/m, '')}`;
    const { findings, output } = await lintBroken('openapi/components/schemas/Codec.yaml', (t) => relink(t, 'D999'), (dir) => editFile(dir, 'openapi/components/schemas/Cipher.yaml', (t) => relink(t, '[D5, decision five]')));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/Codec\.yaml:1:\d+/);
    expect(output).toContain('x-decision D999 is not a decision of DECISIONS.md');
    expect(output).toMatch(/openapi\/components\/schemas\/Cipher\.yaml:1:\d+/);
    expect(output).toContain('x-decision must be a decision id such as D14, or a list of them; got "decision five"');
    expect(output).toContain('sip-spec/decision-exists');
  });

  it('edited without regenerating fails the drift check, which says to run npm run generate', () => {
    const dir = scratchCopy(['openapi', 'generated', 'scripts', 'lib', 'src', 'DECISIONS.md', 'redocly.yaml', 'package.json']);
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'dir');
    editFile(dir, 'openapi/components/schemas/Codec.yaml', (t) => t.replace('  - H264\n', ''));
    const { status, output } = runScript(['scripts/generate.mjs', '--check'], dir);
    expect(status).toBe(1);
    expect(output).toContain('generated/openapi.yaml, generated/openapi.json, generated/schema.ts out of date with openapi/');
    expect(output).toContain('run `npm run generate`');
  });
});

// Each project rule is enforced once, by lint (redocly.yaml; DECISIONS.md
// D102): the vitest loops that used to re-check some of them over the bundle
// are gone, and each such rule is proven here instead. One scratch copy is
// broken in every way below at once, each break in its own place, and linted
// once; each break must be reported by its rule at its file, and nothing
// else may be reported.
const paths = (name: string) => `openapi/paths/${name}.yaml`;
const FABRIC_LIST = paths('api@fabric@resources@sip_endpoints');
const FABRIC_ONE = paths('api@fabric@resources@sip_endpoints@{id}');
const RELAY_LIST = paths('api@relay@rest@endpoints@sip');
const RELAY_ONE = paths('api@relay@rest@endpoints@sip@{id}');
const SUBSCRIBER_ONE = paths('api@fabric@resources@subscribers@{fabric_subscriber_id}@sip_endpoints@{id}');

/**
 * Removes the `nth` (0-based) response `code` (its whole block) from a path file's text.
 * A block runs from `    '<code>':` to the next line indented four spaces or less.
 */
function dropResponse(text: string, code: string, nth = 0): string {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (line === `    '${code}':` ? [i] : []));
  const start = starts[nth];
  if (start === undefined) return text;
  let end = start + 1;
  while (end < lines.length && /^ {5,}|^$/.test(lines[end]) && lines[end] !== '') end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

/** A path file's `method:` block edited by `edit`; the rest unchanged. */
function inOperation(method: string, edit: (op: string) => string) {
  return (text: string) => {
    const lines = text.split('\n');
    const start = lines.indexOf(`${method}:`);
    if (start === -1) return text;
    const next = lines.findIndex((line, i) => i > start && /^[a-z]+:$/.test(line));
    const end = next === -1 ? lines.length : next;
    return [...lines.slice(0, start), ...edit(lines.slice(start, end).join('\n')).split('\n'), ...lines.slice(end)].join('\n');
  };
}

const BREAKS: { rule: string; what: string; file: string; edit: (text: string) => string }[] = [
  // From bundle.test.ts "answers 401 and 500 everywhere, 404 where an id is in the path, 422 where input is validated".
  { rule: 'rule/operation-401', what: 'an operation without 401', file: FABRIC_ONE, edit: inOperation('get', (op) => dropResponse(op, '401')) },
  { rule: 'rule/operation-500', what: 'an operation without 500', file: RELAY_LIST, edit: inOperation('get', (op) => dropResponse(op, '500')) },
  { rule: 'rule/operation-with-id-404', what: 'an operation on a path with an {id} without 404', file: SUBSCRIBER_ONE, edit: inOperation('delete', (op) => dropResponse(op, '404')) },
  { rule: 'rule/operation-with-parameters-422', what: 'an operation with query parameters without 422', file: FABRIC_LIST, edit: inOperation('get', (op) => dropResponse(op, '422')) },
  { rule: 'rule/path-with-parameters-422', what: 'an operation on a path with parameters without 422', file: RELAY_ONE, edit: inOperation('delete', (op) => dropResponse(op, '422')) },
  { rule: 'rule/operation-with-body-422', what: 'an operation with a body and no parameters without 422', file: paths('api@relay@rest@sip_profile'), edit: inOperation('put', (op) => dropResponse(op, '422')) },
  // From bundle.test.ts "tags every operation with a tag declared, with a description, in openapi.yaml".
  { rule: 'operation-tag-defined', what: 'an operation with a tag openapi.yaml does not declare', file: paths('api@fabric@resources@sip_endpoints@{id}@addresses'), edit: (t) => t.replace('    - Fabric SIP credentials\n', '    - Fabric SIP addresses\n') },
  { rule: 'operation-singular-tag', what: 'an operation with two tags', file: paths('api@fabric@resources@{id}@phone_routes'), edit: (t) => t.replace(/(  tags:\n)(    - .*\n)/, '$1$2    - Relay SIP endpoints\n') },
  { rule: 'tag-description', what: 'a declared tag without a description', file: 'openapi/openapi.yaml', edit: (t) => t.replace(/(  - name: Relay SIP profile\n)    description: >-\n(      .*\n)+/, '$1') },
  // From bundle.test.ts "request bodies are required and carry named examples" and "gives every success response an example".
  { rule: 'rule/media-type-examples', what: 'a request body without examples', file: paths('api@fabric@resources@{id}@sip_endpoints'), edit: (t) => t.replace(/(  requestBody:\n[\s\S]*?)        examples:\n(          .*\n)+/, '$1') },
  { rule: 'rule/media-type-examples', what: 'a success response without examples', file: FABRIC_ONE, edit: inOperation('put', (op) => op.replace(/(    '200':\n[\s\S]*?)          examples:\n(            .*\n)+/, '$1')) },
  { rule: 'rule/example-names', what: 'a request example whose name is not snake_case', file: RELAY_ONE, edit: (t) => t.replace('          no_handler:\n', '          noHandler:\n') },
  // Rules that were Spectral's, now in redocly.yaml.
  { rule: 'rule/operation-id-post', what: "a POST whose operationId's verb is not create_ or assign_", file: RELAY_LIST, edit: (t) => t.replace('operationId: create_sip_endpoint', 'operationId: add_sip_endpoint') },
  { rule: 'rule/operation-id-get', what: "a GET whose operationId's verb is not list_, get_ or retrieve_", file: paths('api@relay@rest@sip_profile'), edit: (t) => t.replace('operationId: retrieve_sip_profile', 'operationId: fetch_sip_profile') },
  { rule: 'rule/operation-id-put-patch', what: "a PUT whose operationId's verb is not update_", file: paths('api@relay@rest@sip_profile'), edit: (t) => t.replace('operationId: update_sip_profile', 'operationId: set_sip_profile') },
  { rule: 'rule/operation-id-delete', what: "a DELETE whose operationId's verb is not delete_", file: RELAY_ONE, edit: (t) => t.replace('operationId: delete_sip_endpoint', 'operationId: remove_sip_endpoint') },
  { rule: 'parameter-description', what: 'a parameter without a description', file: 'openapi/components/parameters/PageNumber.yaml', edit: (t) => t.replace(/^description: >-\n(  .*\n)+/m, '') },
  { rule: 'rule/array-items', what: 'an array schema without items', file: 'openapi/components/schemas/CodecList.yaml', edit: (t) => t.replace('items:\n  $ref: ./Codec.yaml\n', '') },
  { rule: 'rule/no-eval-in-markdown', what: 'a description with eval(', file: 'openapi/components/schemas/CallDialogflowAgentId.yaml', edit: (t) => t.replace(/^description: /m, 'description: eval(x) ') },
  { rule: 'rule/operation-429', what: 'an operation without 429', file: SUBSCRIBER_ONE, edit: inOperation('get', (op) => dropResponse(op, '429')) },
  { rule: 'rule/response-429-retry-after', what: 'a 429 without Retry-After', file: 'openapi/components/responses/TooManyRequests.yaml', edit: (t) => t.replace('  Retry-After:\n', '  Retry-After-Seconds:\n') },
  { rule: 'rule/operation-with-body-400-413', what: 'an operation with a body without 413', file: FABRIC_LIST, edit: inOperation('post', (op) => dropResponse(op, '413')) },
  { rule: 'rule/uuid-strict-pattern', what: 'a format uuid without the strict pattern', file: 'openapi/components/parameters/SipCredentialId.yaml', edit: (t) => t.replace(/  pattern: .*\n/, '') },
  { rule: 'rule/request-url-http-pattern', what: 'a request URL whose pattern takes any scheme', file: 'openapi/components/schemas/CallRequestUrl.yaml', edit: (t) => t.replace(/^pattern: .*$/m, () => "pattern: '^\\S+$'") },
  { rule: 'rule/property-description', what: 'a property without a description', file: 'openapi/components/schemas/RelaySipEndpoint.yaml', edit: (t) => t.replace('    description: The kind of record.\n', '') },
  { rule: 'rule/violation-messages-shape', what: 'x-violation-messages with a key that is no JSON Schema keyword', file: 'openapi/components/schemas/SipPassword.yaml', edit: (t) => `${t}x-violation-messages:\n  length: Must be longer\n` },
];

describe('each lint rule, enforced once in redocly.yaml, catches a copy broken its way', () => {
  let findings: LintFinding[] = [];
  beforeAll(async () => {
    const dir = scratchCopy(LINT_FILES);
    for (const { file, edit } of BREAKS) editFile(dir, file, edit);
    ({ findings } = await lintSpec(dir));
  }, 60_000);

  it.each(BREAKS)('$rule: $what, named with its file and line', ({ rule, file }) => {
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const found = findings.filter((f) => f.rule === rule && new RegExp(`${escaped}:\\d+:\\d+$`).test(f.place));
    expect(found.map((f) => f.place), `${rule} at ${file}, among:\n${findings.map((f) => `${f.rule} ${f.place}`).join('\n')}`).not.toEqual([]);
    expect(found[0].text).toContain(`was generated by the ${rule} rule.`);
  });

  it('reports nothing but those breaks', () => {
    expect([...new Set(findings.map((f) => f.rule))].sort()).toEqual([...new Set(BREAKS.map((b) => b.rule))].sort());
  });
});
