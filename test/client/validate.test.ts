// validateResponses: 2xx bodies checked against the bundled spec when asked,
// never otherwise; and Ajv stays out of what `import '…/src/index.js'` loads.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSipClient, operations, SignalWireResponseValidationError, type SipClientOptions } from '../../src/index.js';
import { deref, operations as specOperations, spec } from '../support/spec.js';

const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
let server: Server;
let baseUrl: string;
let reply: { status: number; body: unknown };
let hits = 0;

/** The first named example of an operation's response: a body the spec itself calls valid. */
function example(path: string, method: string, status: string) {
  const examples = spec.paths[path][method].responses[status].content['application/json'].examples;
  return structuredClone(deref(Object.values<any>(examples)[0]).value);
}
const credential = example('/api/fabric/resources/sip_endpoints/{id}', 'get', '200');
const endpoint = example('/api/relay/rest/endpoints/sip', 'post', '201');

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});
beforeEach(() => (hits = 0));

const client = (options: Partial<SipClientOptions> = {}) => createSipClient({ baseUrl, projectId: 'p', token: 't', retry: false, ...options });

describe('validateResponses', { timeout: 5_000 }, () => {
  it('returns a body that fits the spec', async () => {
    reply = { status: 200, body: credential };
    await expect(client({ validateResponses: true }).getSipCredential(ID)).resolves.toEqual(credential);
    reply = { status: 201, body: endpoint };
    await expect(client({ validateResponses: true }).createSipEndpoint({ username: 'a', password: 'b' })).resolves.toEqual(endpoint);
  });

  it('throws a typed error naming what breaks the schema, with the body, and does not retry', async () => {
    const broken = { ...credential, id: 'not-a-uuid', sip_endpoint: { ...credential.sip_endpoint, encryption: 'sometimes' } };
    reply = { status: 200, body: broken };
    const error = (await client({ validateResponses: true, retry: {} })
      .getSipCredential(ID)
      .catch((e: unknown) => e)) as SignalWireResponseValidationError;
    expect(error).toBeInstanceOf(SignalWireResponseValidationError);
    expect(error.status).toBe(200);
    expect(error.body).toEqual(broken);
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { path: '/id', message: 'must match format "uuid"' },
        { path: '/sip_endpoint/encryption', message: 'must be equal to one of the allowed values' },
      ]),
    );
    expect(error.message).toMatch(/^get_sip_credential answered HTTP 200 with a body that breaks the spec: \/\S+ must /);
    expect(hits).toBe(1);
  });

  it('refuses a 2xx status the spec does not describe for the operation', async () => {
    reply = { status: 202, body: credential };
    const error = (await client({ validateResponses: true })
      .getSipCredential(ID)
      .catch((e: unknown) => e)) as SignalWireResponseValidationError;
    expect(error).toBeInstanceOf(SignalWireResponseValidationError);
    expect(error.errors).toEqual([{ path: '', message: 'HTTP 202 is not an answer the spec describes for GET /api/fabric/resources/sip_endpoints/{id}' }]);
  });

  it('is off by default: the same body comes back as it is', async () => {
    const broken = { ...credential, id: 'not-a-uuid' };
    reply = { status: 200, body: broken };
    await expect(client().getSipCredential(ID)).resolves.toEqual(broken);
  });
});

describe('the default import path', () => {
  it('does not load Ajv, ajv-formats or the bundled spec: only validate.ts does, through a dynamic import()', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const walk = (file: URL) => {
      if (seen.has(file.href)) return;
      seen.add(file.href);
      const source = readFileSync(file, 'utf8');
      // Static imports and re-exports, not `import type` and not import(): those load nothing up front.
      for (const [, kind, target] of source.matchAll(/^(import|export)(?! type)[^'"]*?from\s+'([^']+)'/gm)) {
        void kind;
        if (!target.startsWith('.')) bare.add(target);
        else walk(new URL(target.replace(/\.js$/, '.ts'), file));
      }
    };
    walk(new URL('../../src/index.ts', import.meta.url));
    const files = [...seen].map((href) => href.replace(/^.*\/(src|generated)\//, '$1/'));
    expect(files).toContain('src/client.ts');
    expect(files).not.toContain('src/validate.ts');
    expect([...bare]).toEqual(['openapi-fetch']);
    // And the module that does load Ajv is where the client looks for it.
    expect(readFileSync(new URL('../../src/client.ts', import.meta.url), 'utf8')).toContain("import('./validate.js')");
    expect(readFileSync(new URL('../../src/validate.ts', import.meta.url), 'utf8')).toMatch(/from 'ajv\/dist\/2020\.js'/);
  });
});

describe('the operation table', () => {
  it('says json: true exactly where every 2xx of the operation has JSON content, and none otherwise', () => {
    for (const { operationId, op } of specOperations()) {
      const success = Object.entries<any>(op.responses).filter(([code]) => code.startsWith('2'));
      const withJson = success.filter(([, r]) => deref(r).content?.['application/json']);
      // The client refuses an empty 2xx for json operations: a mix would need a per-status table.
      expect([0, success.length], operationId).toContain(withJson.length);
      expect(operations[operationId as keyof typeof operations].json, operationId).toBe(withJson.length > 0);
    }
  });
});
