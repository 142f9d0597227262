// The client as a frontend ships it: src/index.ts bundled by esbuild for the
// browser (one IIFE, validation included, so the dynamic import of
// src/validate.ts and its spec must bundle), loaded by a page served from one
// loopback origin, calling the mock on another (cross-origin: every call with
// an Authorization header goes through a CORS preflight, answered as Prism
// answers it). One call of each kind: a list, a create, an invalid create
// (the mock's 422, and validateRequests refusing it in the page), a 401.
// Runs in the installed headless Chrome or Chromium that lib/browser/chromium.mjs
// finds (CHROME_PATH, the usual places, PATH; `npm test`'s pretest sees to it).
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, INSTALL_HINT, findChromium } from '../../lib/browser/chromium.mjs';
import { mockUrl, useMock } from '../support/mock-client.js';

// The mock these tests talk to, in this worker (test/support/mock-client.ts).
useMock();

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
let pageOrigin: string;
const served: string[] = [];

beforeAll(async () => {
  const bundle = await build({ entryPoints: ['src/index.ts'], bundle: true, format: 'iife', globalName: 'Sip', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  const code = bundle.outputFiles[0].text;
  const html = '<!doctype html><meta charset="utf-8"><title>client</title><script src="/client.js"></script>';
  server = createServer((req, res) => {
    served.push(req.url!);
    if (req.url === '/client.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const executablePath = findChromium();
  expect(executablePath, INSTALL_HINT).toBeTypeOf('string');
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
  page = await browser.newPage();
  // Nothing but the two loopback origins.
  await page.route('**/*', (route) => (/^http:\/\/127\.0\.0\.1:\d+\//.test(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(`${pageOrigin}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** Runs one call in the page with a client pointed at the mock; returns what it resolved or threw, as plain data. */
async function inPage(kind: 'list' | 'create' | 'invalid' | 'invalid-validated' | 'unauthorized') {
  return page.evaluate(
    async ({ kind, mock }) => {
      const { createSipClient, isApiError, SignalWireError } = (window as any).Sip;
      const statuses: number[] = [];
      // A fetch that records each status (the client's openapi-fetch path); the calls below also run without it.
      const recording = (input: Request) => fetch(input).then((r) => (statuses.push(r.status), r));
      const options = { baseUrl: mock, projectId: 'project-id', token: 'api-token', retry: false };
      const plain = createSipClient({ ...options, validateResponses: true });
      const recorded = createSipClient({ ...options, fetch: recording });
      const call = (client: any) =>
        kind === 'list'
          ? client.listSipCredentials()
          : kind === 'create'
            ? client.createSipCredential({ username: 'browser-desk', password: 's3cret-Passw0rd' })
            : kind === 'unauthorized'
              ? client.listSipEndpoints({ headers: { Authorization: 'Bearer not-basic' } })
              : client.createSipEndpoint({ username: 'desk', password: 's3cret', call_handler: 'video_room' });
      const settle = async (client: any) => {
        try {
          return { ok: true, value: await call(client) };
        } catch (e: any) {
          return {
            ok: false,
            name: e?.name,
            signalWire: e instanceof SignalWireError,
            apiError: isApiError(e),
            status: e?.status,
            body: e?.body,
            errors: e?.errors,
            message: String(e?.message),
          };
        }
      };
      if (kind === 'invalid-validated') {
        const before = performance.getEntriesByType('resource').length;
        const result = await settle(createSipClient({ ...options, validateRequests: true }));
        return { ...result, requests: performance.getEntriesByType('resource').length - before };
      }
      const result = await settle(plain);
      await settle(recorded);
      return { ...result, statuses };
    },
    { kind, mock: mockUrl() },
  );
}

describe('the client in a browser, across origins', { timeout: 60_000 }, () => {
  it('runs on one loopback origin and calls the mock on another', () => {
    expect(new URL(pageOrigin).origin).not.toBe(new URL(mockUrl()).origin);
    expect(served).toEqual(['/', '/client.js']);
  });

  it('lists: 200, a page of credentials, validated by Ajv inside the page', async () => {
    const result: any = await inPage('list');
    expect(result.ok).toBe(true);
    expect(result.statuses).toEqual([200]);
    expect(Array.isArray(result.value.data)).toBe(true);
    expect(result.value.data[0]).toMatchObject({ id: expect.any(String), sip_endpoint: { username: expect.any(String) } });
  });

  it('creates: 200 (the first of the 200 and 201 the spec declares, which the mock picks) and the created credential', async () => {
    const result: any = await inPage('create');
    expect(result.ok).toBe(true);
    expect(result.statuses).toEqual([200]);
    expect(result.value).toMatchObject({ id: expect.any(String), type: 'sip_endpoint', sip_endpoint: { username: expect.any(String) } });
  });

  it('an invalid create: 422 as a typed API error in the Relay shape, naming the missing field', async () => {
    const result: any = await inPage('invalid');
    expect(result).toMatchObject({ ok: false, name: 'SignalWireApiError', signalWire: true, apiError: true, status: 422, statuses: [422] });
    expect(result.body.errors[0].detail).toContain('call_video_room_id');
  });

  it('an invalid create with validateRequests: refused in the page, nothing sent', async () => {
    const result: any = await inPage('invalid-validated');
    expect(result).toMatchObject({ ok: false, name: 'SignalWireRequestValidationError', signalWire: true, apiError: false, requests: 0 });
    expect(result.errors).toEqual([{ path: '', message: "must have required property 'call_video_room_id'" }]);
  });

  it('wrong credentials: 401 as a typed API error with the body the spec declares', async () => {
    const result: any = await inPage('unauthorized');
    expect(result).toMatchObject({ ok: false, name: 'SignalWireApiError', signalWire: true, apiError: true, status: 401, body: { error: 'Unauthorized' }, statuses: [401] });
  });
});
