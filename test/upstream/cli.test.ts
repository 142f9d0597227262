// `npm run upstream`: arguments, exit codes, Markdown and JSON, files and URLs.
// The command is lib/upstream/cli.mjs `main`, which scripts/upstream.mjs calls
// with the process's arguments and streams: the tests call it in this
// process, and run the script as a process twice, where the process is what
// is tested (its exit codes, the job summary it appends to, its streams).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BUNDLE_PATH } from '../../lib/spec/index.mjs';
import { main } from '../../lib/upstream/cli.mjs';
import { runCommand, runScriptAsync } from '../support/exec.js';
import { listenLoopback, type Loopback } from '../support/loopback.js';

const SCRIPT = 'scripts/upstream.mjs';

/** A one-operation document written for these tests; `colours` are the enum values of its only field. */
const doc = (colours: string[], decision?: string) => ({
  openapi: '3.1.0',
  info: { title: 'tiny', version: '1' },
  paths: {
    '/paints/{paint_id}': {
      get: {
        operationId: 'get_paint',
        parameters: [{ name: 'paint_id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { colour: { type: 'string', enum: colours, ...(decision ? { 'x-decision': decision } : {}) } } } } },
          },
        },
      },
    },
  },
});

/** `doc` whose field's default is a `$ref` to `target`. */
const withRef = (target: string) => {
  const out = doc(['red', 'green']) as any;
  out.paths['/paints/{paint_id}'].get.responses['200'].content['application/json'].schema.properties.colour.default = { $ref: target };
  return out;
};

let dir = '';
let server: Loopback;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sip-spec-upstream-cli-'));
  writeFileSync(join(dir, 'ours.json'), JSON.stringify(doc(['red', 'green'])));
  writeFileSync(join(dir, 'ours-explained.json'), JSON.stringify(doc(['red', 'green'], 'D5')));
  writeFileSync(join(dir, 'ours-bad-id.json'), JSON.stringify(doc(['red', 'green'], 'D999')));
  writeFileSync(join(dir, 'upstream.yaml'), stringify(doc(['red', 'green', 'blue'])));
  writeFileSync(join(dir, 'same.yaml'), stringify(doc(['red', 'green'])));
  // A hostile upstream: a $ref to a local file would copy that file into the report (as a default, an enum, a field name).
  writeFileSync(join(dir, 'secret.txt'), 'SECRET-TOKEN-42\n');
  writeFileSync(join(dir, 'swagger.yaml'), stringify({ swagger: '2.0', info: { title: 'old', version: '1' }, paths: { '/paints/{paint_id}': { get: { operationId: 'get_paint', responses: { '200': { description: 'ok', schema: { type: 'object' } } } } } } }));
  writeFileSync(join(dir, 'openapi2.yaml'), stringify({ ...doc(['red']), openapi: '2.0' }));
  writeFileSync(join(dir, 'ref-relative.yaml'), stringify(withRef('./secret.txt')));
  writeFileSync(join(dir, 'ref-absolute.yaml'), stringify(withRef(join(dir, 'secret.txt'))));
  server = await listenLoopback((req, res) => {
    if (req.url?.split('?')[0] === '/fern/openapi.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(stringify(doc(['red', 'green', 'blue'])));
    else if (req.url === '/fern/ref.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(stringify(withRef(join(dir, 'secret.txt'))));
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.close();
});

/** The command run in this process (no $GITHUB_STEP_SUMMARY): its exit code, and stdout and stderr as written. */
async function run(...args: string[]): Promise<{ status: number; output: string }> {
  let output = '';
  const sink = { write: (text: string) => (output += text) };
  const status = await main(args, { env: {}, stdout: sink, stderr: sink });
  return { status, output };
}

describe('npm run upstream', () => {
  it('finds nothing between our bundle and itself, and exits 0', async () => {
    const { status, output } = await run(BUNDLE_PATH);
    const paths = Object.values<Record<string, unknown>>(JSON.parse(readFileSync(BUNDLE_PATH, 'utf8')).paths);
    const count = paths.flatMap((item) => Object.keys(item).filter((key) => ['get', 'put', 'post', 'patch', 'delete'].includes(key))).length;
    expect(count).toBeGreaterThan(0);
    expect(output).toContain(`${count} of our ${count} operations found upstream`);
    expect(output).toContain('**0 differences: 0 unexplained, 0 explained by a decision.**');
    expect(status).toBe(0);
  });

  it('lists an unexplained difference with both values and exits 1', async () => {
    const { status, output } = await run(join(dir, 'upstream.yaml'), '--ours', join(dir, 'ours.json'));
    expect(output).toContain('**1 differences: 1 unexplained, 0 explained by a decision.**');
    expect(output).toContain('#### `get_paint` GET `/paints/{paint_id}`');
    expect(output).toContain('| enum-widened | response 200 `colour` | ["red","green"] | ["red","green","blue"] | upstream also allows "blue" |');
    expect(status).toBe(1);
  });

  it('exits 0 when the difference points to a decision of DECISIONS.md, and names it', async () => {
    const { status, output } = await run(join(dir, 'upstream.yaml'), '--ours', join(dir, 'ours-explained.json'));
    expect(output).toContain('**1 differences: 0 unexplained, 1 explained by a decision.**');
    expect(output).toMatch(/\| D5 Ciphers and codecs are enums in both families \|/);
    expect(output).toContain('Decisions cited: D5 (1).');
    expect(status).toBe(0);
  });

  it('does not count an id DECISIONS.md lacks as an explanation', async () => {
    const { status, output } = await run(join(dir, 'upstream.yaml'), '--ours', join(dir, 'ours-bad-id.json'));
    expect(output).toContain('x-decision D999 not in DECISIONS.md');
    expect(status).toBe(1);
  });

  it('as a process, writes Markdown and JSON in one run, appends the Markdown to the job summary, and exits 1', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, 'before\n');
    const [md, json] = [join(dir, 'out', 'report.md'), join(dir, 'out', 'report.json')];
    const { status, output } = await runScriptAsync([SCRIPT, join(dir, 'upstream.yaml'), '--ours', join(dir, 'ours.json'), '--summary', '--out', md, '--json-out', json], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(md, 'utf8')).toBe(output);
    expect(JSON.parse(readFileSync(json, 'utf8')).summary.unexplained).toBe(1);
    expect(readFileSync(summary, 'utf8')).toBe(`before\n${output}`);
    expect(status).toBe(1);
  });

  it('prints JSON with --json and writes the report with --out', async () => {
    const out = join(dir, 'report.json');
    const { status, output } = await run(join(dir, 'upstream.yaml'), '--ours', join(dir, 'ours.json'), '--json', '--out', out);
    const report = JSON.parse(output);
    expect(report.summary).toEqual({ total: 1, explained: 0, unexplained: 1, byKind: { 'enum-widened': { explained: 0, unexplained: 1 } }, byDecision: {} });
    expect(report.differences[0]).toMatchObject({ kind: 'enum-widened', where: 'response 200', field: 'colour', ours: ['red', 'green'], upstream: ['red', 'green', 'blue'], explained: false, operation: { operationId: 'get_paint', method: 'GET', path: '/paints/{paint_id}' } });
    expect(report.exitCode).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report);
    expect(status).toBe(1);
  });

  it('reads the upstream document from a URL', async () => {
    const { status, output } = await run(`${server.baseUrl}/fern/openapi.yaml`, '--ours', join(dir, 'ours.json'));
    expect(output).toContain(`(\`${server.baseUrl}/fern/openapi.yaml\`)`);
    expect(output).toContain('upstream also allows "blue"');
    expect(status).toBe(1);
  });

  it("never prints a URL's password or query values (a raw URL with a token), in the report or an error", async () => {
    const ok = await run(`${server.baseUrl}/fern/openapi.yaml?token=SECRET-Q1&ref=main`, '--ours', join(dir, 'ours.json'), '--json');
    expect(JSON.parse(ok.output).upstream).toBe(`${server.baseUrl}/fern/openapi.yaml?token=[redacted]&ref=[redacted]`);
    const md = await run(`${server.baseUrl}/fern/openapi.yaml?token=SECRET-Q1`, '--ours', join(dir, 'ours.json'));
    expect(md.output).toContain(`(\`${server.baseUrl}/fern/openapi.yaml?token=[redacted]\`)`);
    expect(md.output).not.toContain('SECRET-Q1');
    const bad = await run(server.baseUrl.replace('http://', 'http://user:SECRET-P2@') + '/fern/openapi.yaml?token=SECRET-Q1');
    expect(bad.output).toMatch(/^upstream: http:\/\/\[redacted\]@127\.0\.0\.1:\d+\/fern\/openapi\.yaml\?token=\[redacted\]: could not load the document/);
    expect(bad.output).not.toMatch(/SECRET/);
    expect(bad.status).toBe(2);
  });

  it.each([
    ['no argument', [], /usage: npm run upstream/],
    ['two documents', ['a.yaml', 'b.yaml'], /usage: npm run upstream/],
    ['an unknown option', ['a.yaml', '--jsn'], /Unknown option '--jsn'/],
    ['a file that is not there', ['nope/openapi.yaml'], /upstream: nope\/openapi\.yaml: could not load the document/],
    ['a URL that answers 404', ['URL/missing.yaml'], /missing\.yaml: could not load the document \(HTTP 404\)/],
    ['a file that is not OpenAPI', ['package.json'], /package\.json: not an OpenAPI document/],
    ['a Swagger 2.0 document (bodies where OpenAPI 3 has none)', ['DIR/swagger.yaml', '--ours', 'DIR/ours.json'], /swagger\.yaml: Swagger 2\.0 is not compared/],
    ['an openapi version other than 3.x', ['DIR/openapi2.yaml', '--ours', 'DIR/ours.json'], /openapi2\.yaml: OpenAPI 2\.0 is not compared/],
    ['an upstream file whose $ref reads a file beside it', ['DIR/ref-relative.yaml', '--ours', 'DIR/ours.json'], /ref-relative\.yaml: could not load the document \(a \$ref to another file or URL is not followed in this document: "\.\/secret\.txt"\)/],
    ['an upstream file whose $ref reads any file', ['DIR/ref-absolute.yaml', '--ours', 'DIR/ours.json'], /ref-absolute\.yaml: could not load the document \(a \$ref to another file or URL is not followed/],
    ['an upstream URL whose $ref reads a local file', ['URL/fern/ref.yaml', '--ours', 'DIR/ours.json'], /ref\.yaml: could not load the document \(a \$ref to another file or URL is not followed/],
  ])('exits 2 on %s, saying why', async (_what, args, message) => {
    const { status, output } = await run(...args.map((a) => a.replace('URL', server.baseUrl).replace('DIR', dir)));
    expect(output).toMatch(message);
    expect(output).not.toContain('SECRET-TOKEN-42');
    expect(status).toBe(2);
  });

  // Node 20's recursive mkdir never returns where mkdir answers ENOENT for a parent that exists (/proc): the process spun at 100% CPU.
  it.each([
    ['--out', '/proc/sip-spec-no-such/report.md'],
    ['--json-out', '/proc/sip-spec-no-such/deeper/report.json'],
  ])('as a process, exits 2 when %s names a folder that cannot be made, instead of hanging', async (flag, file) => {
    const { status, output } = await runScriptAsync([SCRIPT, join(dir, 'upstream.yaml'), '--ours', join(dir, 'ours.json'), flag, file], { timeoutMs: 20_000 });
    expect(output).toMatch(/^upstream: ENOENT: no such file or directory, mkdir '\/proc\/sip-spec-no-such'\n$/);
    expect(status).toBe(2);
  });

  it('as a process, exits 2 and prints the usage on stderr, nothing on stdout, when given no argument', async () => {
    const { status, stdout, stderr } = await runCommand(process.execPath, [SCRIPT]);
    expect(stderr).toMatch(/^usage: npm run upstream -- <upstream file or URL>/);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  it('prints the usage on stdout and exits 0 with --help', async () => {
    let [stdout, stderr] = ['', ''];
    const status = await main(['--help'], { env: {}, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
    expect(stdout).toMatch(/^usage: npm run upstream -- /);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
