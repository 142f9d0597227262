// The checks a reviewer relies on: lint is clean, generated/ is current, and
// a broken spec fails lint naming the rule, the file and the line. The
// broken copies are linted in this process (lib/lint/index.mjs, what
// `npm run lint` runs) and generated/ is compared in this process
// (lib/generate/index.mjs, what `npm run check:generated` runs); each
// command's own behaviour (its exit code and wording) is one real run:
// `npm run lint` on the spec, `npm run check:generated` on a stale copy.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkGenerated } from '../../lib/generate/index.mjs';
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
  // What `npm run check:generated` compares, in this process; the command's
  // exit 1 and its words are the stale copy's test below.
  it('matches what openapi/ generates (bundle, types, operation table)', async () => {
    const { stale, message } = await checkGenerated();
    expect(stale).toEqual([]);
    expect(message).toContain('match openapi/');
  });
});

/**
 * One scratch copy of the project for the whole file, in a fresh temporary
 * folder: what lint needs (openapi/, its config, the plugin under lib/ and
 * DECISIONS.md it reads) and what `npm run check:generated` needs (scripts/,
 * src/, generated/, node_modules by link). Each test breaks it its own way
 * with `editFile`, and every edit is undone after the test.
 */
const SCRATCH_FILES = ['openapi', 'lib', 'DECISIONS.md', 'redocly.yaml', '.redocly.lint-ignore.yaml', 'generated', 'scripts', 'src', 'package.json'];
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sip-spec-broken-'));
  for (const item of SCRATCH_FILES) cpSync(item, join(scratch, item), { recursive: true });
  symlinkSync(join(process.cwd(), 'node_modules'), join(scratch, 'node_modules'), 'dir');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The text of each file of the scratch copy an edit changed, before the first edit. */
const originals = new Map<string, string>();
/** Puts back every file of the scratch copy that editFile changed. */
function undoEdits() {
  for (const [target, text] of originals) writeFileSync(target, text);
  originals.clear();
}
afterEach(undoEdits);

/** Replaces `file` (relative to `root`) by `edit` of it and returns its text before; fails when the edit changes nothing. */
function rewrite(root: string, file: string, edit: (text: string) => string): string {
  const target = join(root, file);
  const before = readFileSync(target, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} changes it`).not.toBe(before);
  writeFileSync(target, after);
  return before;
}

/** Replaces `file` (relative to the scratch copy) by `edit` of it, to be undone after the test. */
function editFile(file: string, edit: (text: string) => string) {
  const target = join(scratch, file);
  const before = rewrite(scratch, file, edit);
  if (!originals.has(target)) originals.set(target, before);
}

/** One way to break the spec: `edit` of `file`, and of `more` files besides. */
type Break = { file: string; edit: (text: string) => string; more?: { file: string; edit: (text: string) => string }[] };

/**
 * Lints the scratch copy broken in every way of `breaks` at once, each in its
 * own files, in this process; the edits are undone before it returns. One
 * lint for many breaks, since each costs a whole Redocly lint.
 */
async function lintWith(breaks: Break[]): Promise<LintFinding[]> {
  for (const { file, edit, more = [] } of breaks) for (const change of [{ file, edit }, ...more]) editFile(change.file, change.edit);
  try {
    return (await lintSpec(scratch)).findings;
  } finally {
    undoEdits();
  }
}

/**
 * Lints a copy broken by `edit` of `file` alone, in this process: the shared
 * scratch copy (edits undone after), or with `fresh`, a copy of its own
 * (Redocly's config is loaded once per process and path, so a broken
 * `redocly.yaml` needs a path no lint has read). `output` is what `npm run
 * lint` prints.
 */
async function lintBroken(file: string, edit: (text: string) => string, { fresh = false } = {}) {
  if (!fresh) {
    editFile(file, edit);
    try {
      const { findings, report } = await lintSpec(scratch);
      return { findings, output: report };
    } finally {
      undoEdits();
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-broken-'));
  try {
    for (const item of ['openapi', 'lib', 'DECISIONS.md', 'redocly.yaml', '.redocly.lint-ignore.yaml']) cpSync(item, join(dir, item), { recursive: true });
    rewrite(dir, file, edit);
    const { findings, report } = await lintSpec(dir);
    return { findings, output: report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The findings placed in one of `files`, and the text `npm run lint` prints for them. */
function foundIn(findings: LintFinding[], files: string[]) {
  const own = findings.filter((f) => files.some((file) => f.place.includes(`/${file}:`)));
  return { findings: own, output: own.map((f, i) => `[${i + 1}] ${f.text}`).join('\n\n') };
}

/** A lint computed once, on first use, for the tests that share it. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= run());
}

// Several breaks share one lint when their files are all different: each
// test reads only the findings placed in its own files, with words only its
// own break can cause, so sharing can hide a finding (a test then fails)
// but never make one up. Two lints:
// - the rule breaks (BREAKS below, with the example and pattern cases);
// - the breaks that stop Redocly from reading a file (a $ref to nothing, YAML
//   that does not parse), kept apart from the rule breaks they could hide,
//   with the x-decision case, whose Codec.yaml the rule breaks cut off (the
//   array-items break drops CodecList's `items: $ref ./Codec.yaml`).
/** Any x-decision the file has is replaced, so each file carries exactly the broken one. */
const relink = (t: string, value: string) => `x-decision: ${value}\n${t.replace(/^x-decision:.*\n/m, '')}`;
const UNKNOWN_REF: Break = { file: 'openapi/components/schemas/RelayCreateVideoRoom.yaml', edit: (t) => t.replace('./CallVideoRoomId.yaml', './CallVideoRoomID.yaml') };
const INVALID_YAML: Break = { file: 'openapi/components/schemas/Encryption.yaml', edit: (t) => t.replace('enum:', 'enum: [\n') };
const UNKNOWN_DECISION: Break = { file: 'openapi/components/schemas/Codec.yaml', edit: (t) => relink(t, 'D999'), more: [{ file: 'openapi/components/schemas/Cipher.yaml', edit: (t) => relink(t, '[D5, decision five]') }] };
const othersLint = once(() => lintWith([UNKNOWN_REF, INVALID_YAML, UNKNOWN_DECISION]));

const EXAMPLE_BREAKS_SCHEMA: Break = { file: 'openapi/components/examples/fabric-create-resource.yaml', edit: (t) => t.replace(/calling_handler_resource_id: .*/, 'calling_handler_resource_id: resource-id') };
const PATTERN_WITHOUT_WORDS: Break = { file: 'openapi/components/schemas/SipUsername.yaml', edit: (t) => t.replace(/x-violation-messages:\n  pattern: .*\n/, '') };
const RULE_CASES = [EXAMPLE_BREAKS_SCHEMA, PATTERN_WITHOUT_WORDS];
/** The rule each of RULE_CASES must be reported by: the only rule its file may show. */
const RULE_CASE_RULES = ['no-invalid-media-type-examples', 'rule/pattern-has-words'];
const filesOf = (b: Break) => [b.file, ...(b.more ?? []).map((m) => m.file)];

describe('a broken spec', () => {
  it('with an unknown $ref fails lint and names the file and line', async () => {
    const { findings, output } = foundIn(await othersLint(), filesOf(UNKNOWN_REF));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/RelayCreateVideoRoom\.yaml:\d+:\d+/);
    expect(output).toContain("Can't resolve $ref");
  });

  it('with an example that breaks its schema fails lint and names the file and line', async () => {
    const { findings, output } = foundIn(await rulesLint(), filesOf(EXAMPLE_BREAKS_SCHEMA));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/examples\/fabric-create-resource\.yaml:\d+:\d+/);
    expect(output).toContain('Example value must conform to the schema');
  });

  it('with invalid YAML fails lint and names the file and line', async () => {
    const { findings, output } = foundIn(await othersLint(), filesOf(INVALID_YAML));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/Encryption\.yaml:\d+:\d+/);
  });

  it('with an entry file that is not YAML fails lint with one finding at its file and line, not a thrown error', async () => {
    // openapi-core reports any other file that does not parse; the entry file it throws on.
    const { findings, output } = await lintBroken('openapi/openapi.yaml', (t) => t.replace(/^info:/m, 'info: [unclosed\n  x: : :\ninfo:'));
    expect(findings.map((f) => [f.rule, f.severity, f.message])).toEqual([['parse', 'error', 'Failed to parse: missed comma between flow collection entries']]);
    expect(findings[0].place).toMatch(/openapi\/openapi\.yaml:\d+:\d+$/);
    expect(output).toMatch(/^\[1\] \S*openapi\/openapi\.yaml:\d+:\d+\n\nFailed to parse: /);
    expect(output).not.toContain('    at ');
  });

  it('with a redocly.yaml that is not YAML fails lint with one finding at its file and line, not a thrown error', async () => {
    const { findings, output } = await lintBroken('redocly.yaml', (t) => t.replace(/^rules:/m, 'rules: : :\n  x: [\nrules:'), { fresh: true });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['parse', 'error']]);
    expect(findings[0].message).toMatch(/^Failed to parse: /);
    expect(findings[0].place).toMatch(/redocly\.yaml:\d+:\d+$/);
    expect(output).toMatch(/redocly\.yaml cannot be read as YAML/);
    expect(output).not.toContain('    at ');
  });

  it('with a pattern that has no words for the mock fails lint naming the rule', async () => {
    const { findings, output } = foundIn(await rulesLint(), filesOf(PATTERN_WITHOUT_WORDS));
    expect(findings.length).not.toBe(0);
    expect(output).toContain('pattern-has-words');
  });

  it('with an x-decision that DECISIONS.md lacks, or that is no decision id, fails lint naming the file and line', async () => {
    const { findings, output } = foundIn(await othersLint(), filesOf(UNKNOWN_DECISION));
    expect(findings.length).not.toBe(0);
    expect(output).toMatch(/openapi\/components\/schemas\/Codec\.yaml:1:\d+/);
    expect(output).toContain('x-decision D999 is not a decision of DECISIONS.md');
    expect(output).toMatch(/openapi\/components\/schemas\/Cipher\.yaml:1:\d+/);
    expect(output).toContain('x-decision must be a decision id such as D14, or a list of them; got "decision five"');
    expect(output).toContain('sip-spec/decision-exists');
  });

  it('edited without regenerating fails the drift check, which says to run npm run generate', () => {
    // The one run of `npm run check:generated` itself: its exit code and words.
    editFile('openapi/components/schemas/Codec.yaml', (t) => t.replace('  - H264\n', ''));
    const { status, output } = runScript(['scripts/generate.mjs', '--check'], scratch);
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

/** The one lint of BREAKS and RULE_CASES together (their files are all different). */
const rulesLint = once(() => lintWith([...BREAKS, ...RULE_CASES]));

describe('each lint rule, enforced once in redocly.yaml, catches a copy broken its way', () => {
  let findings: LintFinding[] = [];
  beforeAll(async () => {
    findings = await rulesLint();
  }, 60_000);

  it.each(BREAKS)('$rule: $what, named with its file and line', ({ rule, file }) => {
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const found = findings.filter((f) => f.rule === rule && new RegExp(`${escaped}:\\d+:\\d+$`).test(f.place));
    expect(found.map((f) => f.place), `${rule} at ${file}, among:\n${findings.map((f) => `${f.rule} ${f.place}`).join('\n')}`).not.toEqual([]);
    expect(found[0].text).toContain(`was generated by the ${rule} rule.`);
  });

  it('reports nothing but those breaks', () => {
    expect([...new Set(findings.map((f) => f.rule))].sort()).toEqual([...new Set([...BREAKS.map((b) => b.rule), ...RULE_CASE_RULES])].sort());
    // Each finding is in a file some break edited, by a rule that break is about.
    const expected = [...BREAKS.map((b) => ({ rule: b.rule, files: [b.file] })), ...RULE_CASES.map((b, i) => ({ rule: RULE_CASE_RULES[i], files: filesOf(b) }))];
    const unexplained = findings.filter((f) => !expected.some((e) => e.rule === f.rule && e.files.some((file) => f.place.includes(`/${file}:`))));
    expect(unexplained.map((f) => `${f.rule} ${f.place}`)).toEqual([]);
  });
});
