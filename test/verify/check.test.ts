// verify's checks on single answers: the shared validator, how Ajv errors
// become mismatches (operation, JSON path, expected, got), undocumented
// fields as warnings, and the helpers of the polite transport.
import { describe, expect, it } from 'vitest';
import * as shared from '../../tools/bundled-spec.js';
import * as forTests from '../support/spec.js';
import { checkResponse, jsonPath } from '../../tools/verify/check.js';
import { retryAfterMs } from '../../src/retry-after.js';
import { redactText as redact } from '../../src/redact.js';
import { secretsOf } from '../../tools/verify/verify.js';
import { example } from './fake-upstream.js';

const json = (value: unknown) => JSON.stringify(value);
const JSON_TYPE = 'application/json; charset=utf-8';

describe('one validator', () => {
  it('is the one the tests use: test/support/spec.ts re-exports tools/bundled-spec.ts', () => {
    expect(forTests.validate).toBe(shared.validate);
    expect(forTests.schemaValidator).toBe(shared.schemaValidator);
    expect(forTests.spec).toBe(shared.spec);
    expect(forTests.schemaValidator('RelaySipEndpoint')).toBe(shared.validatorAt('/components/schemas/RelaySipEndpoint'));
  });

  it('finds the declared response of an operation for a status, following $refs', () => {
    expect(shared.responseFor('get_sip_credential', 200)).toEqual({
      key: '200',
      schemaPointer: '/paths/~1api~1fabric~1resources~1sip_endpoints~1{id}/get/responses/200/content/application~1json/schema',
    });
    expect(shared.responseFor('get_sip_credential', 404)).toEqual({ key: '404', schemaPointer: '/components/responses/NotFound/content/application~1json/schema' });
    expect(shared.responseFor('delete_sip_credential', 204)).toEqual({ key: '204', schemaPointer: null });
    expect(shared.responseFor('create_sip_credential', 202)).toBeNull();
  });
});

describe('checkResponse', () => {
  it('passes every success example of the spec, without a warning', () => {
    for (const { operationId, op } of shared.operations()) {
      for (const code of Object.keys(op.responses).filter((c) => c.startsWith('2') && c !== '204')) {
        const result = checkResponse(operationId, Number(code), json(example(operationId as never, Number(code))), JSON_TYPE);
        expect(result.mismatches, `${operationId} ${code}`).toEqual([]);
        expect(result.warnings, `${operationId} ${code}`).toEqual([]);
      }
    }
  });

  it('passes a declared error status with its declared body', () => {
    expect(checkResponse('retrieve_sip_endpoint', 404, json({ error: 'Not Found' }), JSON_TYPE).mismatches).toEqual([]);
    expect(checkResponse('delete_sip_endpoint', 204, '', null).mismatches).toEqual([]);
  });

  it('names an undeclared status with the statuses the operation declares', () => {
    expect(checkResponse('create_sip_endpoint', 202, json(example('create_sip_endpoint')), JSON_TYPE).mismatches).toEqual([
      { operationId: 'create_sip_endpoint', path: '$', pointer: '', keyword: 'status', expected: 'HTTP 200, 201, 400, 401, 413, 422, 429 or 500 (the statuses create_sip_endpoint declares)', got: 'HTTP 202' },
    ]);
  });

  it('reads a nullable enum as one mismatch with both alternatives', () => {
    const body = { ...example('retrieve_sip_endpoint'), call_handler: 'relay_app' };
    const [m, ...rest] = checkResponse('retrieve_sip_endpoint', 200, json(body), JSON_TYPE).mismatches;
    expect(rest).toEqual([]);
    expect(m.path).toBe('$.call_handler');
    expect(m.expected).toBe(
      'one of "relay_context", "relay_topic", "relay_application", "relay_connector", "relay_script", "laml_webhooks", "laml_application", "dialogflow", "video_room", "call_flow", "ai_agent" or type null',
    );
    expect(m.got).toBe('"relay_app"');
  });

  it('names the format, the type and the const that a body breaks', () => {
    const body = example('get_sip_credential');
    body.project_id = 'not-a-uuid';
    body.type = 'subscriber';
    body.sip_endpoint.ciphers = 'AES';
    const found = checkResponse('get_sip_credential', 200, json(body), JSON_TYPE).mismatches.map(({ path, expected, got }) => ({ path, expected, got }));
    expect(found).toEqual([
      { path: '$.project_id', expected: 'format uuid', got: '"not-a-uuid"' },
      { path: '$.type', expected: '"sip_endpoint"', got: '"subscriber"' },
      { path: '$.sip_endpoint.ciphers', expected: 'type array', got: '"AES"' },
    ]);
  });

  it('refuses a body where none is declared, none where one is, and a body that is not JSON', () => {
    expect(checkResponse('delete_sip_endpoint', 204, '{"ok":true}', JSON_TYPE).mismatches[0]).toMatchObject({ path: '$', keyword: 'body', expected: 'no body (HTTP 204 declares none)' });
    expect(checkResponse('retrieve_sip_endpoint', 200, '', JSON_TYPE).mismatches[0]).toMatchObject({ keyword: 'body', got: 'an empty body' });
    const html = checkResponse('retrieve_sip_endpoint', 200, '<html>oops</html>', 'text/html').mismatches;
    expect(html.map((m) => m.keyword)).toEqual(['content-type', 'json']);
    expect(html[0]).toMatchObject({ expected: 'Content-Type application/json', got: 'Content-Type text/html' });
    expect(html[1]).toMatchObject({ expected: 'a JSON body', got: '"<html>oops</html>"' });
  });

  it('reports undocumented fields as warnings, array indices folded and counted', () => {
    const page = example('list_sip_credentials');
    page.data.push(structuredClone(page.data[0]));
    for (const item of page.data) item.sip_endpoint.region = 'us-east';
    page.meta = { total: 2 };
    const { mismatches, warnings } = checkResponse('list_sip_credentials', 200, json(page), JSON_TYPE);
    expect(mismatches).toEqual([]);
    expect(warnings.map(({ path, count, kind }) => ({ path, count, kind }))).toEqual([
      { path: '$.data[*].sip_endpoint.region', count: 2, kind: 'undocumented-field' },
      { path: '$.meta', count: 1, kind: 'undocumented-field' },
    ]);
  });

  it('does not call a field of an open map or a described union undocumented', () => {
    expect(shared.undocumentedFields({ type: 'object', properties: { a: {} }, additionalProperties: { type: 'string' } }, { a: 1, b: 'x' })).toEqual([]);
    expect(shared.undocumentedFields({ oneOf: [{ properties: { a: {} } }, { properties: { b: {} } }] }, { a: 1, b: 2, c: 3 })).toEqual([{ at: ['c'] }]);
    expect(shared.undocumentedFields({ type: 'object' }, { anything: true })).toEqual([]);
  });
});

describe('helpers', () => {
  it('writes JSON paths with indices, identifiers and quoted keys', () => {
    expect(jsonPath('/data/0/sip_endpoint/codecs/1', { data: [{ sip_endpoint: { codecs: ['a', 'b'] } }] })).toBe('$.data[0].sip_endpoint.codecs[1]');
    expect(jsonPath('/a~1b/0', { 'a/b': { 0: 1 } })).toBe('$["a/b"]["0"]');
    expect(jsonPath('', {})).toBe('$');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it('redacts credentials in every form they could be printed in', () => {
    const secrets = secretsOf({ projectId: 'proj-1234', token: 'PT"tok/en' });
    const basic = Buffer.from('proj-1234:PT"tok/en').toString('base64');
    const text = `a proj-1234 b PT"tok/en c ${basic} d PT%22tok%2Fen e ${JSON.stringify('PT"tok/en')}`;
    const out = redact(text, secrets);
    for (const s of ['proj-1234', 'PT"tok/en', basic, 'PT%22tok%2Fen', 'PT\\"tok/en']) expect(out).not.toContain(s);
  });
});
