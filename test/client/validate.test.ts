// validateResponses: 2xx bodies checked against the bundled spec when asked,
// never otherwise; and Ajv stays out of what `import '…/src/index.js'` loads.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSipClient, operationTable, SignalWireRequestValidationError, SignalWireResponseValidationError, type SipClientOptions } from '../../src/index.js';
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

describe('validateRequests', { timeout: 5_000 }, () => {
  const refused = async (call: Promise<unknown>) => (await call.then(() => expect.unreachable('sent'), (e: unknown) => e)) as SignalWireRequestValidationError;

  it('refuses a body that breaks the spec before sending, naming the violations of the variant it chose', async () => {
    const error = await refused(client({ validateRequests: true }).createSipEndpoint({ username: 'desk', password: 'pw', call_handler: 'video_room' } as never));
    expect(error).toBeInstanceOf(SignalWireRequestValidationError);
    expect(error.errors).toEqual([{ path: '', message: "must have required property 'call_video_room_id'" }]);
    expect(error.message).toBe("create_sip_endpoint: the request body breaks the spec: / must have required property 'call_video_room_id'");
    expect(error.toJSON()).toMatchObject({ operationId: 'create_sip_endpoint', method: 'POST', url: `${baseUrl}/api/relay/rest/endpoints/sip` });
    expect(hits).toBe(0);
  });

  it.each([
    ['another handler’s field', 'updateSipEndpoint', { call_handler: 'laml_webhooks', call_request_url: 'https://example.com/v', call_relay_topic: 'office' }],
    ['an unknown handler', 'updateSipEndpoint', { call_handler: 'relay_app' }],
    ['a bad uuid', 'updateSipCredential', { call_handler: 'resource', calling_handler_resource_id: 'nope' }],
    ['a wrong type', 'createSipCredential', { username: 42 }],
    ['a prototype key', 'createSipCredential', JSON.parse('{"username":"desk","__proto__":{"x":1}}')],
    ['not an object', 'createSipCredential', 'desk'],
    ['null', 'createSipCredential', null],
  ])('refuses %s without sending it', async (_what, method, body) => {
    const c = client({ validateRequests: true }) as any;
    const error = await refused(method.startsWith('update') ? c[method](ID, body) : c[method](body));
    expect(error).toBeInstanceOf(SignalWireRequestValidationError);
    expect(error.errors.length).toBeGreaterThan(0);
    expect(hits).toBe(0);
  });

  it('sends a body that fits, and validates answers with the same Ajv setup', async () => {
    const { ajvSetups: before } = await import('../../src/validate.js');
    reply = { status: 201, body: endpoint };
    await expect(client({ validateRequests: true, validateResponses: true }).createSipEndpoint({ username: 'a', password: 'b', call_handler: 'relay_topic', call_relay_topic: 'office' })).resolves.toEqual(endpoint);
    expect(hits).toBe(1);
    const { ajvSetups } = await import('../../src/validate.js');
    expect(ajvSetups).toBe(1);
    expect(before).toBeLessThanOrEqual(1);
  });

  it('is off by default: an invalid body is sent as it is', async () => {
    reply = { status: 422, body: { errors: [] } };
    await client().createSipEndpoint({ username: 'desk', password: 'pw', call_handler: 'video_room' } as never).catch(() => {});
    expect(hits).toBe(1);
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
    const validate = readFileSync(new URL('../../src/validate.ts', import.meta.url), 'utf8');
    // validate.ts builds on the one Ajv setup, which is where Ajv is imported.
    expect(validate).toContain("from './spec-validation.js'");
    expect(files).not.toContain('src/spec-validation.js');
    expect(files).not.toContain('src/spec-validation.ts');
    expect(readFileSync(new URL('../../src/spec-validation.js', import.meta.url), 'utf8')).toMatch(/from 'ajv\/dist\/2020\.js'/);
    // Bundlers only follow literal specifiers: the spec by a plain relative path, nothing imported by a computed name.
    expect(validate).toContain("from '../generated/openapi.json' with { type: 'json' }");
    expect(validate).not.toMatch(/import\((?!')/);
  });
});

describe('the operation table', () => {
  it('says json: true exactly where every 2xx of the operation has JSON content, and none otherwise', () => {
    for (const { operationId, op } of specOperations()) {
      const success = Object.entries<any>(op.responses).filter(([code]) => code.startsWith('2'));
      const withJson = success.filter(([, r]) => deref(r).content?.['application/json']);
      // The client refuses an empty 2xx for json operations: a mix would need a per-status table.
      expect([0, success.length], operationId).toContain(withJson.length);
      expect(operationTable[operationId as keyof typeof operationTable].json, operationId).toBe(withJson.length > 0);
    }
  });
});
