// No error the client throws shows the token, the Authorization header or
// its base64, however it is looked at, even when the server (or a fetch)
// echoes the request back: one scenario per error class the package exports.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenLoopback, unusedPortUrl, type Loopback } from '../support/loopback.js';
import * as sdk from '../../src/index.js';
import { createSipClient, SignalWireError, type SipClientOptions } from '../../src/index.js';

const TOKEN = 'PT-redact-me-5f4e3d2c1b0a99887766';
const PROJECT = 'b1f2c3d4-0000-4000-8000-000000000003';
const BASE64 = Buffer.from(`${PROJECT}:${TOKEN}`).toString('base64');
// Padded (`==`): also looked for without its padding, and percent-encoded as a proxy puts it in a URL.
const UNPADDED = BASE64.replace(/=+$/, '');
const SECRETS = [TOKEN, UNPADDED, encodeURIComponent(BASE64), `${PROJECT}:${TOKEN}`, `Basic ${UNPADDED}`];
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const DEEP = 4_000;

let loopback: Loopback | undefined;
let baseUrl: string;
let refusedUrl: string;
const stalled = new Set<ServerResponse>();

// Each route echoes what it received, the Authorization header included.
const echo = (req: IncomingMessage) => ({ authorization: req.headers.authorization, headers: req.headers, token: TOKEN });
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  api: (req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `Unauthorized: ${req.headers.authorization}`, echo: echo(req) })),
  html: (req, res) => res.writeHead(400, { 'content-type': 'text/html' }).end(`<pre>${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n${TOKEN}</pre>`),
  empty: (_req, res) => res.writeHead(200).end(),
  invalid: (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: TOKEN, username: `Basic ${BASE64}`, echo: echo(req) })),
  slow: (_req, res) => void stalled.add(res),
  reset: (req) => req.socket.destroy(),
  // A proxy that echoes the Authorization header into the Content-Type.
  ctype: (req, res) => res.writeHead(502, { 'content-type': `text/html; echo="${req.headers.authorization}"` }).end('<h1>Bad Gateway</h1>'),
  // The header without its base64 padding, and percent-encoded inside a URL, a key and a nested array.
  mangled: (req, res) => {
    const auth = req.headers.authorization!;
    const url = `https://proxy.example/login?auth=${encodeURIComponent(auth)}&t=${encodeURIComponent(TOKEN)}`;
    res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: auth.replace(/=+$/, ''), [url]: [[[url, auth.replace(/=+$/, '')]]] }));
  },
  // A body past maxResponseBytes, with the header echoed into its Content-Type and its first bytes.
  large: (req, res) => res.writeHead(200, { 'content-type': `application/json; echo="${req.headers.authorization}"` }).end(`{"echo":"${req.headers.authorization}","pad":"${'x'.repeat(5000)}"}`),
  ctypeJson: (req, res) => res.writeHead(200, { 'content-type': `application/json; echo="${req.headers.authorization}"` }).end(''),
  // A page whose Authorization header and token straddle the 500th character, where SignalWireNonJsonError cuts its text.
  cut: (req, res) => res.writeHead(Number(req.headers['x-status']), { 'content-type': 'text/html' }).end(`${'x'.repeat(Number(req.headers['x-pad']))}${req.headers.authorization} ${TOKEN}`),
  // An error body nested thousands of levels deep, with the token at the bottom.
  deep: (_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end(`${'{"a":'.repeat(DEEP)}"${TOKEN}"${'}'.repeat(DEEP)}`),
  deepArray: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`${'['.repeat(DEEP * 25)}${']'.repeat(DEEP * 25)}`),
};

beforeAll(async () => {
  loopback = await listenLoopback((req, res) => {
    req.resume();
    req.on('end', () => routes[req.headers['x-fault'] as string](req, res));
  });
  baseUrl = loopback.baseUrl;
  refusedUrl = await unusedPortUrl();
});
afterAll(() => loopback?.close());

const make = (options: Partial<SipClientOptions> = {}) =>
  createSipClient({ baseUrl, projectId: PROJECT, token: TOKEN, retry: { sleep: async () => {} }, ...options });
const fault = (name: keyof typeof routes) => ({ headers: { 'x-fault': name } });

// A fetch that fails the way a careless polyfill might: the header in its message and its cause.
const leakyFetch = (async (request: Request) => {
  const auth = request.headers.get('authorization');
  throw Object.assign(new TypeError(`fetch failed for ${request.url} with ${auth}`), {
    cause: Object.assign(new Error(`connect ECONNRESET (token ${TOKEN}, header ${auth})`), { code: 'ECONNRESET', request }),
  });
}) as unknown as typeof fetch;

const scenarios: Array<[string, () => Promise<unknown>]> = [
  ['API error with a body that echoes the headers', () => make().listSipEndpoints(fault('api'))],
  ['non-JSON body that echoes the headers', () => make().getSipCredential(ID, fault('html'))],
  ['empty body', () => make().getSipCredential(ID, fault('empty'))],
  ['schema violation in a body that echoes the headers', () => make({ validateResponses: true }).getSipCredential(ID, fault('invalid'))],
  ['timeout', () => make({ timeoutMs: 30 }).getSipCredential(ID, fault('slow'))],
  ['connection reset', () => make().getSipCredential(ID, fault('reset'))],
  ['connection refused', () => make({ baseUrl: refusedUrl }).listSipCredentials()],
  ['fetch error whose message and cause carry the header', () => make({ fetch: leakyFetch }).listSipCredentials()],
  ['request body that breaks the spec, with the token as a key and a value', () => make({ validateRequests: true }).createSipCredential({ username: TOKEN, [TOKEN]: `Basic ${BASE64}` } as never)],
  ['a body that echoes the header unpadded and percent-encoded, in keys, URLs and nested arrays', () => make().getSipCredential(ID, fault('mangled'))],
  ['a Content-Type that echoes the Authorization header (non-JSON)', () => make().getSipCredential(ID, fault('ctype'))],
  ['a Content-Type that echoes the Authorization header (empty 2xx)', () => make().getSipCredential(ID, fault('ctypeJson'))],
  ['a body over maxResponseBytes that echoes the header', () => make({ maxResponseBytes: 1000 }).getSipCredential(ID, fault('large'))],
  [`an error body nested ${DEEP} levels deep`, () => make().getSipCredential(ID, fault('deep'))],
  [`a 2xx nested ${DEEP * 25} levels deep, validated`, () => make({ validateResponses: true }).getSipCredential(ID, fault('deepArray'))],
];

/** Every way an error gets printed, logged or serialised, its cause chain included. */
function views(error: unknown): string[] {
  const out: string[] = [];
  for (let e: any = error, depth = 0; e && depth < 10; e = e.cause, depth++) {
    out.push(String(e), String(e.message), String(e.stack), JSON.stringify(e) ?? '', `${e}`);
    out.push(inspect(e, { showHidden: true, depth: 10 }), inspect(e, { showHidden: true, depth: 10, customInspect: false }));
    if (typeof e.toJSON === 'function') out.push(JSON.stringify(e.toJSON()));
  }
  return out;
}

describe('redaction', { timeout: 20_000 }, () => {
  it('covers every error class the package exports', async () => {
    const classes = Object.values(sdk).filter((v): v is typeof SignalWireError => typeof v === 'function' && v.prototype instanceof SignalWireError);
    // The classes thrown as they are: those no other exported class extends.
    const leaves = classes.filter((c) => !classes.some((other) => other.prototype instanceof c));
    const thrown = new Set<unknown>();
    for (const [, run] of scenarios) thrown.add(((await run().catch((e: unknown) => e)) as object).constructor);
    expect(leaves.map((c) => c.name).sort()).toEqual([...thrown].map((c) => (c as Function).name).sort());
    expect(leaves.length).toBeGreaterThanOrEqual(6);
  });

  it.each(scenarios)('%s: no token, header or base64 in any view of the error, and nothing logged', async (_name, run) => {
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m));
    try {
      const error = await run().then(
        () => expect.unreachable('the call succeeded'),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SignalWireError);
      const all = views(error);
      expect(all.join('\n')).toContain((error as Error).message); // the views are real
      for (const view of all) for (const secret of SECRETS) expect(view).not.toContain(secret);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('keeps a deep body readable down to 64 levels, then cuts it (no RangeError anywhere)', async () => {
    const error = (await make().getSipCredential(ID, fault('deep')).catch((e: unknown) => e)) as sdk.SignalWireApiError;
    expect(error).toBeInstanceOf(sdk.SignalWireApiError);
    expect(error.status).toBe(400);
    let at: any = error.body;
    for (let depth = 0; depth < 64; depth++) at = at.a;
    expect(at).toBe('[nested too deep]');
    expect(JSON.stringify(error)).toContain('[nested too deep]');
  });

  it('scrubs a non-JSON text before cutting it at 500 characters: no first part of a secret is left at the cut', async () => {
    // Pads that put the cut inside "Basic <base64>" (102 characters from the pad) and inside the token after it, on a 2xx and on an error status.
    const pads = [480, 450, 420, 398, 390, 380, 370];
    for (const status of [200, 502]) {
      for (const pad of pads) {
        const error = (await make({ retry: false })
          .getSipCredential(ID, { headers: { 'x-fault': 'cut', 'x-pad': String(pad), 'x-status': String(status) } })
          .catch((e: unknown) => e)) as sdk.SignalWireNonJsonError;
        expect(error).toBeInstanceOf(sdk.SignalWireNonJsonError);
        expect(error.status).toBe(status);
        expect(error.text.startsWith('x'.repeat(Math.min(pad, 500)))).toBe(true);
        for (const secret of [TOKEN, BASE64]) for (let n = 8; n <= secret.length; n++) expect(error.text, `${status}, pad ${pad}`).not.toContain(secret.slice(0, n));
      }
    }
  });

  it('scrubs the Content-Type an error carries', async () => {
    const error = (await make().getSipCredential(ID, fault('ctype')).catch((e: unknown) => e)) as sdk.SignalWireNonJsonError;
    expect(error.contentType).toBe('text/html; echo="Basic [redacted]"');
    expect(error.message).toContain('echo="Basic [redacted]"');
  });

  it('keeps what is useful: the status, the echoed body with the secrets replaced, the system code', async () => {
    const api = (await make().listSipEndpoints(fault('api')).catch((e: unknown) => e)) as sdk.SignalWireApiError;
    expect(api.status).toBe(401);
    expect(api.message).toBe('list_sip_endpoints failed with HTTP 401: Unauthorized: Basic [redacted]');
    expect((api.body as any).echo.token).toBe('[redacted]');
    const leaky = (await make({ fetch: leakyFetch }).listSipCredentials().catch((e: unknown) => e)) as sdk.SignalWireNetworkError;
    expect(leaky.code).toBe('ECONNRESET');
    expect(String((leaky.cause as Error).message)).toContain('with Basic [redacted]');
    // The Request the polyfill hung on its error is not carried along.
    expect(Object.keys((leaky.cause as Error).cause as object)).not.toContain('request');
  });
});
