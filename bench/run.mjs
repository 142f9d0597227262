// `npm run bench [-- NAME…]`: runs the benchmarks (gate, size, client,
// compile, mock; or the ones named), each in its own process, prints their
// tables and one summary table of every goal, and writes bench/results.json.
// Not part of `npm test`. The whole run is bounded: each benchmark bounds its
// own rounds and time, and any still running at the overall deadline is
// killed and reported as failed.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg, machine, round, table } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEADLINE_MS = 290_000;
// The gate first: it is the longest and the one bounded by nothing but the deadline.
const BENCHES = {
  gate: { args: ['bench/gate.mjs'] },
  size: { args: ['bench/size.mjs'] },
  client: { args: ['bench/client.mjs'] },
  compile: { args: ['bench/compile.mjs'] },
  mock: { args: ['bench/mock.mjs'] },
};

const started = performance.now();
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of names) if (!BENCHES[name]) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
const selected = names.length ? names : Object.keys(BENCHES);

/** Runs one benchmark script; its last stdout line is its JSON result. */
function runOne(name) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const deadline = Math.round(Date.now() + DEADLINE_MS - (performance.now() - started));
    const child = spawn(process.execPath, [...BENCHES[name].args, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_DEADLINE: String(deadline) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const left = DEADLINE_MS - (performance.now() - started);
    const timer = setTimeout(() => child.kill('SIGTERM'), Math.max(left, 1_000));
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', kill);
      const seconds = round((performance.now() - t0) / 1000, 1);
      try {
        if (code !== 0) throw new Error(`exited ${code ?? signal}${signal ? ' (over the time budget?)' : ''}`);
        resolve({ ok: true, seconds, result: JSON.parse(stdout.trim().split('\n').pop()) });
      } catch (error) {
        resolve({ ok: false, seconds, error: `${error.message}\n${stderr.slice(-2000)}` });
      }
    });
  });
}

const results = { machine: machine(), date: new Date().toISOString(), loadavg: { before: loadavg() }, benches: {} };
for (const name of selected) {
  process.stderr.write(`bench: ${name}…\n`);
  const outcome = await runOne(name);
  results.benches[name] = outcome;
  const { print } = await import(`./${name}.mjs`);
  console.log(`\n## ${name} (${outcome.seconds} s)\n`);
  console.log(outcome.ok ? print(outcome.result) : `FAILED: ${outcome.error}`);
}
results.loadavg.after = loadavg();
results.totalSeconds = round((performance.now() - started) / 1000, 1);
results.goals = goals(results.benches);

console.log(`\n## goals\n`);
console.log(table(results.goals.map((g) => ({ ...g, met: g.met === null ? 'n/a' : g.met ? 'yes' : 'NO' })), ['measure', 'value', 'goal', 'met']));
const m = results.machine;
console.log(`\n${m.nproc} × ${m.cpu}, node ${m.node}; load average ${results.loadavg.before.join(' ')} → ${results.loadavg.after.join(' ')}; ${results.totalSeconds} s in all`);
if (!names.length) {
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  const { updateDoc } = await import('./report.mjs');
  updateDoc();
  console.log('wrote bench/results.json and the latest-figures tables of BENCHMARKS.md');
} else console.log('(a partial run: bench/results.json and BENCHMARKS.md left as they were)');
process.exit(Object.values(results.benches).every((b) => b.ok) ? 0 : 1);

/** One row per goal: the figure, the goal, whether it is met. */
function goals(b) {
  const rows = [];
  const add = (measure, value, goal, met) => rows.push({ measure, value, goal, met });
  const c = b.client?.ok && b.client.result;
  if (c) {
    for (const server of ['trivial', 'mock']) {
      for (const op of ['get', 'put']) {
        const s = c[server][op].variants.client;
        const label = `client/raw fetch, ${op.toUpperCase()}, ${server === 'trivial' ? 'trivial server' : 'Prism mock'}`;
        add(`${label}, median`, `${s.medianRatio}×`, '≤ 1.10×', s.medianRatio <= 1.1);
        add(`${label}, p95`, `${s.p95Ratio}×`, '≤ 1.10×', s.p95Ratio <= 1.1);
      }
    }
    for (const op of ['get', 'put']) {
      const v = c.breakdown[op].variants;
      add(`  context, ${op.toUpperCase()}: client vs raw fetch + AbortSignal.timeout (both time out), median`, `${round(v.client.medianMs / v['raw+AbortSignal.timeout'].medianMs)}×`, '', null);
      add(`  context, ${op.toUpperCase()}: client with timeoutMs: 0 / raw fetch, median`, `${v['client timeoutMs:0'].medianRatio}×`, '', null);
      add(`  context, ${op.toUpperCase()}: openapi-fetch + auth middleware / raw fetch, median`, `${v['openapi-fetch+middleware'].medianRatio}×`, '', null);
    }
  }
  const k = b.compile?.ok && b.compile.result;
  if (k) {
    add(`tsc --noEmit, ${k.calls} typed calls / same calls untyped, median wall`, `${k.wallRatio}×`, '≤ 1.15×', k.wallRatio <= 1.15);
    add(`  context: tsc check time only, typed / untyped`, `${k.checkRatio}×`, '', null);
  }
  const mk = b.mock?.ok && b.mock.result;
  if (mk) {
    add('mock start-up to first 200 / bare Prism, median', `${mk.startupMs.mock} ms / ${mk.startupMs.prism} ms = ${round(mk.startupMs.mock / mk.startupMs.prism)}×`, '≤ 1.00×', mk.startupMs.mock <= mk.startupMs.prism);
    add('mock throughput / bare Prism throughput, median', `${mk.throughput.ratio}×`, '≥ 0.95×', mk.throughput.ratio >= 0.95);
  }
  const g = b.gate?.ok && b.gate.result;
  if (g) {
    add('gate: npm test wall (lint, generate --check, every test)', `${round(g.wallMs / 1000, 1)} s`, '≤ 60 s', g.wallMs <= 60_000);
    add('gate: npm test passed', g.summary, 'all pass', g.passed);
    add('  context: tests and assertions counted (may only grow)', `${g.tests} tests, ${g.assertions} assertions`, '', null);
    if (g.cpuSeconds != null) add('  context: CPU of every process npm test started', `${g.cpuSeconds} s`, '', null);
  }
  const z = b.size?.ok && b.size.result;
  if (z) {
    add('client min+gz beyond openapi-fetch (what every app loads)', `${z.client.gzBytes} B`, '≤ 2048 B', z.client.gzBytes <= 2048);
    if (z.budget) add(`client min+gz / (before issue 17 + its id checks = ${z.budget.gzBytes} B)`, `${z.budget.ratio}×`, '≤ 1.00×', z.budget.met);
    add('  context: src/validate.ts chunk with the spec, loaded only with validateResponses/validateRequests (Ajv apart)', `${z.lazyValidation.gzBytes} B`, '', null);
    if (z.lazyFailure) add("  context: src/failure.ts chunk (redaction, Retry-After), loaded only on a client's first failure", `${z.lazyFailure.gzBytes} B`, '', null);
    add('  context: openapi-fetch min+gz', `${z.openapiFetch.gzBytes} B`, '', null);
  }
  for (const [name, outcome] of Object.entries(b)) if (!outcome.ok) add(`${name} benchmark`, 'FAILED', 'runs', false);
  return rows;
}
