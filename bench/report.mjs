// Rewrites the "latest figures" tables of BENCHMARKS.md (between the
// `<!-- latest:start -->` and `<!-- latest:end -->` markers) from
// bench/results.json. Called by bench/run.mjs after a full run; by hand:
// `node bench/report.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const DOC = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const START = '<!-- latest:start -->';
const END = '<!-- latest:end -->';

const cell = (s) => String(s).replace(/\|/g, '\\|');
const ms = (x) => Math.round(x * 1000);
const s1 = (x) => (x / 1000).toFixed(1);

export function latest(r) {
  const m = r.machine;
  const out = [
    `Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC on ${m.nproc} × ${m.cpu} (nproc ${m.nproc}, ${m.memGiB} GiB), ${m.platform}, Node ${m.node}; ` +
      `load average ${r.loadavg.before.join(' ')} → ${r.loadavg.after.join(' ')} (1, 5, 15 min: other work shares this machine); ${r.totalSeconds} s in all.`,
    '',
    '| measure | value | goal | |',
    '|---|---|---|---|',
    ...r.goals.map((g) => `| ${cell(g.measure.trim().replace(/^context,? ?:? ?/, '↳ '))} | ${cell(g.value)} | ${cell(g.goal)} | ${g.met === null ? '' : g.met ? 'met' : '**missed**'} |`),
  ];
  const c = r.benches.client?.ok && r.benches.client.result;
  if (c) {
    out.push('', 'Client, every variant (trivial = the trivial Node server; breakdown = a separate interleaved run on it; mock = our Prism mock):', '');
    out.push('| server | op | variant | calls | median µs | p95 µs | median ×raw | p95 ×raw |', '|---|---|---|---|---|---|---|---|');
    for (const server of ['trivial', 'breakdown', 'mock']) {
      for (const op of ['get', 'put']) {
        for (const [name, v] of Object.entries(c[server][op].variants)) {
          out.push(`| ${server} | ${op.toUpperCase()} | ${name} | ${c[server][op].rounds} | ${ms(v.medianMs)} | ${ms(v.p95Ms)} | ${v.medianRatio}× | ${v.p95Ratio}× |`);
        }
      }
    }
  }
  const k = r.benches.compile?.ok && r.benches.compile.result;
  if (k) {
    out.push('', `Consumer compile (${k.calls} calls, ${k.rounds} interleaved rounds; medians):`, '', '| consumer | wall ms | tsc total ms | check ms |', '|---|---|---|---|');
    for (const [kind, s] of Object.entries(k.stats)) out.push(`| ${kind} | ${s.wallMs} | ${s.totalMs} | ${s.checkMs} |`);
  }
  const mk = r.benches.mock?.ok && r.benches.mock.result;
  if (mk) {
    const t = mk.throughput;
    out.push(
      '',
      `Mock: start-up medians of ${mk.startupMs.runs} runs each; throughput ${t.rounds} rounds × ${t.requestsPerRound} requests at concurrency ${t.concurrency}, load generator ${t.loadGeneratorCpuUsPerRequest} µs CPU per request.`,
      '',
      '| measure | our mock | bare Prism |',
      '|---|---|---|',
      `| start-up to first 200, ms | ${mk.startupMs.mock} | ${mk.startupMs.prism} |`,
      `| throughput, req/s (median) | ${t.mockRps} | ${t.prismRps} |`,
    );
  }
  const g = r.benches.gate?.ok && r.benches.gate.result;
  if (g) {
    out.push('', 'Gate (`npm test`), with vitest\'s own durations:', '', '| step | seconds |', '|---|---|', `| npm test, the whole gate (${g.summary}) | ${s1(g.wallMs)} |`);
    for (const [step, v] of Object.entries(g.steps)) out.push(`| ↳ ${step} (its test in test/spec/pipeline.test.ts) | ${s1(v)} |`);
    for (const f of g.files) out.push(`| ${f.file} (${f.tests} tests) | ${s1(f.ms)} |`);
  }
  const z = r.benches.size?.ok && r.benches.size.result;
  if (z) {
    out.push('', '| code (min+gz, level 9) | min bytes | min+gz bytes |', '|---|---|---|');
    out.push(`| our client, what every app loads (entry + static chunks) | ${z.client.minBytes} | ${z.client.gzBytes} |`);
    out.push(`| ↳ src/validate.ts chunk with the spec, only with validateResponses/validateRequests (Ajv apart) | ${z.lazyValidation.minBytes} | ${z.lazyValidation.gzBytes} |`);
    if (z.lazyFailure) out.push(`| ↳ src/failure.ts chunk (redaction, Retry-After), only on a client's first failure | ${z.lazyFailure.minBytes} | ${z.lazyFailure.gzBytes} |`);
    out.push(`| openapi-fetch 0.17.0, for context | ${z.openapiFetch.minBytes} | ${z.openapiFetch.gzBytes} |`);
  }
  return out.join('\n');
}

export function updateDoc() {
  const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
  const doc = readFileSync(DOC, 'utf8');
  const [before, rest] = doc.split(START);
  if (rest === undefined || !rest.includes(END)) throw new Error(`BENCHMARKS.md has no ${START} … ${END} section`);
  writeFileSync(DOC, `${before}${START}\n${latest(results)}\n${END}${rest.slice(rest.indexOf(END) + END.length)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) updateDoc();
