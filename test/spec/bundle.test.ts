// The shape of the bundled document: operations, unions, mappings, examples;
// and the in-process bundle (lib/spec/bundle.mjs), byte for byte the
// committed one and the pinned CLI's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSpec } from '../../lib/spec/bundle.mjs';
import { deref, operations, spec, validate } from '../support/spec.js';
import { validateAt } from '../../tools/bundled-spec.js';
import { pascal } from '../support/names.js';

const RELAY = ['list_sip_endpoints', 'create_sip_endpoint', 'retrieve_sip_endpoint', 'update_sip_endpoint', 'delete_sip_endpoint'];
const FABRIC = ['list_sip_credentials', 'create_sip_credential', 'get_sip_credential', 'update_sip_credential', 'delete_sip_credential', 'list_sip_credential_addresses'];
const SUBSCRIBER = ['list_subscriber_sip_credentials', 'create_subscriber_sip_credential', 'get_subscriber_sip_credential', 'update_subscriber_sip_credential', 'delete_subscriber_sip_credential'];
const ASSIGN = ['assign_resource_to_sip_credential'];
const SIP_PROFILE = ['retrieve_sip_profile', 'update_sip_profile'];
const PHONE_ROUTE = ['assign_resource_phone_route'];
const RELAY_HANDLERS = ['relay_context', 'relay_topic', 'relay_application', 'relay_connector', 'relay_script', 'laml_webhooks', 'laml_application', 'dialogflow', 'video_room', 'call_flow', 'ai_agent'];
const FABRIC_HANDLERS = ['default', 'passthrough', 'block-pstn', 'resource'];

const UNIONS = [
  { request: 'RelayCreateSipEndpointRequest', withHandler: 'RelayCreateWithHandler', prefix: 'RelayCreate', handlers: RELAY_HANDLERS, operationId: 'create_sip_endpoint' },
  { request: 'RelayUpdateSipEndpointRequest', withHandler: 'RelayUpdateWithHandler', prefix: 'RelayUpdate', handlers: RELAY_HANDLERS, operationId: 'update_sip_endpoint' },
  { request: 'FabricCreateSipCredentialRequest', withHandler: 'FabricCreateWithHandler', prefix: 'FabricCreate', handlers: FABRIC_HANDLERS, operationId: 'create_sip_credential' },
  { request: 'FabricUpdateSipCredentialRequest', withHandler: 'FabricUpdateWithHandler', prefix: 'FabricUpdate', handlers: FABRIC_HANDLERS, operationId: 'update_sip_credential' },
];

const byId = new Map(operations().map((o) => [o.operationId, o]));

// The request bodies that are one closed object, without a call_handler union.
const CLOSED_BODIES = [
  { operationId: 'create_subscriber_sip_credential', schema: 'FabricCreateSubscriberSipCredentialRequest', required: ['username', 'password'] },
  { operationId: 'update_subscriber_sip_credential', schema: 'FabricUpdateSubscriberSipCredentialRequest', required: [] },
  { operationId: 'assign_resource_to_sip_credential', schema: 'FabricAssignSipCredentialRequest', required: ['sip_endpoint_id'] },
  { operationId: 'update_sip_profile', schema: 'RelayUpdateSipProfileRequest', required: [] },
  { operationId: 'assign_resource_phone_route', schema: 'FabricAssignPhoneRouteRequest', required: ['phone_route_id', 'handler'] },
];

describe('operations', () => {
  it('are exactly the 20 documented operations: Relay, Fabric, subscriber SIP credentials, assign, SIP profile, phone route', () => {
    const all = [...RELAY, ...FABRIC, ...SUBSCRIBER, ...ASSIGN, ...SIP_PROFILE, ...PHONE_ROUTE];
    expect(all).toHaveLength(20);
    expect(operations()).toHaveLength(20);
    expect([...byId.keys()].sort()).toEqual(all.sort());
  });

  it('marks every Relay operation deprecated, pointing at Fabric, and no other', () => {
    for (const id of RELAY) {
      expect(byId.get(id)!.op.deprecated, id).toBe(true);
      expect(byId.get(id)!.op.description, id).toContain('/api/fabric/resources/sip_endpoints');
    }
    for (const { path, operationId, op } of operations()) {
      if (RELAY.includes(operationId)) continue;
      // The SIP profile is a Relay route SignalWire does not deprecate (D45).
      expect(path.startsWith('/api/relay/rest/endpoints'), operationId).toBe(false);
      expect(op.deprecated, operationId).toBeUndefined();
    }
  });

  it('serves the subscriber and assign routes where SignalWire does', () => {
    const at = (id: string) => `${byId.get(id)!.method.toUpperCase()} ${byId.get(id)!.path}`;
    const collection = '/api/fabric/resources/subscribers/{fabric_subscriber_id}/sip_endpoints';
    expect(SUBSCRIBER.map(at)).toEqual([`GET ${collection}`, `POST ${collection}`, `GET ${collection}/{id}`, `PATCH ${collection}/{id}`, `DELETE ${collection}/{id}`]);
    expect(at('assign_resource_to_sip_credential')).toBe('POST /api/fabric/resources/{id}/sip_endpoints');
    expect(SIP_PROFILE.map(at)).toEqual(['GET /api/relay/rest/sip_profile', 'PUT /api/relay/rest/sip_profile']);
    expect(at('assign_resource_phone_route')).toBe('POST /api/fabric/resources/{id}/phone_routes');
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/api/fabric/subscribers'))).toEqual([]);
  });

  it('answers with the success codes SignalWire documents', () => {
    const success = (id: string) => Object.keys(byId.get(id)!.op.responses).filter((c) => c.startsWith('2'));
    expect(success('list_subscriber_sip_credentials')).toEqual(['200']);
    expect(success('create_subscriber_sip_credential')).toEqual(['201']);
    expect(success('get_subscriber_sip_credential')).toEqual(['200']);
    expect(success('update_subscriber_sip_credential')).toEqual(['200']);
    expect(success('delete_subscriber_sip_credential')).toEqual(['204']);
    expect(success('assign_resource_to_sip_credential')).toEqual(['200']);
    expect(success('retrieve_sip_profile')).toEqual(['200']);
    expect(success('update_sip_profile')).toEqual(['200', '201']);
    expect(success('assign_resource_phone_route')).toEqual(['200']);
  });

  // That every operation has one tag, declared with a description in
  // openapi.yaml, is lint's (operation-singular-tag, operation-tag-defined,
  // tag-description: test/spec/pipeline.test.ts breaks each).
  it('tags the subscriber and assign operations with their families', () => {
    for (const id of SUBSCRIBER) expect(byId.get(id)!.op.tags, id).toEqual(['Fabric subscriber SIP credentials']);
    expect(byId.get('assign_resource_to_sip_credential')!.op.tags).toEqual(['Fabric SIP credentials']);
  });

  it('takes every path parameter from components/parameters, as a required uuid', () => {
    for (const [path, item] of Object.entries<any>(spec.paths)) {
      const names = [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]);
      const params = (item.parameters ?? []).map((p: any) => {
        expect(p.$ref, path).toMatch(/^#\/components\/parameters\/[A-Z][A-Za-z]+$/);
        return deref(p);
      });
      expect(params.filter((p: any) => p.in === 'path').map((p: any) => p.name).sort(), path).toEqual([...names].sort());
      for (const p of params.filter((p: any) => p.in === 'path')) {
        expect(p, `${path} ${p.name}`).toMatchObject({ required: true, schema: { type: 'string', format: 'uuid' } });
      }
    }
  });

  it('requires HTTP Basic auth everywhere', () => {
    expect(spec.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(spec.security).toEqual([{ basicAuth: [] }]);
    for (const { operationId, op } of operations()) expect(op.security, operationId).toBeUndefined();
  });

  // 401 and 500 everywhere, 404 where an id is in the path, 422 where input
  // is validated: lint's rules rule/operation-401, rule/operation-500,
  // rule/operation-with-id-404, rule/operation-with-body-422,
  // rule/operation-with-parameters-422, rule/path-with-parameters-422
  // (redocly.yaml; test/spec/pipeline.test.ts breaks each).

  it('describes every error with its family\'s schema and an example that fits it', () => {
    for (const { path, operationId, op } of operations()) {
      const family = path.startsWith('/api/relay') ? 'Relay' : 'Fabric';
      for (const [code, ref] of Object.entries<any>(op.responses)) {
        if (!code.startsWith('4') && !code.startsWith('5')) continue;
        const media = deref(ref).content['application/json'];
        const schemaName = media.schema.$ref.split('/').pop();
        const expected = code === '422' ? `${family}ValidationError` : code === '400' && op.requestBody ? 'InvalidJsonError' : 'ErrorMessage';
        expect(schemaName, `${operationId} ${code}`).toBe(expected);
        for (const example of Object.values<any>(media.examples)) {
          expect(validate(schemaName, deref(example).value).valid, `${operationId} ${code}`).toBe(true);
        }
      }
    }
  });

  it('answers 429 with Retry-After everywhere, 400 (not JSON) and 413 wherever a body is taken (D40)', () => {
    const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
    for (const { operationId, op } of operations()) {
      expect(op.responses['429'], operationId).toEqual(ref('TooManyRequests'));
      if (op.requestBody) {
        expect(op.responses['400'], operationId).toEqual(ref('InvalidJsonBody'));
        expect(op.responses['413'], operationId).toEqual(ref('PayloadTooLarge'));
      } else {
        expect(op.responses['413'], operationId).toBeUndefined();
        expect(op.responses['400'], operationId).toEqual(operationId === 'delete_sip_endpoint' ? ref('BadRequest') : undefined);
      }
    }
    const retryAfter = spec.components.responses.TooManyRequests.headers['Retry-After'];
    expect(retryAfter).toMatchObject({ required: false, schema: { type: 'integer', minimum: 0 } });
    expect(retryAfter.description).toContain('may be absent');
    expect(deref(spec.components.responses.BadRequest.content['application/json'].examples.bad_request).value).toEqual({ error: 'Bad Request' });
  });

  it('lets the not-JSON 400 carry where parsing stopped, and accepts SignalWire\'s bare {error} (D40)', () => {
    expect(validate('InvalidJsonError', { error: 'Bad Request' }).errors).toEqual([]);
    expect(validate('InvalidJsonError', { error: 'Bad Request', reason: 'Unexpected end of JSON input', position: 0 }).errors).toEqual([]);
    for (const bad of [{}, { error: 1 }, { error: 'x', position: -1 }, { error: 'x', position: '1' }, { error: 'x', position: 1.5 }, { error: 'x', reason: null }]) {
      expect(validate('InvalidJsonError', bad).valid, JSON.stringify(bad)).toBe(false);
    }
    const example = deref(spec.components.responses.InvalidJsonBody.content['application/json'].examples.invalid_json).value;
    expect(example.error).toContain('not valid JSON');
    expect(example.position).toEqual(expect.any(Number));
  });

  it('gives every success response examples that fit its schema', () => {
    for (const { operationId, op } of operations()) {
      for (const [code, response] of Object.entries<any>(op.responses)) {
        if (!code.startsWith('2')) continue;
        const media = deref(response).content?.['application/json'];
        if (code === '204') {
          expect(media, operationId).toBeUndefined();
          continue;
        }
        const schemaName = media.schema.$ref.split('/').pop();
        // That there are examples is lint's rule/media-type-examples; here each must fit our Ajv too.
        for (const example of Object.values<any>(media.examples)) expect(validate(schemaName, deref(example).value).errors, operationId).toEqual([]);
      }
    }
  });
});

describe('request bodies', () => {
  it('are required, and their examples fit their schema', () => {
    for (const { operationId, op } of operations()) {
      if (!op.requestBody) continue;
      expect(op.requestBody.required, operationId).toBe(true);
      const media = op.requestBody.content['application/json'];
      const schemaName = media.schema.$ref.split('/').pop();
      // That there are named examples, snake_case, is lint's (rule/media-type-examples,
      // rule/example-names); here each must fit our Ajv too.
      for (const [key, example] of Object.entries<any>(media.examples)) {
        expect(validate(schemaName, deref(example).value).errors, `${operationId} ${key}`).toEqual([]);
      }
    }
  });
});

describe.each(CLOSED_BODIES)('$schema', ({ operationId, schema, required }) => {
  const body = spec.components.schemas[schema];

  it('is one closed object, with no call_handler union, used by its operation', () => {
    expect(byId.get(operationId)!.op.requestBody.content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${schema}` });
    expect(body).toMatchObject({ type: 'object', additionalProperties: false });
    expect(body.oneOf).toBeUndefined();
    expect(body.allOf).toBeUndefined();
    expect(body.properties).not.toHaveProperty('call_handler');
    expect(body.required ?? []).toEqual(required);
  });

  it('reuses the shared property schemas by $ref', () => {
    const shared: Record<string, string> = { username: 'SipUsername', password: 'SipPassword', caller_id: 'CallerId', send_as: 'SendAs', ciphers: 'CipherList', codecs: 'CodecList', encryption: 'Encryption' };
    for (const [property, target] of Object.entries(shared)) {
      if (!body.properties[property]) continue;
      expect(body.properties[property].$ref, property).toBe(`#/components/schemas/${target}`);
    }
  });
});

describe('subscriber SIP credential bodies', () => {
  const create = spec.components.schemas.FabricCreateSubscriberSipCredentialRequest;
  const update = spec.components.schemas.FabricUpdateSubscriberSipCredentialRequest;

  it('take the same fields on create and update', () => {
    expect(Object.keys(update.properties).sort()).toEqual(Object.keys(create.properties).sort());
    expect(Object.keys(create.properties).sort()).toEqual(['caller_id', 'ciphers', 'codecs', 'encryption', 'password', 'send_as', 'username']);
  });

  it('default encryption to default on create only', () => {
    expect(create.properties.encryption.default).toBe('default');
    expect(update.properties.encryption.default).toBeUndefined();
  });

  it('never return the password', () => {
    expect(spec.components.schemas.FabricSubscriberSipCredential.properties).not.toHaveProperty('password');
  });
});

describe.each(UNIONS)('$request', ({ request, withHandler, prefix, handlers, operationId }) => {
  const union = spec.components.schemas[withHandler];

  it('is a oneOf of the discriminated handler union and one inline variant without call_handler', () => {
    const top = spec.components.schemas[request];
    expect(top.oneOf).toHaveLength(2);
    expect(top.oneOf[0]).toEqual({ $ref: `#/components/schemas/${withHandler}` });
    expect(top.oneOf[1]).toMatchObject({ type: 'object', additionalProperties: false, properties: { call_handler: false } });
  });

  it('maps every handler to its own closed variant whose call_handler is that const', () => {
    expect(union.discriminator.propertyName).toBe('call_handler');
    expect(Object.keys(union.discriminator.mapping)).toEqual(handlers);
    expect(union.oneOf.map((s: any) => s.$ref)).toEqual(handlers.map((h) => `#/components/schemas/${prefix}${pascal(h)}`));
    for (const handler of handlers) {
      const ref = union.discriminator.mapping[handler];
      expect(ref).toBe(`#/components/schemas/${prefix}${pascal(handler)}`);
      const variant = deref({ $ref: ref });
      expect(variant, handler).toMatchObject({ type: 'object', additionalProperties: false });
      expect(variant.properties.call_handler.const).toBe(handler);
      expect(variant.required).toContain('call_handler');
    }
  });

  it('has a named request example per variant, each valid against exactly that variant', () => {
    const media = byId.get(operationId)!.op.requestBody.content['application/json'];
    expect(Object.keys(media.examples).sort()).toEqual([...handlers.map((h) => h.replace(/-/g, '_')), 'no_handler'].sort());
    for (const handler of handlers) {
      const value = deref(media.examples[handler.replace(/-/g, '_')]).value;
      expect(value.call_handler).toBe(handler);
      for (const other of handlers) {
        expect(validate(`${prefix}${pascal(other)}`, value).valid, `${handler} example vs ${other}`).toBe(other === handler);
      }
    }
    expect(deref(media.examples.no_handler).value).not.toHaveProperty('call_handler');
  });
});

describe('constraints stated in prose', () => {
  const param = (name: string) => spec.components.parameters[name];

  it('bounds page_size to 1..1000 (default 50) and page_number to >= 0 (default 0)', () => {
    expect(param('PageSize').schema).toEqual({ type: 'integer', format: 'int32', minimum: 1, maximum: 1000, default: 50 });
    expect(param('PageNumber').schema).toEqual({ type: 'integer', format: 'int32', minimum: 0, default: 0 });
  });

  it('keeps the enum values the scraped pages lost', () => {
    const s = spec.components.schemas;
    expect(s.Encryption.enum).toEqual(['default', 'required', 'optional']);
    expect(s.Cipher.enum).toHaveLength(5);
    expect(s.Codec.enum).toEqual(['PCMU', 'PCMA', 'G722', 'G729', 'OPUS', 'OPUS@48000H@20I', 'OPUS@24000H@20I', 'OPUS@16000H@20I', 'OPUS@8000H@20I', 'VP8', 'H264']);
    expect(s.HttpMethod.enum).toEqual(['GET', 'POST']);
    expect(s.CallFlowVersion.enum).toEqual(['working_copy', 'current_deployed']);
  });

  it('refuses white space and @ in usernames', () => {
    for (const bad of ['a b', 'a\tb', 'a@b', '']) expect(validate('SipUsername', bad).valid, JSON.stringify(bad)).toBe(false);
    expect(validate('SipUsername', 'alice-desk.1').valid).toBe(true);
  });

  it('declares the space_name server variable and 2020-12 dialect', () => {
    expect(spec.servers[0].url).toBe('https://{space_name}.signalwire.com');
    expect(spec.servers[0].variables.space_name).toBeDefined();
    expect(spec.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

describe('answers as SignalWire sends them, requests strict (D42)', () => {
  const example = (name: string) => structuredClone(deref({ $ref: `#/components/examples/${name}` }).value);

  it('take relative paging links and absolute ones, in both families', () => {
    const list = example('relay-sip-endpoint-list');
    expect(list.links.self.startsWith('/api/relay/rest/endpoints/sip?')).toBe(true);
    expect(validate('RelaySipEndpointList', list).errors).toEqual([]);
    for (const links of [{ self: '/api/x?page_size=50', first: '/api/x' }, { self: 'https://example.signalwire.com/api/x', first: 'https://example.signalwire.com/api/x' }]) {
      expect(validate('PaginationLinks', links).errors).toEqual([]);
    }
    expect(validate('PaginationLinks', { self: '/api/x' }).valid).toBe(false);
    expect(validate('PaginationLinks', { self: 1, first: '/api/x' }).valid).toBe(false);
  });

  it('take null display_name, a null or inbound inner call_handler, null subscriber encryption', () => {
    const credential = example('fabric-sip-credential-default');
    for (const [path, value] of [[['display_name'], null], [['sip_endpoint', 'call_handler'], null], [['sip_endpoint', 'call_handler'], 'relay_context'], [['sip_endpoint', 'call_handler'], 'laml_webhooks']] as const) {
      const body = structuredClone(credential);
      (path.length === 1 ? body : body[path[0]])[path.at(-1)!] = value;
      expect(validate('FabricSipCredential', body).errors, JSON.stringify(path) + value).toEqual([]);
    }
    const wrong = structuredClone(credential);
    wrong.sip_endpoint.call_handler = 'relay_app';
    expect(validate('FabricSipCredential', wrong).valid).toBe(false);
    const subscriber = { ...example('fabric-subscriber-sip-credential'), encryption: null };
    expect(validate('FabricSubscriberSipCredential', subscriber).errors).toEqual([]);
  });

  it('keep requests strict: no null or inbound call_handler in a Fabric body', () => {
    for (const call_handler of [null, 'relay_context']) {
      expect(validate('FabricUpdateSipCredentialRequest', { call_handler }).valid, String(call_handler)).toBe(false);
      expect(validate('FabricCreateSipCredentialRequest', { username: 'a', password: 'b', call_handler }).valid, String(call_handler)).toBe(false);
    }
  });

  it('take channels SignalWire adds and an address resource_id', () => {
    const address = example('fabric-address-list').data[0];
    expect(validate('FabricAddress', { ...address, channels: { ...address.channels, fax: '/private/x?channel=fax' }, resource_id: '4c7e2f1a-8b3d-4e69-a5c0-1f2e3d4c5b6a' }).errors).toEqual([]);
    expect(validate('FabricAddress', { ...address, resource_id: 'resource-id' }).valid).toBe(false);
    expect(validate('FabricAddressChannels', {}).valid).toBe(false);
  });

  it('accept the type=sip_endpoint that Fabric list links carry, and nothing else', () => {
    for (const id of ['list_sip_credentials', 'list_sip_credential_addresses']) {
      const type = byId.get(id)!.op.parameters.map((p: any) => deref(p)).find((p: any) => p.name === 'type');
      expect(type, id).toMatchObject({ in: 'query', required: false, schema: { type: 'string', enum: ['sip_endpoint'] } });
    }
    expect(byId.get('list_sip_endpoints')!.op.parameters.map((p: any) => deref(p).name)).not.toContain('type');
  });
});

describe('statuses SignalWire documents (D43)', () => {
  it('declare 404 on the Fabric list and create', () => {
    for (const id of ['list_sip_credentials', 'create_sip_credential']) expect(byId.get(id)!.op.responses['404'], id).toEqual({ $ref: '#/components/responses/NotFound' });
  });
});

describe('422 examples fit their operation (D44)', () => {
  it('never show a body field on an operation without a body, and every Relay title is one the mock writes', () => {
    const TITLES = ['Invalid Attribute', 'Missing Attribute', 'Unknown Attribute'];
    for (const { operationId, op, path } of operations()) {
      if (!op.responses['422']) continue; // retrieve_sip_profile takes no input
      const media = deref(op.responses['422']).content['application/json'];
      for (const [key, ref] of Object.entries<any>(media.examples)) {
        const value = deref(ref).value;
        const text = JSON.stringify(value);
        if (!op.requestBody) expect(text, `${operationId} ${key}`).not.toMatch(/is required|username|password|call_handler|encryption/);
        if (path.startsWith('/api/relay')) for (const e of value.errors) expect(TITLES, `${operationId} ${key}`).toContain(e.title);
      }
    }
  });
});

describe('422 examples name an input of their operation (D94)', () => {
  // A body property of any variant, or a parameter: what the operation can be refused for.
  const inputs = (op: any, pathItem: any): Set<string> => {
    const names = new Set<string>();
    const walk = (node: any) => {
      const s = deref(node);
      for (const k of Object.keys(s?.properties ?? {})) names.add(k);
      for (const b of [...(s?.oneOf ?? []), ...(s?.anyOf ?? []), ...(s?.allOf ?? [])]) walk(b);
    };
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) walk(body);
    for (const p of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) names.add(deref(p).name);
    return names;
  };

  it('every Fabric attribute and every Relay detail starts with a field or parameter the operation takes', () => {
    let checked = 0;
    for (const { operationId, op, path, pathItem } of operations()) {
      if (!op.responses['422']) continue;
      const own = inputs(op, pathItem);
      for (const [key, ref] of Object.entries<any>(deref(op.responses['422']).content['application/json'].examples)) {
        for (const e of deref(ref).value.errors) {
          const field = path.startsWith('/api/relay') ? e.detail.split(' ')[0] : e.attribute;
          expect([...own], `${operationId} ${key} names ${field}`).toContain(field);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe("list filters take what SignalWire's definition takes (D95)", () => {
  it('accept an empty value and any text, refuse a non-string', () => {
    for (const name of ['FilterUsername', 'FilterCallerId']) {
      const pointer = `/components/parameters/${name}/schema`;
      for (const value of ['', 'desk', ' ', 'a b@c']) expect(validateAt(pointer, value).valid, `${name} ${JSON.stringify(value)}`).toBe(true);
      expect(validateAt(pointer, 7).valid, name).toBe(false);
    }
  });
});

describe('the in-process bundle (lib/spec/bundle.mjs, D101)', () => {
  const fresh = bundleSpec();

  it('is byte for byte the committed generated/openapi.yaml and generated/openapi.json', async () => {
    const { yaml, json, document } = await fresh;
    expect(yaml === readFileSync('generated/openapi.yaml', 'utf8'), 'generated/openapi.yaml').toBe(true);
    expect(json === readFileSync('generated/openapi.json', 'utf8'), 'generated/openapi.json').toBe(true);
    expect(Object.keys(document).slice(0, 3)).toEqual(['openapi', 'info', 'jsonSchemaDialect']);
  });

  it('is byte for byte what the pinned `redocly bundle` writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-spec-cli-bundle-'));
    try {
      const out = join(dir, 'openapi.yaml');
      // By path: the docs' own CLI (redocly-cli-docs, D103) installs a `redocly` bin too.
      const cli = spawnSync(process.execPath, [join('node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'bundle', 'openapi/openapi.yaml', '-o', out], { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
      expect(cli.status, cli.stderr).toBe(0);
      expect(readFileSync(out, 'utf8') === (await fresh).yaml).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pins @redocly/openapi-core at the version @redocly/cli is built with', () => {
    const version = (name: string) => JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version;
    const pinned = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies;
    expect(version('@redocly/openapi-core')).toBe(version('@redocly/cli'));
    expect(pinned['@redocly/openapi-core']).toBe(version('@redocly/cli'));
    expect(pinned['@redocly/cli']).toBe(version('@redocly/cli'));
    // The CLI ships its own copy of openapi-core, built in; its build records which version.
    const chunks = join('node_modules', '@redocly/cli', 'lib', 'chunks');
    const builtWith = readdirSync(chunks).some((file) => readFileSync(join(chunks, file), 'utf8').includes(`"@redocly/openapi-core":"${version('@redocly/openapi-core')}"`));
    expect(builtWith, '@redocly/cli is built with this @redocly/openapi-core').toBe(true);
  });
});
