// `npm run mock [-- --dynamic] [-- --port N]`: Prism mocking the bundled spec,
// behind a thin loopback proxy that rewrites Prism's 422 answers into the
// family's own error body naming each field at fault (Prism alone sends its
// static 422 example and hides the reasons in the `sl-violations` header).
// Everything else passes through untouched.
import './lib/watchdog.cjs';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { operationMatcher, readable422 } from './lib/readable-422.mjs';
import { createStatefulMode, StateFileError } from '../lib/mock/stateful.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '4010' },
    dynamic: { type: 'boolean', default: false },
    stateful: { type: 'boolean', default: false },
    empty: { type: 'boolean', default: false },
    state: { type: 'string' },
    spec: { type: 'string', default: 'generated/openapi.yaml' },
  },
});
const HOST = '127.0.0.1';
const spec = JSON.parse(readFileSync(args.spec.replace(/\.yaml$/, '.json'), 'utf8'));
const matchOperation = operationMatcher(spec);
if ((args.empty || args.state) && !args.stateful) {
  console.error('mock: --empty and --state need --stateful.');
  process.exit(2);
}
let stateful;
try {
  stateful = args.stateful ? createStatefulMode({ spec, empty: args.empty, statePath: args.state, log: (line) => console.error(line) }) : undefined;
} catch (error) {
  if (!(error instanceof StateFileError)) throw error;
  console.error(`mock: ${error.message}; it was left as it is: fix it, delete it, or start with another --state.`);
  process.exit(1);
}

const prismPort = await freePort();
const prism = spawn(
  process.execPath,
  [
    '--require', fileURLToPath(new URL('./lib/watchdog.cjs', import.meta.url)),
    fileURLToPath(new URL('../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url)),
    'mock', args.spec, '--host', HOST, '--port', String(prismPort), '--errors=false', '--verboseLevel', 'silent',
    ...(args.dynamic ? ['--dynamic', '--json-schema-faker-fillProperties=false'] : []),
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
prism.on('exit', (code) => {
  if (!stopping) {
    console.error(`mock: Prism exited (${code}).`);
    process.exit(1);
  }
});
let stopping = false;
let server; // created once Prism answers; a signal may come before that
const stop = () => {
  stopping = true;
  prism.kill('SIGTERM');
  server?.close();
  stateful?.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('exit', () => prism.kill('SIGKILL'));

await waitForPrism();
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
server = http.createServer(proxy);
server.listen(Number(args.port), HOST, () => {
  const url = `http://${HOST}:${server.address().port}`;
  console.log(`mock: listening at ${url} (${stateful ? stateful.description : `${args.dynamic ? 'dynamic' : 'static'} examples`}; Ctrl-C stops it)`);
  if (stateful) console.log(`mock: reset with  curl -X DELETE ${url}/__mock/state`);
  console.log(`mock: try  curl -u any:thing ${url}/api/fabric/resources/sip_endpoints`);
});

function proxy(req, res) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const own = stateful?.route(req.method, req.url);
    if (own) return sendJson(res, own);
    const upstream = http.request({ host: HOST, port: prismPort, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      if (stateful && answer.statusCode >= 200 && answer.statusCode < 300) {
        // Prism accepted the request: the store answers it.
        const stored = fromStore(req, body);
        if (stored) {
          answer.resume();
          return sendJson(res, stored);
        }
      }
      const violations = answer.headers['sl-violations'];
      if (answer.statusCode !== 422 || !violations) {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
        return;
      }
      answer.resume();
      const explained = explain(req, body, JSON.parse(violations));
      const rewritten = JSON.stringify(explained);
      // One line per rejected request instead of Prism's per-violation log.
      const first = explained.errors[0];
      console.log(`mock: 422 ${req.method} ${req.url}: ${first?.detail ?? first?.message}${explained.errors.length > 1 ? ` (+${explained.errors.length - 1} more)` : ''}`);
      const headers = { ...answer.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(rewritten) };
      res.writeHead(422, headers).end(rewritten);
    });
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `mock: Prism unreachable (${error.code})` }));
    });
    upstream.end(body);
  });
}

/** The store's answer to a request Prism accepted, or undefined to keep Prism's. */
function fromStore(req, body) {
  const url = new URL(req.url, 'http://mock');
  const route = matchOperation(req.method, url.pathname);
  if (!route) return undefined;
  const names = [...route.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const values = new RegExp(`^${route.template.replace(/\{[^}]+\}/g, '([^/]+)')}$`).exec(url.pathname).slice(1);
  const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i])]));
  const query = Object.fromEntries(url.searchParams);
  let parsed;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
  try {
    return stateful.handler({ operationId: route.op.operationId, params, query, body: parsed, headers: req.headers, origin: `http://${/^[\w.-]+(:\d+)?$|^\[[\d:a-f]+\](:\d+)?$/i.test(req.headers.host ?? '') ? req.headers.host : `${HOST}:${server.address().port}`}` });
  } catch (error) {
    console.error(`mock: store failed on ${req.method} ${req.url}: ${error?.stack ?? error}`);
    return { status: 500, body: { error: `mock: the stateful store failed (${error?.message ?? error})` } };
  }
}

function sendJson(res, { status, headers = {}, body }) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}) });
  res.end(text);
}

function explain(req, body, violations) {
  const route = matchOperation(req.method, new URL(req.url, 'http://mock').pathname);
  let parsed;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  return readable422({ spec, route, body: parsed, violations });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPrism() {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(prismPort, HOST, () => socket.end(() => resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    // 25 ms, not more: every ms here delays the first answer (BENCHMARKS.md, start-up).
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  console.error('mock: Prism did not start within 30 s.');
  process.exit(1);
}
