// The mock: start-up to first 200 of `node scripts/mock.mjs --port 0` vs
// bare `prism mock` on the same bundle, and the throughput of both under the
// same bounded concurrent load of valid requests (GET one, GET a list, PUT
// with a call_handler body), rounds of both interleaved (which goes first
// alternates), after a warm-up (Prism's JIT needs a few hundred requests).
// Our mock runs Prism's router, validator and mocker in its own process
// (lib/mock/); goals: throughput ≥ 0.95× bare Prism, start-up ≤ 1.00×. Each
// ratio is the median of the rounds' ratios. The load generator
// (bench/lib/load.mjs) is a lean socket client: it shares the two cores with
// what it measures. Both servers run on loopback on OS-chosen ports and are
// stopped whatever happens.
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { load, serialise } from './lib/load.mjs';
import { median, round, startChild, table } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WATCHDOG = fileURLToPath(new URL('../lib/mock/watchdog.cjs', import.meta.url));
const PRISM = fileURLToPath(new URL('../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url));
const AUTH = `Basic ${Buffer.from('project:token').toString('base64')}`;
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const PUT_BODY = JSON.stringify({ call_handler: 'relay_context', call_relay_context: 'office', codecs: ['OPUS', 'G722'] });

/** The request mix, cycled: every request valid, every answer a 200. */
const MIX = [
  { method: 'GET', path: `/api/relay/rest/endpoints/sip/${ID}` },
  { method: 'PUT', path: `/api/relay/rest/endpoints/sip/${ID}`, body: PUT_BODY },
  { method: 'GET', path: '/api/fabric/resources/sip_endpoints' },
];

function send(agent, port, { method, path, body }) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: AUTH, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) };
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

const REQUESTS = MIX.map(({ method, path, body }) => serialise({ method, path, body, headers: { Authorization: AUTH, ...(body ? { 'Content-Type': 'application/json' } : {}) } }));

/** `total` requests of the mix, `concurrency` at a time (bench/lib/load.mjs); requests per second. */
async function throughput(port, { total, concurrency }) {
  const { rps, statuses } = await load(port, REQUESTS, { total, concurrency });
  if (statuses[200] !== total) throw new Error(`not every answer was a 200: ${JSON.stringify(statuses)}`);
  return rps;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Polls until GET answers 200; the time from `since`, or throws after `timeoutMs`. */
async function firstOk(port, since, timeoutMs = 30_000) {
  const agent = new http.Agent({ keepAlive: false });
  try {
    while (performance.now() - since < timeoutMs) {
      const status = await send(agent, port, MIX[2]).catch(() => 0);
      if (status === 200) return performance.now() - since;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    agent.destroy();
  }
  throw new Error(`no 200 within ${timeoutMs} ms`);
}

const ourMock = () => startChild(['scripts/mock.mjs', '--port', '0'], { cwd: ROOT, ready: /listening at http:\/\/127\.0\.0\.1:(\d+)/ });
/** Prism alone: `prism mock` on the same bundle, as a user would run it (no request logging). */
async function barePrism() {
  const port = await freePort();
  // Prism prints nothing at this verbosity: readiness is its first 200.
  const child = startChild(['--require', WATCHDOG, PRISM, 'mock', 'generated/openapi.yaml', '--host', '127.0.0.1', '--port', String(port), '--errors=false', '--verboseLevel', 'error'], { cwd: ROOT });
  return { ...child, port };
}

export async function run({ quick = false } = {}) {
  // Start-up: spawn to first 200, ours and (for context) bare Prism, alternating.
  const startup = { mock: [], prism: [] };
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const mock = ourMock();
    try {
      const { match } = await mock.started;
      startup.mock.push(await firstOk(Number(match[1]), mock.startedAt));
    } finally {
      await mock.stop();
    }
    const prism = await barePrism();
    try {
      startup.prism.push(await firstOk(prism.port, prism.startedAt));
    } finally {
      await prism.stop();
    }
  }

  // Throughput: both up at once, rounds alternating which goes first.
  const mock = ourMock();
  const prism = await barePrism();
  const rates = { mock: [], prism: [] };
  const loadCpuUs = []; // the load generator's own CPU per request
  const total = quick ? 150 : 450;
  const concurrency = 8;
  const maxMs = quick ? 20_000 : 40_000;
  let rounds = 0;
  try {
    const { match } = await mock.started;
    const ports = { mock: Number(match[1]), prism: prism.port };
    await firstOk(ports.mock, performance.now());
    await firstOk(ports.prism, performance.now());
    for (const name of ['mock', 'prism']) await throughput(ports[name], { total: quick ? 60 : 600, concurrency }); // warm-up: Prism's JIT needs a few hundred
    const start = performance.now();
    for (; rounds < (quick ? 2 : 6) && performance.now() - start < maxMs; rounds++) {
      const order = rounds % 2 ? ['prism', 'mock'] : ['mock', 'prism'];
      for (const name of order) {
        const cpu = process.cpuUsage();
        rates[name].push(await throughput(ports[name], { total, concurrency }));
        const used = process.cpuUsage(cpu);
        loadCpuUs.push((used.user + used.system) / total);
      }
    }
  } finally {
    await Promise.all([mock.stop(), prism.stop()]);
  }
  return {
    startupMs: { mock: round(median(startup.mock), 0), prism: round(median(startup.prism), 0), runs: startup.mock.length },
    throughput: {
      rounds,
      requestsPerRound: total,
      concurrency,
      loadGeneratorCpuUsPerRequest: round(median(loadCpuUs), 0),
      mix: MIX.map((m) => `${m.method} ${m.path}`),
      mockRps: round(median(rates.mock), 1),
      prismRps: round(median(rates.prism), 1),
      // Each round's ratio, then their median: a load spike hits both of a round's runs.
      ratio: round(median(rates.mock.map((r, i) => r / rates.prism[i]))),
    },
  };
}

export function print(r) {
  const startRatio = round(r.startupMs.mock / r.startupMs.prism);
  const rows = [
    { measure: `start-up to first 200 (median ms of ${r.startupMs.runs})`, 'our mock': r.startupMs.mock, 'bare Prism': r.startupMs.prism, ratio: startRatio, goal: '≤ 1.00', met: startRatio <= 1 ? 'yes' : 'NO' },
    { measure: `throughput (median req/s, ${r.throughput.rounds} rounds × ${r.throughput.requestsPerRound}, c=${r.throughput.concurrency})`, 'our mock': r.throughput.mockRps, 'bare Prism': r.throughput.prismRps, ratio: r.throughput.ratio, goal: '≥ 0.95', met: r.throughput.ratio >= 0.95 ? 'yes' : 'NO' },
  ];
  return `${table(rows, ['measure', 'our mock', 'bare Prism', 'ratio', 'goal', 'met'])}\nload generator's own CPU: ${r.throughput.loadGeneratorCpuUsPerRequest} µs per request`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run({ quick: process.argv.includes('--quick') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else console.log(print(results));
}
