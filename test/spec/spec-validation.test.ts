// The one Ajv setup (src/spec-validation.js): strict mode on, the spec's
// annotation keywords declared, validators located through the spec module.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANNOTATION_KEYWORDS, createSpecValidation, SPEC_ID } from '../../src/spec-validation.js';
import { listOperations, pointerOf } from '../../lib/spec/index.mjs';
import { spec } from '../support/spec.js';

const tiny = (schema: unknown) => ({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { S: schema } } });

afterEach(() => vi.restoreAllMocks());

describe('strict mode', () => {
  it.each([
    ['an unknown keyword', { type: 'string', minLenght: 3 }, /strict mode: unknown keyword: "minLenght"/],
    ['OpenAPI 3.0 `example` in a schema', { type: 'string', example: 'x' }, /strict mode: unknown keyword: "example"/],
    ['Prism\'s `x-stoplight` when not declared', { type: 'string', 'x-stoplight': { id: 'a' } }, /strict mode: unknown keyword: "x-stoplight"/],
    ['an unknown format', { type: 'string', format: 'colour' }, /unknown format "colour"/],
  ])('throws on %s in a schema of the spec', (_, schema, message) => {
    expect(() => createSpecValidation({ spec: tiny(schema) }).validatorAt('/components/schemas/S')).toThrow(message);
  });

  it('refuses (null) a schema of its own with an unknown keyword, and takes it once declared as an annotation', () => {
    const schema = { type: 'string', 'x-stoplight': { id: 'a' } };
    expect(createSpecValidation().compile(schema)).toBeNull();
    const validate = createSpecValidation({ annotations: ['x-stoplight'] }).compile(schema)!;
    expect([validate('a'), validate(1)]).toEqual([true, false]);
  });

  it('takes the annotation keywords the spec writes, and they assert nothing', () => {
    expect([...ANNOTATION_KEYWORDS].sort()).toEqual(['discriminator', 'x-decision', 'x-violation-messages']);
    const schema = {
      type: 'object',
      'x-decision': 'D1',
      discriminator: { propertyName: 'kind', mapping: { a: '#/components/schemas/A' } },
      'x-violation-messages': { required: 'is needed' },
      properties: { kind: { type: 'string' } },
    };
    const validate = createSpecValidation({ spec: tiny(schema) }).validatorAt('/components/schemas/S');
    expect([validate({ kind: 'zzz' }), validate({}), validate([])]).toEqual([true, true, false]);
  });

  it('compiles every schema and operation part of the bundle without a warning', () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const validation = createSpecValidation({ spec });
    for (const name of Object.keys(spec.components.schemas)) expect(typeof validation.validatorAt(pointerOf(['components', 'schemas', name])), name).toBe('function');
    let parts = 0;
    for (const op of listOperations({ document: spec })) {
      const request = validation.requestSchema(op.method, op.path);
      if (request) parts += Number(typeof validation.validatorAt(request.pointer) === 'function');
      for (const status of Object.keys(op.responses)) {
        const response = validation.responseSchema(op.method, op.path, status);
        if (response) parts += Number(typeof validation.validatorAt(response.pointer) === 'function');
      }
    }
    expect(parts).toBeGreaterThan(100);
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('checks formats (ajv-formats): a uuid is a uuid', () => {
    const validate = createSpecValidation({ spec: tiny({ type: 'string', format: 'uuid' }) }).validatorAt('/components/schemas/S');
    expect([validate('67075301-69b2-4fc3-8a2c-c95a69a5665e'), validate('not-a-uuid')]).toEqual([true, false]);
  });
});

describe('validators at pointers', () => {
  const validation = createSpecValidation({ spec });

  it('compiles a pointer once and reuses it', () => {
    const pointer = '/components/schemas/RelaySipEndpoint';
    expect(validation.validatorAt(pointer)).toBe(validation.validatorAt(pointer));
    expect(validation.ajv.getSchema(SPEC_ID)).toBeDefined();
  });

  it.each([['/components/schemas/Nope'], ['/components/schemas/__proto__'], ['/components/schemas/constructor'], ['not a pointer'], ['#/%E0%A4%A']])('throws for %j, where nothing is', (pointer) => {
    expect(() => validation.validatorAt(pointer)).toThrow(/No schema at/);
  });

  it('throws for any pointer when it was given no spec', () => {
    expect(() => createSpecValidation().validatorAt('/components/schemas/RelaySipEndpoint')).toThrow(/No schema at/);
  });

  it('locates an operation\'s request and response schemas where they are written', () => {
    expect(validation.requestSchema('POST', '/api/relay/rest/endpoints/sip')?.pointer).toBe('/paths/~1api~1relay~1rest~1endpoints~1sip/post/requestBody/content/application~1json/schema');
    expect(validation.requestSchema('GET', '/api/relay/rest/endpoints/sip')).toBeUndefined();
    expect(validation.requestSchema('POST', '/nowhere')).toBeUndefined();
    expect(validation.responseSchema('get', '/api/fabric/resources/sip_endpoints/{id}', 404)?.pointer).toBe('/components/responses/NotFound/content/application~1json/schema');
    expect(validation.responseSchema('delete', '/api/fabric/resources/sip_endpoints/{id}', 204)).toBeUndefined();
    expect(validation.responseSchema('get', '/api/fabric/resources/sip_endpoints/{id}', 299)).toBeUndefined();
  });

  it('narrows a body to the variant its call_handler maps to, and to none for values the union does not map', () => {
    const at = validation.requestSchema('post', '/api/relay/rest/endpoints/sip')!;
    const variant = validation.variantOf(at.keys, { call_handler: 'video_room' });
    expect(variant?.pointer).toMatch(/^\/components\/schemas\/Relay\w*VideoRoom\w*$/);
    expect(typeof validation.validatorAt(variant!.pointer)).toBe('function');
    for (const body of [{ call_handler: 'nope' }, { call_handler: '__proto__' }, { call_handler: 'constructor' }, { call_handler: 5 }, {}, null, 'video_room', []]) {
      expect(validation.variantOf(at.keys, body), JSON.stringify(body)).toBeUndefined();
    }
  });
});
