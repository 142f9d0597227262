// The gate: what CI runs after `npm ci` (.ci/run), i.e. `npm test`, whose
// vitest run includes lint (Redocly, in process) and the generate --check
// drift test (test/spec/pipeline.test.ts). Its wall time against the goal
// (≤ 60 s on the 2-core CI-like machine), the CPU it took (every process
// npm test started), and a breakdown from vitest's own JSON report: the lint
// and drift tests, then each test file with its tests and assertions (so a
// reviewer sees a faster gate dropped nothing). One run (about as long as
// `npm test`), bounded by a hard timeout.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, round, table, timeLeft } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STEPS = {
  lint: 'reports no error and no warning on the spec',
  'generate --check': 'matches what openapi/ generates (bundle, types, operation table)',
};
/** The goal of issue 18: npm test within a minute of wall time on this 2-core machine. */
export const GOAL_MS = 60_000;

/**
 * CPU seconds (user + system) of this process's finished children, from
 * /proc/self/stat (cutime, cstime: every descendant that was waited for);
 * null where there is no /proc.
 */
function childrenCpuSeconds() {
  const stat = '/proc/self/stat';
  if (!existsSync(stat)) return null;
  const text = readFileSync(stat, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5), counted from 1 with pid and comm first: indexes 13 and 14 here. Clock ticks, 100 a second on Linux.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * Runs a command in a process group of its own and waits for it; at
 * `timeoutMs`, or when this process exits, the whole group is stopped
 * (SIGTERM, then SIGKILL after 5 s): stopping npm alone would leave vitest,
 * its workers and their servers running.
 * @returns {Promise<{ status: number | null, signal: string | null, stdout: string, stderr: string }>}
 */
export function runGroup(command, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    let hard;
    const timer = setTimeout(() => {
      killGroup('SIGTERM');
      hard = setTimeout(() => killGroup('SIGKILL'), 5_000);
    }, timeoutMs);
    const onExit = () => killGroup('SIGKILL');
    process.once('exit', onExit);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearTimeout(hard);
      process.off('exit', onExit);
      // Whatever npm left behind in its group (a worker that outlived it) goes too.
      killGroup('SIGKILL');
      resolve({ status, signal, stdout, stderr });
    });
  });
}

export async function run() {
  // Within bench/run.mjs's deadline.
  const timeoutMs = Math.max(timeLeft(240_000) - 2_000, 1_000);
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-gate-'));
  try {
    const report = join(dir, 'vitest.json');
    const load = { before: loadavg() };
    const cpu0 = childrenCpuSeconds();
    const t0 = performance.now();
    // npm test, as CI calls it; the JSON reporter added for the breakdown.
    const result = await runGroup('npm', ['test', '--', '--reporter=./test/support/summary-reporter.ts', '--reporter=json', `--outputFile.json=${report}`], timeoutMs);
    const wallMs = performance.now() - t0;
    const cpu1 = childrenCpuSeconds();
    load.after = loadavg();
    const summary = /^(\d+ passed, \d+ failed, \d+ skipped)$/m.exec(result.stdout ?? '')?.[1];
    // A failing test still leaves a wall time worth reporting; a run that never finished does not.
    if (result.status !== 0 && !summary) throw new Error(`npm test did not finish (${result.status ?? result.signal})\n${(result.stdout + result.stderr).slice(-3000)}`);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const failed = json.testResults.flatMap((f) => f.assertionResults.filter((t) => t.status === 'failed').map((t) => `${relative(ROOT, f.name)} > ${t.fullName}`));
    const files = json.testResults
      .map((f) => ({ file: relative(ROOT, f.name), ms: round(f.endTime - f.startTime, 0), tests: f.assertionResults.length, assertions: assertionsOf(f.assertionResults) }))
      .sort((a, b) => b.ms - a.ms);
    const tests = json.testResults.flatMap((f) => f.assertionResults);
    const steps = Object.fromEntries(Object.entries(STEPS).map(([step, title]) => [step, round(tests.find((t) => t.title === title)?.duration ?? NaN, 0)]));
    return {
      command: 'npm test',
      passed: result.status === 0,
      summary,
      failed,
      wallMs: round(wallMs, 0),
      goalMs: GOAL_MS,
      met: result.status === 0 && wallMs <= GOAL_MS,
      cpuSeconds: cpu0 === null || cpu1 === null ? null : round(cpu1 - cpu0, 1),
      fileMsSum: round(files.reduce((sum, f) => sum + f.ms, 0), 0),
      tests: tests.length,
      assertions: assertionsOf(tests),
      steps,
      files,
      loadavg: load,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The assertions the tests made, as test/support/assertion-count.ts records them in each test's meta. */
function assertionsOf(assertionResults) {
  return assertionResults.reduce((sum, t) => sum + (t.meta?.assertions ?? 0), 0);
}

export function print(r) {
  const rows = [
    { step: `npm test (the whole gate, ${r.summary})`, seconds: round(r.wallMs / 1000, 1), tests: r.tests, assertions: r.assertions },
    ...Object.entries(r.steps).map(([step, ms]) => ({ step: `  of which ${step} (its test in test/spec/pipeline.test.ts)`, seconds: round(ms / 1000, 1), tests: '', assertions: '' })),
    ...r.files.map((f) => ({ step: `  ${f.file}`, seconds: round(f.ms / 1000, 1), tests: f.tests, assertions: f.assertions })),
  ];
  const failed = r.failed.length ? `\nFAILED: ${r.failed.join('\n        ')}` : '';
  const verdict = `goal: wall ≤ ${r.goalMs / 1000} s: ${r.met ? 'met' : 'NOT met'} (${round(r.wallMs / 1000, 1)} s${r.passed ? '' : ', and tests failed'})`;
  const cpu = r.cpuSeconds === null ? 'CPU: unknown (no /proc)' : `CPU (every process npm test started): ${r.cpuSeconds} s, ${round(r.cpuSeconds / (r.wallMs / 1000), 2)} cores busy on average`;
  const files = `file times add up to ${round(r.fileMsSum / 1000, 1)} s (more than the wall when files run side by side)`;
  return `${table(rows, ['step', 'seconds', 'tests', 'assertions'])}\n${verdict}\n${cpu}; ${files}\nload average before/after: ${r.loadavg.before.join(' ')} / ${r.loadavg.after.join(' ')}${failed}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run();
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else console.log(print(results));
}
