// Shared helpers of the benchmarks: statistics, an interleaved runner bounded
// in count and time, child processes that are always stopped, and the
// machine a figure came from.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

// Stopped by bench/run.mjs at its deadline: exit, so the 'exit' handlers
// below stop every child this benchmark started.
process.once('SIGTERM', () => process.exit(143));

/** Milliseconds left before bench/run.mjs's deadline (BENCH_DEADLINE, epoch ms), or `fallback`. */
export function timeLeft(fallback) {
  const deadline = Number(process.env.BENCH_DEADLINE);
  return Math.floor(Number.isFinite(deadline) && deadline > 0 ? Math.min(fallback, deadline - Date.now()) : fallback);
}

export const median = (xs) => quantile(xs, 0.5);
export const p95 = (xs) => quantile(xs, 0.95);

/** Linear-interpolated quantile of a sample (q in [0, 1]). */
export function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

export const round = (x, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/**
 * Runs every variant once per round, in an order that rotates each round (so
 * no variant always goes first or always follows the same one), timing each
 * call. Warm-up rounds are not recorded. Stops after `rounds` rounds or
 * `maxMs`, whichever comes first; `minRounds` is what a result needs to mean
 * anything, and fewer throws.
 */
export async function interleave(variants, { warmup = 0, rounds, maxMs, minRounds = Math.min(rounds, 20), batch = 1 }) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const start = performance.now();
  const deadline = start + maxMs;
  for (let r = 0; r < warmup && performance.now() < start + maxMs / 4; r++) {
    for (const n of names) for (let b = 0; b < batch; b++) await variants[n]();
  }
  let done = 0;
  for (; done < rounds && performance.now() < deadline; done++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(done + k) % names.length];
      const t0 = performance.now();
      for (let b = 0; b < batch; b++) await variants[n]();
      samples[n].push((performance.now() - t0) / batch);
    }
  }
  if (done < minRounds) throw new Error(`only ${done} rounds within ${maxMs} ms (needed ${minRounds})`);
  return { samples, rounds: done, ms: performance.now() - start };
}

/** Median and p95 of each variant, and their ratios to `baseline`. */
export function summarize(samples, baseline) {
  const out = {};
  for (const [name, xs] of Object.entries(samples)) {
    out[name] = {
      n: xs.length,
      medianMs: round(median(xs), 4),
      p95Ms: round(p95(xs), 4),
      medianRatio: round(median(xs) / median(samples[baseline])),
      p95Ratio: round(p95(xs) / p95(samples[baseline])),
    };
  }
  return out;
}

/**
 * Spawns a Node child and resolves once `ready` (if given) matches its output, with
 * `stop()` to end it (SIGTERM, then SIGKILL after 5 s). The child is killed
 * when this process exits, whatever happens.
 */
export function startChild(args, { ready, timeoutMs = 30_000, cwd, env } = {}) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    process.off('exit', kill);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(kill, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const started = new Promise((resolve, reject) => {
    if (!ready) return resolve({ match: null, readyMs: 0 }); // the caller polls for readiness itself
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ match, readyMs: performance.now() - t0 });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { child, stop, started: started.catch(async (error) => (await stop(), Promise.reject(error))), startedAt: t0, output: () => output };
}

/** The machine a figure comes from. */
export function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memGiB: round(os.totalmem() / 2 ** 30, 1),
  };
}

export const loadavg = () => os.loadavg().map((x) => round(x, 2));

/** Prints a plain table: rows of objects, columns in `columns` order. */
export function table(rows, columns) {
  const cells = [columns, ...rows.map((r) => columns.map((c) => String(r[c] ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
