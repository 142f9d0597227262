// lib/spec: loading and dereferencing documents, listing operations with
// their family, matching concrete paths, and reading schemas the same way
// whichever OpenAPI version wrote them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  BUNDLE_PATH,
  REQUEST_SCHEMA,
  dereferenceDocument,
  escapePointer,
  followRefs,
  fragmentOf,
  keysOfPointer,
  listOperations,
  loadDocument,
  locateInOperation,
  matchPath,
  normalizeSchema,
  pathParameterNames,
  pointerOf,
  resolvePointer,
  responseSchemaKeys,
  templateKey,
  unescapePointer,
  valueAt,
} from '../../lib/spec/index.mjs';
import { listenLoopback, unusedPortUrl, type Loopback } from '../support/loopback.js';
import { operations as bundleOperations, spec } from '../support/spec.js';

const tiny = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/things/{thing_id}': {
      parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'get_thing', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
    },
  },
  components: { schemas: { Thing: { type: 'object', properties: { id: { type: 'string' } } } } },
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sip-spec-module-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadDocument', () => {
  it('reads our bundle and dereferences it, keeping one object per component', async () => {
    const loaded = await loadDocument(BUNDLE_PATH);
    const op = loaded.document.paths['/api/relay/rest/endpoints/sip'].get;
    const schema = op.responses['200'].content['application/json'].schema;
    expect(schema).toBe(loaded.document.components.schemas.RelaySipEndpointList);
    expect(loaded.names.get(schema)).toBe('schemas/RelaySipEndpointList');
    expect(JSON.stringify(loaded.document.paths)).not.toContain('"$ref"');
  });

  it('reads YAML and JSON files alike', async () => {
    writeFileSync(join(dir, 'tiny.yaml'), stringify(tiny));
    writeFileSync(join(dir, 'tiny.json'), JSON.stringify(tiny));
    const [a, b] = await Promise.all([loadDocument(join(dir, 'tiny.yaml')), loadDocument(join(dir, 'tiny.json'))]);
    expect(a.document).toEqual(b.document);
    expect(a.document.paths['/things/{thing_id}'].get.responses['200'].content['application/json'].schema).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
  });

  describe('over http', () => {
    let server: Loopback;
    const hits: string[] = [];
    beforeAll(async () => {
      server = await listenLoopback((req, res) => {
        hits.push(req.url ?? '');
        if (req.url === '/openapi.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(stringify(tiny));
        else if (req.url === '/external.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(stringify({ ...tiny, components: { schemas: { Thing: { $ref: `${server.baseUrl}/more.yaml` } } } }));
        else if (req.url === '/huge.yaml') {
          // Streams until the client hangs up.
          res.writeHead(200, { 'content-type': 'application/yaml' });
          const chunk = Buffer.alloc(64 * 1024, 'a');
          const pump = () => {
            while (res.write(chunk));
            res.once('drain', pump);
          };
          res.on('close', () => res.removeAllListeners('drain'));
          pump();
        } else if (req.url === '/slow.yaml') {
          res.writeHead(200, { 'content-type': 'application/yaml' });
          res.write('openapi: 3.1.0\n');
        } else res.writeHead(404).end('no');
      });
    });
    afterAll(() => server.close());

    it('reads a URL', async () => {
      const loaded = await loadDocument(`${server.baseUrl}/openapi.yaml`);
      expect(listOperations(loaded).map((o) => o.operationId)).toEqual(['get_thing']);
    });

    it('does not follow a $ref to another URL, and says so', async () => {
      await expect(loadDocument(`${server.baseUrl}/external.yaml`)).rejects.toThrow(/external\.yaml: could not load the document/);
      expect(hits).not.toContain('/more.yaml');
    });

    it('stops reading a body past maxBytes, and an answer that never ends after timeoutMs', async () => {
      await expect(loadDocument(`${server.baseUrl}/huge.yaml`, { maxBytes: 1024 * 1024 })).rejects.toThrow(/huge\.yaml: could not load the document \(larger than 1048576 bytes\)/);
      await expect(loadDocument(`${server.baseUrl}/slow.yaml`, { timeoutMs: 300 })).rejects.toThrow(/slow\.yaml: could not load the document \(no complete answer within 300 ms\)/);
    });

    it('fails with the URL in the message on a 404 and on a refused connection', async () => {
      await expect(loadDocument(`${server.baseUrl}/missing.yaml`)).rejects.toThrow(/missing\.yaml: could not load the document/);
      const nobody = await unusedPortUrl();
      await expect(loadDocument(`${nobody}/openapi.yaml`)).rejects.toThrow(/could not load the document/);
    });
  });

  it.each([
    ['a missing file', 'nope.yaml', null, /could not load the document/],
    ['broken YAML', 'broken.yaml', 'openapi: 3.1.0\npaths: {a: [}\n', /could not load the document/],
    ['a YAML list', 'list.yaml', '- 1\n- 2\n', /not an OpenAPI document/],
    ['an object without openapi', 'plain.json', '{"paths": {}}', /not an OpenAPI document/],
    ['an OpenAPI document without paths', 'nopaths.json', '{"openapi": "3.1.0", "info": {}}', /has no `paths` object/],
    ['a $ref to nowhere', 'dangling.json', JSON.stringify({ ...tiny, components: {}, paths: { '/a': { $ref: '#/nowhere' } } }), /could not load the document/],
  ])('refuses %s with a message naming the file', async (_what, name, text, message) => {
    if (text !== null) writeFileSync(join(dir, name), text);
    await expect(loadDocument(join(dir, name))).rejects.toThrow(message);
    await expect(loadDocument(join(dir, name))).rejects.toThrow(name);
  });

  it('dereferences circular schemas without looping', async () => {
    const doc = structuredClone(tiny) as any;
    doc.components.schemas.Thing.properties.parent = { $ref: '#/components/schemas/Thing' };
    const loaded = await dereferenceDocument(doc);
    const thing = loaded.document.components.schemas.Thing;
    expect(thing.properties.parent).toBe(thing);
    expect(doc.components.schemas.Thing.properties.parent).toEqual({ $ref: '#/components/schemas/Thing' });
  });

  it('keeps x-decision written beside a $ref on the dereferenced node', async () => {
    const doc = structuredClone(tiny) as any;
    doc.components.schemas.Thing.properties.id = { $ref: '#/components/schemas/Id', 'x-decision': 'D1' };
    doc.components.schemas.Id = { type: 'string', format: 'uuid' };
    const loaded = await dereferenceDocument(doc);
    expect(loaded.document.components.schemas.Thing.properties.id).toEqual({ type: 'string', format: 'uuid', 'x-decision': 'D1' });
  });
});

describe('listOperations on our bundle', () => {
  let ops: Awaited<ReturnType<typeof listOperations>>;
  beforeAll(async () => {
    ops = listOperations(await loadDocument(BUNDLE_PATH));
  });

  it('lists every operation of the bundle with its operationId, method and path', () => {
    const expected = bundleOperations().map((o) => `${o.method} ${o.path} ${o.operationId}`).sort();
    expect(ops.map((o) => `${o.method} ${o.path} ${o.operationId}`).sort()).toEqual(expected);
  });

  it('gives each operation the family its 422 body states (Relay under /api/relay, Fabric elsewhere), and none without a 422', () => {
    expect(ops.filter((op) => op.responses['422']).length).toBeGreaterThan(0);
    for (const op of ops) {
      const family = !op.responses['422'] ? null : op.path.startsWith('/api/relay/') ? 'relay' : 'fabric';
      expect([op.operationId, op.family]).toEqual([op.operationId, family]);
    }
  });

  it('gives path parameters in template order, and request and response schemas', () => {
    const update = ops.find((o) => o.operationId === 'update_subscriber_sip_credential')!;
    expect(update.pathParameters).toEqual(['fabric_subscriber_id', 'id']);
    expect(update.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual(['fabric_subscriber_id', 'id']);
    expect(update.requestSchema).toBe(spec.components.schemas.FabricUpdateSubscriberSipCredentialRequest ? update.requestBody.content['application/json'].schema : null);
    expect(update.requestSchema.properties.username).toBeDefined();
    expect(Object.keys(update.responses).sort()).toEqual(Object.keys(spec.paths[update.path].patch.responses).sort());
    const remove = ops.find((o) => o.operationId === 'delete_sip_endpoint')!;
    expect(remove.requestSchema).toBeNull();
    expect(remove.responses['204'].schema).toBeNull();
  });

  it('gives null as family when the 422 body is not one of the families', async () => {
    const loaded = await dereferenceDocument(tiny);
    expect(listOperations(loaded)[0].family).toBeNull();
    expect(listOperations(loaded, { families: { Thing: 'things' } })[0].family).toBeNull();
    const with422 = structuredClone(tiny) as any;
    with422.paths['/things/{thing_id}'].get.responses['422'] = { description: 'bad', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } };
    expect(listOperations(await dereferenceDocument(with422), { families: { Thing: 'things' } })[0].family).toBe('things');
  });
});

describe('matchPath', () => {
  let ops: Awaited<ReturnType<typeof listOperations>>;
  beforeAll(async () => {
    ops = listOperations(await loadDocument(BUNDLE_PATH));
  });
  const id = '3b2a1f0e-7d6c-4b5a-9e8f-0a1b2c3d4e5f';

  it.each([
    ['GET', '/api/relay/rest/endpoints/sip', 'list_sip_endpoints', {}],
    ['get', `/api/relay/rest/endpoints/sip/${id}`, 'retrieve_sip_endpoint', { id }],
    ['PUT', `/api/relay/rest/endpoints/sip/${id}?page_size=5#x`, 'update_sip_endpoint', { id }],
    ['GET', `https://example.signalwire.com/api/fabric/resources/sip_endpoints/${id}/addresses`, 'list_sip_credential_addresses', { id }],
    ['PATCH', `/api/fabric/resources/subscribers/${id}/sip_endpoints/${id}`, 'update_subscriber_sip_credential', { fabric_subscriber_id: id, id }],
    ['POST', `/api/fabric/resources/${id}/sip_endpoints`, 'assign_resource_to_sip_credential', { id }],
    // Both templates match; the literal segment wins, as OpenAPI says.
    ['GET', '/api/fabric/resources/sip_endpoints/sip_endpoints', 'get_sip_credential', { id: 'sip_endpoints' }],
    ['POST', '/api/fabric/resources/sip_endpoints/sip_endpoints', 'assign_resource_to_sip_credential', { id: 'sip_endpoints' }],
    ['GET', '/api/relay/rest/endpoints/sip/a%20b%2Fc', 'retrieve_sip_endpoint', { id: 'a b/c' }],
    ['GET', '/api/relay/rest/endpoints/sip/__proto__', 'retrieve_sip_endpoint', { id: '__proto__' }],
  ])('%s %s → %s', (method, path, operationId, params) => {
    const found = matchPath(ops, method, path);
    expect(found?.operation.operationId).toBe(operationId);
    expect(found?.params).toEqual(params);
    expect(Object.getPrototypeOf(found?.params)).toBe(Object.prototype);
  });

  it('finds the operation of every template filled with any segment values, percent-encoded and decoded back', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ops), fc.array(fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }), { minLength: 3, maxLength: 3 }), (op, values) => {
        let i = 0;
        const path = op.path.replace(/\{[^}]*\}/g, () => encodeURIComponent(values[i++]));
        const found = matchPath(ops, op.method, path);
        // A value equal to a literal segment of another template may pick that one (literal first): then it is that path.
        if (found?.operation !== op) {
          expect(found).not.toBeNull();
          expect(found!.operation.method).toBe(op.method);
          expect(found!.operation.template).not.toBe(op.template);
          return;
        }
        expect(Object.values(found.params)).toEqual(values.slice(0, op.pathParameters.length));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['GET', '/api/relay/rest/endpoints/sip/'],
    ['GET', '/api/relay/rest/endpoints/sip//'],
    ['GET', '/api/relay/rest/endpoints/SIP'],
    ['GET', '/api/relay/rest/endpoints'],
    ['PATCH', '/api/relay/rest/endpoints/sip'],
    ['GET', '/api/relay/rest/endpoints/sip/%E0%A4%A'],
    ['GET', ''],
    ['GET', 'http://[::1'],
    ['CONSTRUCTOR', '/api/relay/rest/endpoints/sip'],
  ])('%s %j → no operation', (method, path) => {
    expect(matchPath(ops, method, path)).toBeNull();
  });
});

describe('templates', () => {
  it('blanks parameter names and lists them in order', () => {
    expect(templateKey('/a/{x}/b/{long_name}')).toBe('/a/{}/b/{}');
    expect(pathParameterNames('/a/{x}/b/{long_name}')).toEqual(['x', 'long_name']);
    expect(templateKey('/a/b')).toBe('/a/b');
  });
});

describe('normalizeSchema', () => {
  it.each([
    ['3.0 nullable', { type: 'string', nullable: true }, { types: ['string'], nullable: true }],
    ['3.1 type array', { type: ['string', 'null'] }, { types: ['string'], nullable: true }],
    ['a null branch in anyOf', { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] }, { types: ['string'], nullable: true, format: 'uuid' }],
    ['a null branch in oneOf', { oneOf: [{ type: 'null' }, { type: 'integer' }] }, { types: ['integer'], nullable: true }],
    ['null in an enum', { enum: ['a', null] }, { types: ['string'], nullable: true, enum: ['a'] }],
    ['const', { const: 'x' }, { types: ['string'], nullable: false, enum: ['x'] }],
    ['properties without type', { properties: { a: {} } }, { types: ['object'] }],
    ['items without type', { items: {} }, { types: ['array'] }],
    ['nothing', {}, { types: [], nullable: false, enum: null }],
    ['not an object', 'string', { types: [], nullable: false }],
    ['a default', { type: 'string', default: 'd' }, { hasDefault: true, default: 'd' }],
  ])('reads %s', (_what, schema, expected) => {
    expect(normalizeSchema(schema)).toMatchObject(expected);
  });

  it('merges allOf pieces: properties, required, type', () => {
    const n = normalizeSchema({ allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'integer' } }, required: ['b'] }] });
    expect(n.types).toEqual(['object']);
    expect(Object.keys(n.properties)).toEqual(['a', 'b']);
    expect([...n.required]).toEqual(['a', 'b']);
  });

  it('flattens nested unions, keeping the discriminator and the unions each variant sits in', () => {
    const a = { type: 'object', properties: { kind: { const: 'a' } }, required: ['kind'] };
    const b = { type: 'object', properties: { kind: { const: 'b' } }, required: ['kind'] };
    const inner = { oneOf: [a, b], discriminator: { propertyName: 'kind' } };
    const none = { type: 'object', properties: { name: { type: 'string' } } };
    const outer = { oneOf: [inner, none] };
    const n = normalizeSchema(outer);
    expect(n.variants!.map((v) => v.schema)).toEqual([a, b, none]);
    expect(n.variants![0].unions).toEqual([outer, inner]);
    expect(n.variants![2].unions).toEqual([outer]);
    expect(n.discriminator).toBe('kind');
    expect(n.types).toEqual(['object']);
  });

  it('finds the property every variant fixes when no discriminator is written', () => {
    const n = normalizeSchema({ oneOf: [{ properties: { t: { const: 1 }, x: {} } }, { properties: { t: { const: 2 } } }] });
    expect(n.discriminator).toBe('t');
  });

  it('stops on a schema that contains itself', () => {
    const loop: any = { type: 'object', allOf: [] };
    loop.allOf.push(loop);
    expect(normalizeSchema(loop).types).toEqual(['object']);
  });
});

describe('JSON pointers and the one $ref resolver (src/spec-document.js, re-exported by lib/spec)', () => {
  it.each([
    ['plain', 'plain'],
    ['a/b', 'a~1b'],
    ['c~d', 'c~0d'],
    ['~1', '~01'],
    ['/~', '~1~0'],
    ['', ''],
    ['__proto__', '__proto__'],
  ])('escapes %j as %j and back', (segment, escaped) => {
    expect(escapePointer(segment)).toBe(escaped);
    expect(unescapePointer(escaped)).toBe(segment);
  });

  it('round-trips any keys through a pointer and a fragment', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 6 }), (keys) => {
        expect(keysOfPointer(pointerOf(keys))).toEqual(keys);
        expect(keysOfPointer(fragmentOf(keys))).toEqual(keys);
      }),
    );
  });

  it.each([
    ['', []],
    ['#', []],
    ['/a~1b/c~0d', ['a/b', 'c~d']],
    ['#/a~1b/c%20d', ['a/b', 'c d']],
    // RFC 6901 §6: a fragment is percent-decoded first, so %2F separates like `/`.
    ['#/a%2Fb', ['a', 'b']],
    ['#/a%7E1b', ['a/b']],
    ['/', ['']],
  ])('reads %j as the keys %j', (pointer, keys) => {
    expect(keysOfPointer(pointer)).toEqual(keys);
  });

  it.each([['other.yaml#/x'], ['https://example.com/s.json#/x'], ['a/b'], ['#a'], ['#/%E0%A4%A'], [5], [null], [undefined]])('reads %j as no local pointer (null)', (pointer) => {
    expect(keysOfPointer(pointer)).toBeNull();
  });

  const doc = JSON.parse(
    JSON.stringify({
      components: {
        schemas: {
          'a/b': { type: 'string' },
          'c~d': { type: 'integer' },
          'e f': { type: 'boolean' },
          Alias: { $ref: '#/components/schemas/Chain' },
          Chain: { $ref: '#/components/schemas/a~1b' },
          LoopA: { $ref: '#/components/schemas/LoopB' },
          LoopB: { $ref: '#/components/schemas/LoopA' },
          Remote: { $ref: 'https://example.com/x.json#/y' },
          Nowhere: { $ref: '#/components/schemas/Missing' },
          Annotated: { $ref: '#/components/schemas/c~0d', 'x-decision': 'D1' },
        },
      },
    }),
  );
  // Prototype names as data: JSON.parse makes them own properties.
  const hostile = JSON.parse('{"components":{"schemas":{"__proto__":{"type":"string"},"constructor":{"type":"integer"},"ToProto":{"$ref":"#/components/schemas/__proto__"}}}}');

  it.each([
    ['#/components/schemas/a~1b', { type: 'string' }],
    ['#/components/schemas/c~0d', { type: 'integer' }],
    ['#/components/schemas/e%20f', { type: 'boolean' }],
    ['/components/schemas/e f', { type: 'boolean' }],
    ['#/components/schemas/Alias', { type: 'string' }],
  ])('resolves %j, ~1, ~0 and percent-encoding decoded, $ref chains followed', (pointer, node) => {
    expect(resolvePointer(doc, pointer)).toEqual(node);
  });

  it('says where a $ref chain ends, and stops at a cycle, a remote $ref or a $ref to nowhere', () => {
    expect(followRefs(doc, doc.components.schemas.Alias, { keys: ['components', 'schemas', 'Alias'] })).toEqual({ node: { type: 'string' }, keys: ['components', 'schemas', 'a/b'] });
    const loop = followRefs(doc, doc.components.schemas.LoopA);
    expect(loop.node.$ref).toMatch(/^#\/components\/schemas\/Loop[AB]$/);
    expect(followRefs(doc, doc.components.schemas.Remote, { keys: ['x'] })).toEqual({ node: doc.components.schemas.Remote, keys: ['x'] });
    expect(followRefs(doc, doc.components.schemas.Nowhere)).toEqual({ node: undefined, keys: ['components', 'schemas', 'Missing'] });
    // `keep`: an annotation beside a $ref stays where it is written.
    expect(followRefs(doc, doc.components.schemas.Annotated, { keep: 'x-decision' }).node).toBe(doc.components.schemas.Annotated);
    expect(followRefs(doc, doc.components.schemas.Annotated).node).toEqual({ type: 'integer' });
  });

  it('reads `__proto__` and `constructor` as names, never the prototype', () => {
    expect(resolvePointer(hostile, '#/components/schemas/__proto__')).toEqual({ type: 'string' });
    expect(resolvePointer(hostile, '#/components/schemas/constructor')).toEqual({ type: 'integer' });
    expect(resolvePointer(hostile, '#/components/schemas/ToProto')).toEqual({ type: 'string' });
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(resolvePointer(doc, `#/components/schemas/${name}`), name).toBeUndefined();
      expect(valueAt({}, [name]), name).toBeUndefined();
      expect(followRefs(doc, { $ref: `#/${name}` }).node, name).toBeUndefined();
    }
  });

  it('locates an operation part through the $refs on the way, not the part itself', () => {
    const written = {
      paths: { '/a/{id}': { get: { responses: { '404': { $ref: '#/components/responses/NotFound' }, '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } } },
      components: { responses: { NotFound: { content: { 'application/json': { schema: { type: 'object' } } } } }, schemas: { Thing: { type: 'object' } } },
    };
    expect(locateInOperation(written, 'GET', '/a/{id}', responseSchemaKeys(404))).toEqual(['components', 'responses', 'NotFound', 'content', 'application/json', 'schema']);
    expect(locateInOperation(written, 'get', '/a/{id}', responseSchemaKeys('200'))).toEqual(['paths', '/a/{id}', 'get', 'responses', '200', 'content', 'application/json', 'schema']);
    expect(locateInOperation(written, 'get', '/a/{id}', REQUEST_SCHEMA)).toBeUndefined();
    expect(locateInOperation(written, 'post', '/a/{id}', REQUEST_SCHEMA)).toBeUndefined();
    expect(locateInOperation(written, 'get', '__proto__', responseSchemaKeys(200))).toBeUndefined();
  });

  it('lists the operations of the bundle as written with the same families as the dereferenced bundle', async () => {
    const written = listOperations({ document: spec });
    const dereferenced = listOperations(await dereferenceDocument(spec));
    expect(written.map((o) => [o.operationId, o.family])).toEqual(dereferenced.map((o) => [o.operationId, o.family]));
    expect(written.filter((o) => o.family === null).map((o) => o.operationId)).toEqual(['retrieve_sip_profile']);
    expect(new Set(written.map((o) => o.family))).toEqual(new Set(['relay', 'fabric', null]));
  });
});
