// Client vs raw fetch: the same GET and the same PUT (with a call_handler
// body), against the same loopback server, interleaved call by call in one
// process. Two servers, separately: a trivial Node server in a child process
// (so what differs is the clients' own cost) and our Prism mock (what a
// frontend test pays). Ratios are client time over raw fetch time, median and
// p95. The client is the package as published: src/ compiled by tsc with
// tsconfig.build.json into a scratch folder (not tsx's transpile, whose
// keepNames wrappers would add their own cost to every closure).
//
// The goal runs interleave the client and raw fetch only. A separate
// breakdown run (trivial server only, not a goal) adds the variants that show
// where the cost goes: raw fetch with AbortSignal.timeout (the client's
// default 30 s timeout, by hand), plain openapi-fetch with an auth middleware
// (where the client started), openapi-fetch with the auth as a default
// header, and the client with no timeout.
import createClient from 'openapi-fetch';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { interleave, round, startChild, summarize, table } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WATCHDOG = fileURLToPath(new URL('../lib/mock/watchdog.cjs', import.meta.url));
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const PROJECT = 'b1f2c3d4-0000-4000-8000-000000000001';
const TOKEN = 'PT-bench-token';
const AUTH = `Basic ${btoa(`${PROJECT}:${TOKEN}`)}`;
const BODY = { call_handler: 'relay_context', call_relay_context: 'office', codecs: ['OPUS', 'G722'] };
const PATH = '/api/relay/rest/endpoints/sip/{id}';
// Inside the repo so the build resolves openapi-fetch from node_modules; ignored by git.
const DIST = join(ROOT, 'node_modules', '.cache', 'sip-spec-bench', 'client-dist');
let createSipClient;

/** src/ as the package ships it: tsc with tsconfig.build.json. */
async function buildClient() {
  rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', DIST], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (tsc.status !== 0) throw new Error(`tsc build failed:\n${tsc.stdout}${tsc.stderr}`);
  ({ createSipClient } = await import(pathToFileURL(join(DIST, 'src', 'index.js')).href));
}

/** The variants calling `baseUrl`, keyed by name; `raw` is the baseline. */
function variants(baseUrl, { breakdown }) {
  const client = createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN });
  const url = `${baseUrl}/api/relay/rest/endpoints/sip/${encodeURIComponent(ID)}`;
  // What a careful user writes by hand: method, auth, JSON in and out, a status check.
  const rawFetch = (extra = () => ({})) => ({
    get: async () => unwrapResponse(await fetch(url, { method: 'GET', headers: { Authorization: AUTH }, ...extra() })),
    put: async () =>
      unwrapResponse(await fetch(url, { method: 'PUT', headers: { Authorization: AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify(BODY), ...extra() })),
  });
  const ours = (c) => ({ get: () => c.retrieveSipEndpoint(ID), put: () => c.updateSipEndpoint(ID, BODY) });
  if (!breakdown) return { raw: rawFetch(), client: ours(client) };

  const withMiddleware = createClient({ baseUrl });
  withMiddleware.use({ onRequest: ({ request }) => void request.headers.set('Authorization', AUTH) });
  const withHeader = createClient({ baseUrl, headers: { Authorization: AUTH } });
  const viaOpenapiFetch = (c) => ({
    get: async () => unwrap(await c.GET(PATH, { params: { path: { id: ID } } })),
    put: async () => unwrap(await c.PUT(PATH, { params: { path: { id: ID } }, body: BODY })),
  });
  return {
    raw: rawFetch(),
    'raw+AbortSignal.timeout': rawFetch(() => ({ signal: AbortSignal.timeout(30_000) })),
    'openapi-fetch+middleware': viaOpenapiFetch(withMiddleware),
    'openapi-fetch+headers': viaOpenapiFetch(withHeader),
    'client timeoutMs:0': ours(createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, timeoutMs: 0 })),
    client: ours(client),
  };
}

function unwrap({ data, error, response }) {
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(error)}`);
  return data;
}
async function unwrapResponse(response) {
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

async function measure(server, baseUrl, { rounds, warmup, maxMs, breakdown }) {
  const all = variants(baseUrl, { breakdown });
  const out = {};
  for (const op of ['get', 'put']) {
    const fns = Object.fromEntries(Object.entries(all).map(([name, v]) => [name, v[op]]));
    // Same answer from every variant, or the comparison is meaningless.
    const answers = await Promise.all(Object.values(fns).map((f) => f()));
    for (const a of answers) if (JSON.stringify(a) !== JSON.stringify(answers[0])) throw new Error(`${server} ${op}: variants disagree`);
    const { samples, rounds: done, ms } = await interleave(fns, { warmup, rounds, maxMs });
    out[op] = { rounds: done, seconds: round(ms / 1000, 1), variants: summarize(samples, 'raw') };
  }
  return out;
}

export async function run({ quick = false } = {}) {
  const results = {};
  await buildClient();
  const trivial = startChild(['--require', WATCHDOG, 'bench/lib/trivial-server.mjs'], { cwd: ROOT, ready: /trivial server at (\S+)/ });
  try {
    const { match } = await trivial.started;
    results.trivial = await measure('trivial', match[1], { rounds: quick ? 300 : 3000, warmup: quick ? 50 : 400, maxMs: quick ? 5_000 : 20_000, breakdown: false });
    results.breakdown = await measure('trivial', match[1], { rounds: quick ? 100 : 800, warmup: quick ? 20 : 100, maxMs: quick ? 5_000 : 15_000, breakdown: true });
  } finally {
    await trivial.stop();
  }
  const mock = startChild(['scripts/mock.mjs', '--port', '0'], { cwd: ROOT, ready: /listening at (http:\/\/127\.0\.0\.1:\d+)/ });
  try {
    const { match } = await mock.started;
    results.mock = await measure('mock', match[1], { rounds: quick ? 40 : 300, warmup: quick ? 10 : 60, maxMs: quick ? 5_000 : 15_000, breakdown: false });
  } finally {
    await mock.stop();
    rmSync(DIST, { recursive: true, force: true });
  }
  return results;
}

export function print(results) {
  const rows = [];
  for (const [server, ops] of Object.entries(results)) {
    for (const [op, { rounds, variants: vs }] of Object.entries(ops)) {
      for (const [name, s] of Object.entries(vs)) {
        rows.push({ server: server === 'breakdown' ? 'trivial (breakdown)' : server, op: op.toUpperCase(), variant: name, n: rounds, 'median µs': round(s.medianMs * 1000, 0), 'p95 µs': round(s.p95Ms * 1000, 0), 'median ×raw': s.medianRatio, 'p95 ×raw': s.p95Ratio });
      }
    }
  }
  return table(rows, ['server', 'op', 'variant', 'n', 'median µs', 'p95 µs', 'median ×raw', 'p95 ×raw']);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run({ quick: process.argv.includes('--quick') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else console.log(print(results));
}
