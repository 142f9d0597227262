// The gate: what CI runs after `npm ci` (.ci/run), i.e. `npm test`, whose
// vitest run includes lint (Redocly + Spectral) and the generate --check
// drift test (test/spec/pipeline.test.ts). Its wall time, broken down from
// vitest's own JSON report: the lint and drift tests, then each test file.
// One run (about as long as `npm test`), bounded by a hard timeout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, round, table, timeLeft } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STEPS = {
  lint: 'reports no error and no warning on the spec',
  'generate --check': 'matches what openapi/ generates (bundle, types, operation table)',
};

export async function run() {
  // Within bench/run.mjs's deadline: spawnSync blocks, so no signal could stop it.
  const timeoutMs = Math.max(timeLeft(240_000) - 2_000, 1_000);
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-gate-'));
  try {
    const report = join(dir, 'vitest.json');
    const load = { before: loadavg() };
    const t0 = performance.now();
    // npm test, as CI calls it; the JSON reporter added for the breakdown.
    const result = spawnSync('npm', ['test', '--', '--reporter=./test/support/summary-reporter.ts', '--reporter=json', `--outputFile.json=${report}`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: timeoutMs,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    const wallMs = performance.now() - t0;
    load.after = loadavg();
    const summary = /^(\d+ passed, \d+ failed, \d+ skipped)$/m.exec(result.stdout ?? '')?.[1];
    // A failing test still leaves a wall time worth reporting; a run that never finished does not.
    if (result.status !== 0 && !summary) throw new Error(`npm test did not finish (${result.status ?? result.signal})\n${(result.stdout + result.stderr).slice(-3000)}`);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const failed = json.testResults.flatMap((f) => f.assertionResults.filter((t) => t.status === 'failed').map((t) => `${relative(ROOT, f.name)} > ${t.fullName}`));
    const files = json.testResults
      .map((f) => ({ file: relative(ROOT, f.name), ms: round(f.endTime - f.startTime, 0), tests: f.assertionResults.length }))
      .sort((a, b) => b.ms - a.ms);
    const tests = json.testResults.flatMap((f) => f.assertionResults);
    const steps = Object.fromEntries(Object.entries(STEPS).map(([step, title]) => [step, round(tests.find((t) => t.title === title)?.duration ?? NaN, 0)]));
    return { command: 'npm test', passed: result.status === 0, summary, failed, wallMs: round(wallMs, 0), steps, files, loadavg: load };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function print(r) {
  const rows = [
    { step: `npm test (the whole gate, ${r.summary})`, seconds: round(r.wallMs / 1000, 1) },
    ...Object.entries(r.steps).map(([step, ms]) => ({ step: `  of which ${step} (its test in test/spec/pipeline.test.ts)`, seconds: round(ms / 1000, 1) })),
    ...r.files.map((f) => ({ step: `  ${f.file} (${f.tests} tests)`, seconds: round(f.ms / 1000, 1) })),
  ];
  const failed = r.failed.length ? `\nFAILED: ${r.failed.join('\n        ')}` : '';
  return `${table(rows, ['step', 'seconds'])}\nload average before/after: ${r.loadavg.before.join(' ')} / ${r.loadavg.after.join(' ')}${failed}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run();
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else console.log(print(results));
}
