// The mock against hostile requests: each kind a hurried user, a broken
// form, a proxy or a fuzzer sends. Every request gets a complete answer (its
// Content-Length is the body's length; how fast is `npm run bench -- mock`'s
// job, not a test's), a status
// its operation declares and a body valid against that status's schema (an
// unknown route or method: 404 / 405 in the {error} shape), and the mock
// still answers afterwards.
import { describe, expect, it } from 'vitest';
import { deref, spec } from '../support/spec.js';
import { operation } from '../../tools/bundled-spec.js';
import { AUTH, mockUrl, useMock } from '../support/mock-client.js';
import { answerProblems, rawRequest, socketRequest, type RawRequest } from '../support/raw-http.js';

// The mock these tests talk to, in this worker (test/support/mock-client.ts).
useMock();

const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const SUB = 'd3c4b5a6-7e8f-4a0b-9c1d-2e3f4a5b6c7d';
const R = '/api/relay/rest/endpoints/sip';
const F = '/api/fabric/resources/sip_endpoints';
const S = `/api/fabric/resources/subscribers/${SUB}/sip_endpoints`;
const JSON_TYPE = { 'content-type': 'application/json' };
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

/** The example the spec gives for a Relay GET answer: what a form PUTs back unchanged. */
const relayGetAnswer = deref(operation('retrieve_sip_endpoint').op.responses['200'].content['application/json'].examples.endpoint).value;
const fabricGetAnswer = deref(Object.values<any>(operation('get_sip_credential').op.responses['200'].content['application/json'].examples)[0]).value;
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const ok = (body: Record<string, unknown> = {}) => JSON.stringify({ username: 'desk', password: 'p', ...body });

type Row = { name: string; op: string | null; status: number; request: RawRequest; mockError?: string };
const row = (name: string, op: string | null, status: number, method: string, path: string, extra: Partial<RawRequest> & { mockError?: string } = {}): Row => {
  const { mockError, ...request } = extra;
  return { name, op, status, mockError, request: { method, path, ...request, headers: { authorization: AUTH, ...(request.body !== undefined ? JSON_TYPE : {}), ...request.headers } } };
};

const rows: Row[] = [
  // The three inputs and their kinds.
  row('unknown fields (issue input 1)', 'create_sip_endpoint', 422, 'POST', R, { body: '{"username":"desk","password":"p","x0":0,"x1":1,"x2":2}' }),
  row('camelCase body', 'create_sip_endpoint', 422, 'POST', R, { body: '{"username":"desk","password":"p","callHandler":"video_room","callerId":"Desk"}' }),
  row('a Relay GET answer PUT back unchanged', 'update_sip_endpoint', 422, 'PUT', `${R}/${ID}`, { body: JSON.stringify(relayGetAnswer) }),
  row('a Fabric GET answer PUT back unchanged', 'update_sip_credential', 422, 'PUT', `${F}/${ID}`, { body: JSON.stringify(fabricGetAnswer) }),
  row('200 unknown fields (violations past 8 KB)', 'create_sip_endpoint', 422, 'POST', R, { body: JSON.stringify(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field_${i}`, i]))) }),
  row('trailing slash (issue input 2)', null, 404, 'GET', `${R}/`),
  row('empty segment (issue input 2)', null, 404, 'POST', '/api/fabric/resources//sip_endpoints', { body: ok() }),
  row('trailing slash after an id', null, 404, 'GET', `${F}/${ID}/`),
  row('double slash before an id', null, 404, 'GET', `${R}//${ID}`),
  row('leading double slash', null, 404, 'GET', `/${R}`),
  row('call_handler "constructor" (issue input 3)', 'create_sip_endpoint', 422, 'POST', R, { body: ok({ call_handler: 'constructor' }) }),
  row('call_handler "__proto__"', 'create_sip_credential', 422, 'POST', F, { body: '{"username":"desk","call_handler":"__proto__"}' }),
  row('call_handler "toString" on an update', 'update_sip_credential', 422, 'PUT', `${F}/${ID}`, { body: '{"call_handler":"toString"}' }),
  row('call_handler "hasOwnProperty"', 'update_sip_endpoint', 422, 'PUT', `${R}/${ID}`, { body: '{"call_handler":"hasOwnProperty"}' }),
  row('call_handler a number', 'create_sip_endpoint', 422, 'POST', R, { body: ok({ call_handler: 7 }) }),
  row('call_handler an object', 'create_sip_endpoint', 422, 'POST', R, { body: ok({ call_handler: { constructor: 1 } }) }),
  row('call_handler null', 'update_sip_credential', 422, 'PUT', `${F}/${ID}`, { body: '{"call_handler":null}' }),
  // Routes and methods.
  row('root', null, 404, 'GET', '/'),
  row('a prefix of a route', null, 404, 'GET', '/api/relay/rest/endpoints'),
  row('dot segments, resolved as URLs are (RFC 3986)', 'list_sip_credentials', 200, 'GET', `/api/fabric/resources/subscribers/../sip_endpoints`),
  row('a route with one segment too many', null, 404, 'GET', `${R}/${ID}/extra`),
  row('a path with raw non-ASCII bytes (not HTTP)', null, 400, 'GET', '/api/\u00ff\u00fe', { mockError: 'http' }),
  row('a path with percent-encoded invalid UTF-8', null, 404, 'GET', '/api/%FF%FE/sip'),
  row('PATCH on the Relay collection', null, 405, 'PATCH', R),
  row('DELETE on the Fabric collection', null, 405, 'DELETE', F),
  row('POST on a Relay endpoint', null, 405, 'POST', `${R}/${ID}`),
  row('PUT on a subscriber credential (it takes PATCH)', null, 405, 'PUT', `${S}/${ID}`),
  row('OPTIONS without CORS headers', null, 405, 'OPTIONS', R),
  // Ids and query values.
  row('an id that is not a uuid', 'retrieve_sip_endpoint', 422, 'GET', `${R}/not-a-uuid`),
  // ajv-formats' uuid takes these; SignalWire's ids are bare 8-4-4-4-12 uuids (DECISIONS.md D90).
  row('an id with a urn:uuid: prefix', 'retrieve_sip_endpoint', 422, 'GET', `${R}/urn:uuid:${ID}`),
  row('a Fabric id with a urn:uuid: prefix', 'get_sip_credential', 422, 'GET', `${F}/urn:uuid:${ID}`),
  row('a subscriber id with a urn:uuid: prefix', 'list_subscriber_sip_credentials', 422, 'GET', `/api/fabric/resources/subscribers/urn:uuid:${SUB}/sip_endpoints`),
  row('a resource id with a URN prefix in capitals', 'assign_resource_to_sip_credential', 422, 'POST', `/api/fabric/resources/URN:UUID:${ID}/sip_endpoints`, { body: JSON.stringify({ sip_endpoint_id: SUB }) }),
  row('an id in braces', 'delete_sip_credential', 422, 'DELETE', `${F}/%7B${ID}%7D`),
  row('an id in capitals (uuids are case-insensitive)', 'retrieve_sip_endpoint', 200, 'GET', `${R}/${ID.toUpperCase()}`),
  row('a body id with a urn:uuid: prefix', 'assign_resource_to_sip_credential', 422, 'POST', `/api/fabric/resources/${ID}/sip_endpoints`, { body: JSON.stringify({ sip_endpoint_id: `urn:uuid:${SUB}` }) }),
  row('a resource id with a urn:uuid: prefix on a partial update', 'update_sip_credential', 422, 'PUT', `${F}/${ID}`, { body: JSON.stringify({ calling_handler_resource_id: `urn:uuid:${SUB}` }) }),
  row('a javascript: webhook URL', 'create_sip_endpoint', 422, 'POST', R, { body: ok({ call_handler: 'laml_webhooks', call_request_url: 'javascript:alert(1)' }) }),
  row('an ftp: webhook URL on a partial update', 'update_sip_endpoint', 422, 'PUT', `${R}/${ID}`, { body: JSON.stringify({ call_status_callback_url: 'ftp://example.com/status' }) }),
  row('a webhook URL without a host', 'update_sip_endpoint', 422, 'PUT', `${R}/${ID}`, { body: JSON.stringify({ call_request_url: 'https://' }) }),
  row('a send_as that is not E.164', 'create_subscriber_sip_credential', 422, 'POST', S, { body: ok({ send_as: '555-1234' }) }),
  row('an empty filter, as a blank search form sends it (D95)', 'list_sip_endpoints', 200, 'GET', `${R}?filter_username=&filter_caller_id=`),
  row('a fractional page size', 'list_sip_endpoints', 422, 'GET', `${R}?page_size=1.5`),
  row('malformed percent-encoding in an id', 'get_sip_credential', 422, 'GET', `${F}/%E0%A4%A`),
  row('percent-encoded invalid UTF-8 in an id', 'delete_sip_credential', 422, 'DELETE', `${F}/%C3%28`),
  row('percent-encoding that is not hex', 'delete_sip_endpoint', 422, 'DELETE', `${R}/%ZZ`),
  row('an encoded NUL in an id', 'get_sip_credential', 422, 'GET', `${F}/${ID}%00`),
  row('a 10 000-character id', 'retrieve_sip_endpoint', 422, 'GET', `${R}/${'a'.repeat(10_000)}`),
  row('malformed percent-encoding in a query', 'list_sip_endpoints', 422, 'GET', `${R}?page_size=%ZZ`),
  row('a repeated query parameter', 'list_sip_endpoints', 422, 'GET', `${R}?page_size=1&page_size=2`),
  row('a 1000-digit page size', 'list_sip_credentials', 422, 'GET', `${F}?page_size=${'9'.repeat(1000)}`),
  row('a __proto__ query parameter', 'list_sip_endpoints', 200, 'GET', `${R}?__proto__=1&constructor=2`),
  row('a negative page number', 'list_sip_endpoints', 422, 'GET', `${R}?page_number=-1`),
  // Credentials.
  row('no credentials', 'list_sip_credentials', 401, 'GET', F, { headers: { authorization: '' } }),
  row('an empty user', 'list_sip_credentials', 401, 'GET', F, { headers: { authorization: basic(':token') } }),
  row('an empty token', 'list_sip_endpoints', 401, 'GET', R, { headers: { authorization: basic('project:') } }),
  row('no colon at all', 'list_sip_endpoints', 401, 'GET', R, { headers: { authorization: basic('project') } }),
  row('a token with a colon (RFC 7617)', 'list_sip_endpoints', 200, 'GET', R, { headers: { authorization: basic('project:tok:en') } }),
  row('a Bearer token', 'list_sip_credentials', 401, 'GET', F, { headers: { authorization: 'Bearer abc' } }),
  row('Basic with no credentials', 'list_sip_credentials', 401, 'GET', F, { headers: { authorization: 'Basic' } }),
  row('Basic with text that is not base64', 'list_sip_credentials', 401, 'GET', F, { headers: { authorization: 'Basic !!!' } }),
  // Bodies that are not JSON.
  row('an unterminated object', 'create_sip_endpoint', 400, 'POST', R, { body: '{"username":' }),
  row('an unquoted key', 'create_sip_credential', 400, 'POST', F, { body: '{username: "desk"}' }),
  row('a trailing comma', 'update_sip_endpoint', 400, 'PUT', `${R}/${ID}`, { body: '{"caller_id":"x",}' }),
  row('two JSON values', 'update_sip_credential', 400, 'PUT', `${F}/${ID}`, { body: '{} {}' }),
  row('invalid UTF-8 bytes in a string', 'create_sip_endpoint', 400, 'POST', R, { body: Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"p"}')]) }),
  row('text/plain', 'create_sip_credential', 400, 'POST', F, { body: ok(), headers: { 'content-type': 'text/plain' } }),
  row('a form post', 'create_sip_endpoint', 400, 'POST', R, { body: 'username=desk&password=p', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  row('a chunked body that is not JSON', 'create_subscriber_sip_credential', 400, 'POST', S, { body: '{"username"', chunked: true }),
  // JSON that is not a body the operation takes.
  row('no body on a create', 'create_sip_endpoint', 422, 'POST', R, { headers: { 'content-type': 'application/json' } }),
  row('null', 'create_sip_credential', 422, 'POST', F, { body: 'null' }),
  row('an array', 'create_sip_endpoint', 422, 'POST', R, { body: '[]' }),
  row('a string', 'assign_resource_to_sip_credential', 422, 'POST', `/api/fabric/resources/${ID}/sip_endpoints`, { body: '"text"' }),
  row('a number', 'update_subscriber_sip_credential', 422, 'PATCH', `${S}/${ID}`, { body: '0' }),
  row('10 000 nested arrays', 'create_sip_endpoint', 422, 'POST', R, { body: nested(10_000) }),
  row('a field nested 5 000 deep', 'create_sip_credential', 422, 'POST', F, { body: `{"username":"desk","caller_id":${nested(5_000)}}` }),
  // Many values: Prism reports every oneOf branch of each, so its time grows with them; past 1 000 values a body is refused before it.
  row('100 000 codecs that are not codecs', 'create_sip_endpoint', 422, 'POST', R, { body: ok({ codecs: Array(100_000).fill('NOPE') }) }),
  row('60 000 unknown fields', 'update_sip_endpoint', 422, 'PUT', `${R}/${ID}`, { body: JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 0]))) }),
  row('990 codecs that are not codecs (under the limit, validated)', 'create_sip_credential', 422, 'POST', F, { body: ok({ codecs: Array(990).fill('NOPE') }) }),
  row('a __proto__ key', 'create_sip_endpoint', 422, 'POST', R, { body: '{"__proto__":{"call_handler":"video_room"},"username":"desk","password":"p"}' }),
  row('a constructor key', 'create_sip_credential', 422, 'POST', F, { body: '{"username":"desk","constructor":{"prototype":1}}' }),
  row('duplicate keys, the last valid', 'create_sip_endpoint', 200, 'POST', R, { body: '{"username":"a b","username":"desk","password":"p"}' }),
  row('duplicate keys, the last invalid', 'create_sip_endpoint', 422, 'POST', R, { body: '{"username":"desk","username":"a b","password":"p"}' }),
  row('a username of 100 000 characters', 'create_sip_credential', 200, 'POST', F, { body: JSON.stringify({ username: 'u'.repeat(100_000), password: 'p' }) }),
  row('a username with white space', 'create_sip_credential', 422, 'POST', F, { body: '{"username":"desk one","password":"p"}' }),
  row('a body of 900 KB', 'create_sip_endpoint', 422, 'POST', R, { body: ok({ caller_id: 'c'.repeat(900_000), extra: 1 }) }),
  row('a BOM before valid JSON', 'create_sip_credential', 200, 'POST', F, { body: `\ufeff${JSON.stringify({ username: 'desk', password: 'p' })}` }),
  row('a body on a GET (ignored)', 'list_sip_endpoints', 200, 'GET', R, { body: '{not json' }),
  row('a body over the limit (2 MB)', 'create_sip_endpoint', 413, 'POST', R, { body: ok({ caller_id: 'x'.repeat(2 * 1024 * 1024) }) }),
  row('a chunked body over the limit', 'update_sip_credential', 413, 'PUT', `${F}/${ID}`, { body: 'x'.repeat(3 * 1024 * 1024), chunked: true }),
  // Bodies an operation that takes none ignores, whatever their size (its declared statuses have no 413 or 422).
  row('a body over the limit on a GET that declares no 413 or 422 (ignored)', 'retrieve_sip_profile', 200, 'GET', '/api/relay/rest/sip_profile', { body: 'x'.repeat(2 * 1024 * 1024) }),
  row('a chunked body over the limit on a DELETE (ignored)', 'delete_sip_credential', 204, 'DELETE', `${F}/${ID}`, { body: 'x'.repeat(3 * 1024 * 1024), chunked: true }),
  // Expect: Node would answer an expectation other than 100-continue with a bare 417.
  row('Expect: 100-continue', 'create_sip_credential', 200, 'POST', F, { body: ok(), headers: { expect: '100-continue' } }),
  row('an unknown Expect (ignored)', 'create_sip_endpoint', 200, 'POST', R, { body: ok(), headers: { expect: 'something-else' } }),
  // Content-Type variants of JSON.
  row('JSON with a charset', 'create_sip_endpoint', 200, 'POST', R, { body: ok(), headers: { 'content-type': 'application/json; charset=utf-8' } }),
  row('JSON in capitals', 'update_sip_credential', 200, 'PUT', `${F}/${ID}`, { body: '{"caller_id":"Desk"}', headers: { 'content-type': 'Application/JSON' } }),
  row('merge-patch JSON on a PATCH', 'update_subscriber_sip_credential', 200, 'PATCH', `${S}/${ID}`, { body: '{"caller_id":"Desk"}', headers: { 'content-type': 'application/merge-patch+json' } }),
  // Prefer.
  row('an unknown example', 'list_sip_endpoints', 422, 'GET', R, { headers: { prefer: 'example=nope' }, mockError: 'prefer' }),
  row('an undeclared code', 'list_sip_credentials', 422, 'GET', F, { headers: { prefer: 'code=418' }, mockError: 'prefer' }),
  row('a code that is not a number', 'get_sip_credential', 422, 'GET', `${F}/${ID}`, { headers: { prefer: 'code=abc' }, mockError: 'prefer' }),
  row('404 on an operation without an id', 'list_sip_endpoints', 422, 'GET', R, { headers: { prefer: 'code=404' }, mockError: 'prefer' }),
  row('a declared code with an unknown example', 'get_sip_credential', 422, 'GET', `${F}/${ID}`, { headers: { prefer: 'code=200, example=nope' }, mockError: 'prefer' }),
];

describe('hostile requests', () => {
  it('has at least 60 rows', () => expect(rows.length).toBeGreaterThanOrEqual(60));

  it.each(rows)('$name: $status, whole, declared, in its schema', async ({ op, status, request, mockError }) => {
    const answer = await rawRequest(mockUrl(), request);
    expect(Number(answer.headers['content-length'] ?? 0)).toBe(Buffer.byteLength(answer.text));
    expect(answer.status, answer.text.slice(0, 500)).toBe(status);
    expect(answerProblems(op, answer)).toEqual([]);
    if (mockError) expect(answer.headers['x-mock-error']).toBe(mockError);
    if (status === 405) expect(answer.headers.allow).toMatch(/^[A-Z]+(, [A-Z]+)*$/);
  });

  it('still answers afterwards', async () => {
    const answer = await rawRequest(mockUrl(), { method: 'GET', path: F, headers: { authorization: AUTH } });
    expect(answer.status).toBe(200);
    expect(answerProblems('list_sip_credentials', answer)).toEqual([]);
  });
});

/** Requests `http.request` will not send, written to the socket as they are; Node would answer some of them itself, with no body. */
const socketRows: Array<{ name: string; status: number; bytes: string; allow?: string; mockError?: string }> = [
  { name: 'CONNECT on a route', status: 405, bytes: `CONNECT ${R} HTTP/1.1\r\nhost: x\r\nauthorization: ${AUTH}\r\n\r\n`, allow: 'GET, POST', mockError: 'method' },
  { name: 'CONNECT to an authority (a proxy request)', status: 404, bytes: 'CONNECT 127.0.0.1:443 HTTP/1.1\r\nhost: 127.0.0.1:443\r\n\r\n', mockError: 'no-route' },
  { name: 'HTTP/1.1 without Host', status: 400, bytes: `GET ${R} HTTP/1.1\r\nauthorization: ${AUTH}\r\n\r\n`, mockError: 'http' },
  { name: 'two different Content-Lengths', status: 400, bytes: `POST ${R} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}`, mockError: 'http' },
  { name: 'Content-Length beside chunked', status: 400, bytes: `POST ${R} HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`, mockError: 'http' },
  { name: 'a lower-case method', status: 400, bytes: `get ${R} HTTP/1.1\r\nhost: x\r\n\r\n`, mockError: 'http' },
  { name: 'HTTP/1.0 without Host', status: 200, bytes: `GET ${R} HTTP/1.0\r\nauthorization: ${AUTH}\r\n\r\n` },
];

describe('hostile requests on the socket', () => {
  it.each(socketRows)('$name: $status, whole, in the {error} shape', async ({ status, bytes, allow, mockError }) => {
    const answer = await socketRequest(mockUrl(), bytes);
    expect(Number(answer.headers['content-length'] ?? 0)).toBe(Buffer.byteLength(answer.text));
    expect(answer.status, answer.text.slice(0, 300)).toBe(status);
    expect(answerProblems(status === 200 ? 'list_sip_endpoints' : null, answer)).toEqual([]);
    if (allow) expect(answer.headers.allow).toBe(allow);
    if (mockError) expect(answer.headers['x-mock-error']).toBe(mockError);
  });

  it('still answers afterwards', async () => {
    const answer = await rawRequest(mockUrl(), { method: 'GET', path: R, headers: { authorization: AUTH } });
    expect(answer.status).toBe(200);
  });
});

describe('the issue inputs, answered in words', () => {
  it('unknown fields are named one by one in the Relay shape', async () => {
    const { json } = await rawRequest(mockUrl(), rows[0].request);
    expect(json).toEqual({
      errors: ['x0', 'x1', 'x2'].map((f) => ({ detail: `${f} is not allowed`, status: '422', title: 'Unknown Attribute', code: '422' })),
    });
  });

  it('a handler named like an Object.prototype member is an unknown handler', async () => {
    const { json } = (await rawRequest(mockUrl(), rows.find((r) => r.name.startsWith('call_handler "__proto__"'))!.request)) as { json: any };
    expect(json.errors).toEqual([
      {
        type: 'validation_error',
        code: 'invalid_parameter_value',
        message: 'call_handler "__proto__" is not allowed here; allowed values: default, passthrough, block-pstn, resource',
        attribute: 'call_handler',
        url: 'https://developer.signalwire.com/rest/overview/error-codes',
      },
    ]);
  });

  it('a pattern is said in the words of the schema (x-violation-messages), not as a regex', async () => {
    const { json } = (await rawRequest(mockUrl(), rows.find((r) => r.name === 'a username with white space')!.request)) as { json: any };
    expect(json.errors.map((e: any) => e.message)).toEqual(['username must not contain white space or @']);
    expect(spec.components.schemas.SipUsername['x-violation-messages'].pattern).toBe('must not contain white space or @');
  });

  it('a rule of one handler names the handler', async () => {
    const { json } = (await rawRequest(mockUrl(), {
      method: 'PUT',
      path: `${F}/${ID}`,
      headers: { authorization: AUTH, ...JSON_TYPE },
      body: JSON.stringify({ call_handler: 'passthrough', calling_handler_resource_id: ID }),
    })) as { json: any };
    expect(json.errors.map((e: any) => e.message)).toEqual(['calling_handler_resource_id must be null when call_handler is passthrough']);
  });

  it('a body that is not JSON says where it breaks', async () => {
    const answer = await rawRequest(mockUrl(), rows.find((r) => r.name === 'an unquoted key')!.request);
    expect(answer.json).toEqual({
      error: "Bad Request: the request body is not valid JSON (Expected property name or '}', at line 1, column 2)",
      reason: "Expected property name or '}'",
      position: 1,
    });
  });

  it('a body with more values than any body of the API is refused in the family shape, before validation', async () => {
    const { json } = (await rawRequest(mockUrl(), rows.find((r) => r.name.startsWith('100 000 codecs'))!.request)) as { json: any };
    expect(json).toEqual({
      errors: [{ detail: 'body has more than 1000 values (fields and list items, at any depth), more than any body of this API; the mock does not validate it', status: '422', title: 'Invalid Attribute', code: '422' }],
    });
  });

  it('sl-violations stays JSON however many violations there are', async () => {
    const answer = await rawRequest(mockUrl(), rows.find((r) => r.name.startsWith('200 unknown fields'))!.request);
    const header = String(answer.headers['sl-violations']);
    expect(header.length).toBeLessThanOrEqual(8_000);
    expect(Array.isArray(JSON.parse(header))).toBe(true);
  });

  it('an unknown Prefer lists what the operation declares', async () => {
    const { json } = (await rawRequest(mockUrl(), rows.find((r) => r.name === 'an unknown example')!.request)) as { json: any };
    expect(json.errors[0].detail).toContain('mock: Prefer example="nope" is not an example of list_sip_endpoints');
    expect(json.errors[0].detail).toContain('200 (examples: page, empty)');
  });

  it('a dropped connection mid-body leaves the mock serving', async () => {
    const { hostname, port } = new URL(mockUrl());
    const net = await import('node:net');
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(`POST ${R} HTTP/1.1\r\nhost: x\r\nauthorization: ${AUTH}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"user`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    const answer = await rawRequest(mockUrl(), { method: 'GET', path: R, headers: { authorization: AUTH } });
    expect(answer.status).toBe(200);
  });
});
