// The shape of the bundled document: operations, unions, mappings, examples.
import { describe, expect, it } from 'vitest';
import { deref, operations, spec, validate } from '../support/spec.js';
import { pascal } from '../support/names.js';

const RELAY = ['list_sip_endpoints', 'create_sip_endpoint', 'retrieve_sip_endpoint', 'update_sip_endpoint', 'delete_sip_endpoint'];
const FABRIC = ['list_sip_credentials', 'create_sip_credential', 'get_sip_credential', 'update_sip_credential', 'delete_sip_credential', 'list_sip_credential_addresses'];
const RELAY_HANDLERS = ['relay_context', 'relay_topic', 'relay_application', 'relay_connector', 'relay_script', 'laml_webhooks', 'laml_application', 'dialogflow', 'video_room', 'call_flow', 'ai_agent'];
const FABRIC_HANDLERS = ['default', 'passthrough', 'block-pstn', 'resource'];

const UNIONS = [
  { request: 'RelayCreateSipEndpointRequest', withHandler: 'RelayCreateWithHandler', prefix: 'RelayCreate', handlers: RELAY_HANDLERS, operationId: 'create_sip_endpoint' },
  { request: 'RelayUpdateSipEndpointRequest', withHandler: 'RelayUpdateWithHandler', prefix: 'RelayUpdate', handlers: RELAY_HANDLERS, operationId: 'update_sip_endpoint' },
  { request: 'FabricCreateSipCredentialRequest', withHandler: 'FabricCreateWithHandler', prefix: 'FabricCreate', handlers: FABRIC_HANDLERS, operationId: 'create_sip_credential' },
  { request: 'FabricUpdateSipCredentialRequest', withHandler: 'FabricUpdateWithHandler', prefix: 'FabricUpdate', handlers: FABRIC_HANDLERS, operationId: 'update_sip_credential' },
];

const byId = new Map(operations().map((o) => [o.operationId, o]));

describe('operations', () => {
  it('are exactly the 11 documented operations of both families', () => {
    expect([...byId.keys()].sort()).toEqual([...RELAY, ...FABRIC].sort());
  });

  it('marks every Relay operation deprecated, pointing at Fabric, and no Fabric one', () => {
    for (const id of RELAY) {
      expect(byId.get(id)!.op.deprecated, id).toBe(true);
      expect(byId.get(id)!.op.description, id).toContain('/api/fabric/resources/sip_endpoints');
    }
    for (const id of FABRIC) expect(byId.get(id)!.op.deprecated, id).toBeUndefined();
  });

  it('requires HTTP Basic auth everywhere', () => {
    expect(spec.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(spec.security).toEqual([{ basicAuth: [] }]);
    for (const { operationId, op } of operations()) expect(op.security, operationId).toBeUndefined();
  });

  it('answers 401 and 500 everywhere, 404 where an id is in the path, 422 where input is validated', () => {
    for (const { path, operationId, op } of operations()) {
      const codes = Object.keys(op.responses);
      expect(codes, operationId).toEqual(expect.arrayContaining(['401', '422', '500']));
      if (path.includes('{id}')) expect(codes, operationId).toContain('404');
    }
  });

  it('describes every error with its family\'s schema and an example that fits it', () => {
    for (const { path, operationId, op } of operations()) {
      const family = path.startsWith('/api/relay') ? 'Relay' : 'Fabric';
      for (const [code, ref] of Object.entries<any>(op.responses)) {
        if (!code.startsWith('4') && !code.startsWith('5')) continue;
        const media = deref(ref).content['application/json'];
        const schemaName = media.schema.$ref.split('/').pop();
        expect(schemaName, `${operationId} ${code}`).toBe(code === '422' ? `${family}ValidationError` : 'ErrorMessage');
        for (const example of Object.values<any>(media.examples)) {
          expect(validate(schemaName, deref(example).value).valid, `${operationId} ${code}`).toBe(true);
        }
      }
    }
  });

  it('gives every success response an example that fits its schema', () => {
    for (const { operationId, op } of operations()) {
      for (const [code, response] of Object.entries<any>(op.responses)) {
        if (!code.startsWith('2')) continue;
        const media = deref(response).content?.['application/json'];
        if (code === '204') {
          expect(media, operationId).toBeUndefined();
          continue;
        }
        const schemaName = media.schema.$ref.split('/').pop();
        const examples = Object.values<any>(media.examples);
        expect(examples.length, operationId).toBeGreaterThan(0);
        for (const example of examples) expect(validate(schemaName, deref(example).value).errors, operationId).toEqual([]);
      }
    }
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
    expect(param('PageSize').schema).toEqual({ type: 'integer', minimum: 1, maximum: 1000, default: 50 });
    expect(param('PageNumber').schema).toEqual({ type: 'integer', minimum: 0, default: 0 });
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
