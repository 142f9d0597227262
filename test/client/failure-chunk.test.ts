// The failure path is a lazily loaded module (src/failure.ts, D110). When it
// cannot load (a browser gone offline), a failed call still rejects with a
// SignalWireError, one that carries nothing the server said, and the next
// failure tries the import again.
import { afterEach, describe, expect, it, vi } from 'vitest';

const TOKEN = 'PT-chunk-secret-0123456789abcdef';
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
let loads = 0;

afterEach(() => {
  vi.doUnmock('../../src/failure.js');
  vi.resetModules();
});

describe('the lazily loaded failure path', () => {
  it('failing to load: a SignalWireError without the server body, and a new try on the next failure', async () => {
    vi.resetModules();
    vi.doMock('../../src/failure.js', () => {
      loads++;
      throw new Error('Failed to fetch dynamically imported module: /assets/failure-1234.js');
    });
    const { createSipClient, SignalWireError, SignalWireApiError } = await import('../../src/index.js');
    const fetch = (async () => new Response(JSON.stringify({ error: `Unauthorized ${TOKEN}` }), { status: 401, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
    const client = createSipClient({ baseUrl: 'http://127.0.0.1:9', projectId: 'p', token: TOKEN, fetch });
    const first = await client.getSipCredential(ID).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(SignalWireError);
    expect(first).not.toBeInstanceOf(SignalWireApiError);
    expect((first as Error).message).toBe('get_sip_credential failed (and src/failure.ts did not load)');
    expect(JSON.stringify(first)).toBe(JSON.stringify({ name: 'SignalWireError', message: 'get_sip_credential failed (and src/failure.ts did not load)', operationId: 'get_sip_credential', method: 'GET', url: `http://127.0.0.1:9/api/fabric/resources/sip_endpoints/${ID}` }));
    expect(JSON.stringify(first)).not.toContain(TOKEN);
    const before = loads;
    await client.getSipCredential(ID).catch((e: unknown) => e);
    expect(loads).toBeGreaterThan(before);
  });

  it('a timeout does not wait for it: a chunk whose load never ends still gives SignalWireTimeoutError on time', async () => {
    vi.resetModules();
    vi.doMock('../../src/failure.js', () => new Promise(() => {})); // a stalled network: the import never settles
    const { createSipClient, SignalWireTimeoutError } = await import('../../src/index.js');
    const fetch = (async () => new Response('{"error":"Internal Server Error"}', { status: 500, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
    const client = createSipClient({ baseUrl: 'http://127.0.0.1:9', projectId: 'p', token: TOKEN, fetch, timeoutMs: 50 });
    const outcome = await Promise.race([
      client.getSipCredential(ID).catch((e: unknown) => e),
      new Promise((resolve) => setTimeout(() => resolve('still pending after 2 s'), 2_000)),
    ]);
    expect(outcome).toBeInstanceOf(SignalWireTimeoutError);
    expect((outcome as Error).message).toBe('get_sip_credential timed out after 50 ms');
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it("a caller's own abort does not wait for it", async () => {
    vi.resetModules();
    vi.doMock('../../src/failure.js', () => {
      throw new Error('offline');
    });
    const { createSipClient } = await import('../../src/index.js');
    const controller = new AbortController();
    let sent = 0;
    // openapi-fetch hands a custom fetch one Request, whose signal follows the call's.
    const fetch = ((input: Request) => {
      sent++;
      return new Promise((_resolve, reject) => input.signal.addEventListener('abort', () => reject(input.signal.reason)));
    }) as unknown as typeof globalThis.fetch;
    const client = createSipClient({ baseUrl: 'http://127.0.0.1:9', projectId: 'p', token: TOKEN, fetch });
    const call = client.listSipCredentials({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(sent).toBe(1));
    controller.abort(new Error('caller gave up'));
    expect(((await call) as Error).message).toBe('caller gave up');
  });
});
