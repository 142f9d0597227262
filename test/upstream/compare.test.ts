// The upstream comparison on small documents written for these tests (never
// SignalWire's text): one per kind of difference, explained and not.
import { describe, expect, it } from 'vitest';
import { dereferenceDocument } from '../../lib/spec/index.mjs';
import { compareDocuments, parseDecisions, summarize, toJson, toMarkdown } from '../../lib/upstream/index.mjs';

const DECISIONS = parseDecisions(['# Decisions', '', '### D1. Colours are a closed list (2026-01-01)', 'text', '', '### D2. Bodies are unions (2026-01-02)', ''].join('\n'));

type Doc = Record<string, any>;

/** Our side: one resource with a list, a get and a create whose body is a flat object. */
function ours(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'ours', version: '1' },
    paths: {
      '/things': {
        get: {
          operationId: 'list_things',
          parameters: [{ name: 'page_size', in: 'query', schema: { type: 'integer', default: 50 } }],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } }, required: ['data'] } } } },
            '401': { description: 'no', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
        post: {
          operationId: 'create_thing',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } } },
          responses: { '201': { description: 'made', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
        },
      },
      '/things/{thing_id}': {
        get: {
          operationId: 'get_thing',
          parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '404': { description: 'no', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'colour'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            colour: { $ref: '#/components/schemas/Colour' },
            note: { type: 'string' },
            size: { type: 'integer' },
          },
        },
        Colour: { type: 'string', enum: ['red', 'green'] },
        NewThing: { type: 'object', required: ['colour'], properties: { colour: { $ref: '#/components/schemas/Colour' }, note: { type: 'string' } } },
        Error: { type: 'object', properties: { error: { type: 'string' } } },
      },
    },
  };
}

/** Upstream starts as our twin; each test changes one thing. */
const upstream = (edit: (doc: Doc) => void = () => {}) => {
  const doc = ours();
  doc.info.title = 'upstream';
  edit(doc);
  return doc;
};

async function compare(mine: Doc, theirs: Doc) {
  const comparison = compareDocuments(await dereferenceDocument(mine, 'ours'), await dereferenceDocument(theirs, 'upstream'), { decisions: DECISIONS });
  return comparison;
}

/** The differences as `[kind, operationId, where, field, ours, upstream]`. */
async function found(mine: Doc, theirs: Doc) {
  const { differences } = await compare(mine, theirs);
  return differences.map((d) => [d.kind, d.operation.operationId, d.where, d.field, d.ours, d.upstream]);
}

describe('compareDocuments', () => {
  it('finds nothing between a document and its twin', async () => {
    const { differences, operations } = await compare(ours(), upstream());
    expect(differences).toEqual([]);
    expect(operations).toEqual({ ours: 3, matched: 3 });
  });

  it('matches path templates whatever their parameters are called, and pairs those parameters', async () => {
    const theirs = upstream((d) => {
      d.paths['/things/{id}'] = d.paths['/things/{thing_id}'];
      delete d.paths['/things/{thing_id}'];
      d.paths['/things/{id}'].get.parameters[0].name = 'id';
    });
    expect(await found(ours(), theirs)).toEqual([]);
  });

  it.each<[string, (d: Doc) => void, unknown[][]]>([
    ['a missing field (we have it, upstream not)', (d) => delete d.components.schemas.Thing.properties.size, [
      ['field-missing', 'list_things', 'response 200', 'data[].size', 'integer', undefined],
      ['field-missing', 'create_thing', 'response 201', 'size', 'integer', undefined],
      ['field-missing', 'get_thing', 'response 200', 'size', 'integer', undefined],
    ]],
    ['an extra field (upstream has it, we not)', (d) => (d.components.schemas.NewThing.properties.weight = { type: 'number' }), [
      ['field-extra', 'create_thing', 'request body', 'weight', undefined, 'number'],
    ]],
    ['an enum widened', (d) => d.components.schemas.Colour.enum.push('blue'), [
      ['enum-widened', 'list_things', 'response 200', 'data[].colour', ['red', 'green'], ['red', 'green', 'blue']],
      ['enum-widened', 'create_thing', 'request body', 'colour', ['red', 'green'], ['red', 'green', 'blue']],
      ['enum-widened', 'create_thing', 'response 201', 'colour', ['red', 'green'], ['red', 'green', 'blue']],
      ['enum-widened', 'get_thing', 'response 200', 'colour', ['red', 'green'], ['red', 'green', 'blue']],
    ]],
    ['an enum narrowed', (d) => (d.components.schemas.NewThing.properties.colour = { type: 'string', enum: ['red'] }), [
      ['enum-narrowed', 'create_thing', 'request body', 'colour', ['red', 'green'], ['red']],
    ]],
    ['an enum dropped upstream', (d) => (d.components.schemas.NewThing.properties.colour = { type: 'string' }), [
      ['enum-widened', 'create_thing', 'request body', 'colour', ['red', 'green'], 'any value'],
    ]],
    ['a required added', (d) => d.components.schemas.NewThing.required.push('note'), [
      ['required-added', 'create_thing', 'request body', 'note', false, true],
    ]],
    ['a required removed', (d) => (d.components.schemas.NewThing.required = []), [
      ['required-removed', 'create_thing', 'request body', 'colour', true, false],
    ]],
    ['a nullable added, the 3.1 way', (d) => (d.components.schemas.NewThing.properties.note = { type: ['string', 'null'] }), [
      ['nullable-added', 'create_thing', 'request body', 'note', false, true],
    ]],
    ['a nullable added, the 3.0 way', (d) => (d.components.schemas.NewThing.properties.note = { type: 'string', nullable: true }), [
      ['nullable-added', 'create_thing', 'request body', 'note', false, true],
    ]],
    ['a nullable added, as a null branch of anyOf', (d) => (d.components.schemas.NewThing.properties.note = { anyOf: [{ type: 'string' }, { type: 'null' }] }), [
      ['nullable-added', 'create_thing', 'request body', 'note', false, true],
    ]],
    ['a status removed', (d) => delete d.paths['/things/{thing_id}'].get.responses['404'], [
      ['status-removed', 'get_thing', 'response 404', '', '404', undefined],
    ]],
    ['a status added', (d) => (d.paths['/things'].post.responses['200'] = d.paths['/things'].post.responses['201']), [
      ['status-added', 'create_thing', 'response 200', '', undefined, '200'],
    ]],
    ['a path missing', (d) => delete d.paths['/things/{thing_id}'], [
      ['path-missing', 'get_thing', 'operation', '', 'GET /things/{thing_id}', undefined],
    ]],
    ['a method missing on a path upstream has', (d) => delete d.paths['/things'].post, [
      ['operation-missing', 'create_thing', 'operation', '', 'POST /things', undefined],
    ]],
    ['a method upstream has on our path', (d) => (d.paths['/things/{id}'] = { ...d.paths['/things/{thing_id}'], delete: { operationId: 'delete_thing', responses: { '204': { description: 'gone' } } } }) && delete d.paths['/things/{thing_id}'], [
      ['operation-extra', 'delete_thing', 'operation', '', undefined, 'DELETE /things/{id}'],
    ]],
    ['an operationId renamed', (d) => (d.paths['/things'].get.operationId = 'list_all_things'), [
      ['operationId', 'list_things', 'operation', '', 'list_things', 'list_all_things'],
    ]],
    ['a parameter gone and one new', (d) => (d.paths['/things'].get.parameters = [{ name: 'limit', in: 'query', schema: { type: 'integer' } }]), [
      ['parameter-missing', 'list_things', 'parameter query page_size', '', 'query page_size', undefined],
      ['parameter-extra', 'list_things', 'parameter query limit', '', undefined, 'query limit'],
    ]],
    ['a parameter made required, its default and format changed', (d) => Object.assign(d.paths['/things'].get.parameters[0], { required: true, schema: { type: 'integer', format: 'int32', default: 20 } }), [
      ['required-added', 'list_things', 'parameter query page_size', '', false, true],
      ['format', 'list_things', 'parameter query page_size', '', undefined, 'int32'],
      ['default', 'list_things', 'parameter query page_size', '', 50, 20],
    ]],
    ['a type changed', (d) => (d.components.schemas.NewThing.properties.note = { type: 'integer' }), [
      ['type', 'create_thing', 'request body', 'note', 'string', 'integer'],
    ]],
    ['a request body gone', (d) => delete d.paths['/things'].post.requestBody, [
      ['body-missing', 'create_thing', 'request body', '', 'JSON body', undefined],
    ]],
    ['a pattern and a length stated upstream', (d) => Object.assign(d.components.schemas.NewThing.properties.note, { pattern: '^[a-z]+$', maxLength: 40 }), [
      ['constraint', 'create_thing', 'request body', 'note', undefined, { pattern: '^[a-z]+$' }],
      ['constraint', 'create_thing', 'request body', 'note', undefined, { maxLength: 40 }],
    ]],
    ['a range on a parameter', (d) => Object.assign(d.paths['/things'].get.parameters[0].schema, { minimum: 1, maximum: 100 }), [
      ['constraint', 'list_things', 'parameter query page_size', '', undefined, { minimum: 1 }],
      ['constraint', 'list_things', 'parameter query page_size', '', undefined, { maximum: 100 }],
    ]],
    ['an item count and uniqueness on a list', (d) => Object.assign(d.paths['/things'].get.responses['200'].content['application/json'].schema.properties.data, { maxItems: 5, uniqueItems: true }), [
      ['constraint', 'list_things', 'response 200', 'data', undefined, { maxItems: 5 }],
      ['constraint', 'list_things', 'response 200', 'data', undefined, { uniqueItems: true }],
    ]],
  ])('reports %s', async (_what, edit, expected) => {
    expect(await found(ours(), upstream(edit))).toEqual(expected);
  });

  it('reports a constraint upstream changes, not one only we state (D159), and reads allOf pieces', async () => {
    const mine = ours();
    Object.assign(mine.components.schemas.NewThing.properties.note, { pattern: '^a', minLength: 1, maxLength: 10 });
    const theirs = upstream((d) => (d.components.schemas.NewThing.properties.note = { allOf: [{ type: 'string', pattern: '^b' }, { maxLength: 10, exclusiveMinimum: 0 }] }));
    expect(await found(mine, theirs)).toEqual([
      ['constraint', 'create_thing', 'request body', 'note', { pattern: '^a' }, { pattern: '^b' }],
      ['constraint', 'create_thing', 'request body', 'note', undefined, { exclusiveMinimum: 0 }],
    ]);
  });

  it('takes fields and statuses named like Object.prototype members as data', async () => {
    const theirs = upstream((d) => {
      Object.defineProperty(d.components.schemas.NewThing.properties, '__proto__', { value: { type: 'string' }, enumerable: true });
      d.components.schemas.NewThing.properties.constructor = { type: 'string' };
      d.components.schemas.NewThing.required.push('__proto__');
      Object.defineProperty(d.paths['/things'].post.responses, '__proto__', { value: { description: 'odd' }, enumerable: true });
    });
    expect(await found(ours(), theirs)).toEqual([
      ['field-extra', 'create_thing', 'request body', '__proto__', undefined, 'string'],
      ['field-extra', 'create_thing', 'request body', 'constructor', undefined, 'string'],
      ['status-added', 'create_thing', 'response __proto__', '', undefined, '__proto__'],
    ]);
  });

  it('reads a 3.1 null branch and a 3.0 nullable as the same thing', async () => {
    const mine = ours();
    mine.components.schemas.NewThing.properties.note = { type: 'string', nullable: true };
    expect(await found(mine, upstream((d) => (d.components.schemas.NewThing.properties.note = { anyOf: [{ type: 'string' }, { type: 'null' }] })))).toEqual([]);
  });

  describe('a union against a flat object', () => {
    /** Our create body as a union of two closed variants discriminated by `colour`, plus one without it. */
    function unionOurs(decision?: string) {
      const doc = ours();
      doc.components.schemas.NewRed = { type: 'object', additionalProperties: false, required: ['colour', 'shade'], properties: { colour: { const: 'red' }, shade: { type: 'string' }, note: { type: 'string' } } };
      doc.components.schemas.NewGreen = { type: 'object', additionalProperties: false, required: ['colour'], properties: { colour: { const: 'green' }, note: { type: 'string' } } };
      doc.components.schemas.NewThing = {
        oneOf: [{ oneOf: [{ $ref: '#/components/schemas/NewRed' }, { $ref: '#/components/schemas/NewGreen' }], discriminator: { propertyName: 'colour' } }, { type: 'object', title: 'no colour', properties: { note: { type: 'string' } } }],
        ...(decision ? { 'x-decision': decision } : {}),
      };
      return doc;
    }
    /** Upstream's flat create body: every field optional, colour an enum. */
    const flat = (d: Doc) => (d.components.schemas.NewThing = { type: 'object', properties: { colour: { type: 'string', enum: ['red', 'green'] }, shade: { type: 'string' }, note: { type: 'string' } } });

    it('says so, then compares each variant with the object, once per difference', async () => {
      const { differences } = await compare(unionOurs(), upstream(flat));
      expect(differences.map((d) => [d.kind, d.where, d.field, d.variants, d.ours, d.upstream])).toEqual([
        ['union-vs-flat', 'request body', '', [], 'oneOf of 3: NewRed, NewGreen, no colour', 'one object'],
        ['required-removed', 'request body', 'colour', ['NewRed', 'NewGreen'], true, false],
        ['required-removed', 'request body', 'shade', ['NewRed'], true, false],
      ]);
      expect(differences.every((d) => !d.explained)).toBe(true);
    });

    it('compares the discriminator values of all variants with the enum upstream', async () => {
      const theirs = upstream((d) => {
        flat(d);
        d.components.schemas.NewThing.properties.colour.enum = ['red', 'green', 'blue'];
      });
      const { differences } = await compare(unionOurs(), theirs);
      expect(differences.filter((d) => d.kind.startsWith('enum')).map((d) => [d.kind, d.field, d.ours, d.upstream, d.variants])).toEqual([
        ['enum-widened', 'colour', ['red', 'green'], ['red', 'green', 'blue'], []],
      ]);
    });

    it('finds a field no variant has, and one that a variant types differently', async () => {
      const theirs = upstream((d) => {
        flat(d);
        d.components.schemas.NewThing.properties.weight = { type: 'number' };
        d.components.schemas.NewThing.properties.shade = { type: 'integer' };
      });
      const { differences } = await compare(unionOurs(), theirs);
      expect(differences.map((d) => [d.kind, d.field, d.variants])).toEqual(
        expect.arrayContaining([
          ['field-extra', 'weight', []],
          ['type', 'shade', ['NewRed']],
        ]),
      );
    });

    it('compares our one object with each variant of an upstream union, and says so', async () => {
      const theirs = upstream((d) => {
        d.components.schemas.NewThing = {
          oneOf: [
            { title: 'Red', type: 'object', required: ['colour'], properties: { colour: { const: 'red' }, note: { type: 'string' } } },
            { title: 'Green', type: 'object', required: ['colour'], properties: { colour: { const: 'green' }, note: { type: 'string' } } },
          ],
        };
      });
      const { differences } = await compare(ours(), theirs);
      expect(differences.map((d) => [d.kind, d.field, d.variants, d.ours, d.upstream])).toEqual([
        ['union-vs-flat', '', [], 'one object', 'oneOf of 2: Red, Green'],
        ['enum-narrowed', 'colour', ['upstream Red'], ['red', 'green'], ['red']],
        ['enum-narrowed', 'colour', ['upstream Green'], ['red', 'green'], ['green']],
      ]);
    });

    it('is explained, variants included, by an x-decision on our union', async () => {
      const { differences } = await compare(unionOurs('D2'), upstream(flat));
      expect(differences.map((d) => [d.kind, d.explained, d.decisions])).toEqual([
        ['union-vs-flat', true, ['D2']],
        ['required-removed', true, ['D2']],
        ['required-removed', true, ['D2']],
      ]);
    });
  });

  describe('explained differences', () => {
    const narrowed = (d: Doc) => (d.components.schemas.NewThing.properties.colour = { type: 'string', enum: ['red'] });

    it('are explained by an x-decision on the property, written beside its $ref', async () => {
      const mine = ours();
      mine.components.schemas.NewThing.properties.colour['x-decision'] = 'D1';
      const { differences } = await compare(mine, upstream(narrowed));
      expect(differences.map((d) => [d.kind, d.field, d.explained, d.decisions])).toEqual([['enum-narrowed', 'colour', true, ['D1']]]);
    });

    it('are explained by an x-decision on the schema a $ref points at, wherever it is used', async () => {
      const mine = ours();
      mine.components.schemas.Colour['x-decision'] = ['D1', 'D2'];
      const theirs = upstream((d) => d.components.schemas.Colour.enum.push('blue'));
      const { differences } = await compare(mine, theirs);
      expect(differences).toHaveLength(4);
      expect(differences.every((d) => d.explained && d.decisions.join() === 'D1,D2')).toBe(true);
    });

    it('of a field being required are not explained by a link on the component its $ref points at', async () => {
      const mine = ours();
      mine.components.schemas.Colour['x-decision'] = 'D1';
      mine.components.schemas.NewThing['x-decision'] = 'D2';
      const theirs = upstream((d) => {
        d.components.schemas.NewThing.required = [];
        d.components.schemas.Colour.enum.push('blue');
      });
      const { differences } = await compare(mine, theirs);
      expect(differences.filter((d) => d.operation.operationId === 'create_thing' && d.where === 'request body').map((d) => [d.kind, d.field, d.decisions])).toEqual([
        ['required-removed', 'colour', ['D2']],
        ['enum-widened', 'colour', ['D1']],
      ]);
      // Written at the property, beside its $ref, the link covers both.
      mine.components.schemas.NewThing.properties.colour['x-decision'] = 'D1';
      const again = await compare(mine, theirs);
      expect(again.differences.filter((d) => d.operation.operationId === 'create_thing' && d.where === 'request body').map((d) => [d.kind, d.field, d.decisions])).toEqual([
        ['required-removed', 'colour', ['D1']],
        ['enum-widened', 'colour', ['D1']],
      ]);
    });

    it('of fields present and required are explained by the object, not its fields\' own values', async () => {
      const mine = ours();
      mine.components.schemas.NewThing['x-decision'] = 'D2';
      const theirs = upstream((d) => {
        d.components.schemas.NewThing.properties.weight = { type: 'number' };
        d.components.schemas.NewThing.required.push('note');
        d.components.schemas.NewThing.properties.note = { type: 'integer' };
      });
      const { differences } = await compare(mine, theirs);
      expect(differences.map((d) => [d.kind, d.field, d.explained])).toEqual([
        ['required-added', 'note', true],
        ['type', 'note', false],
        ['field-extra', 'weight', true],
      ]);
    });

    it('of a parameter are explained by it for presence and required, by its schema for values', async () => {
      const mine = ours();
      mine.paths['/things'].get.parameters[0]['x-decision'] = 'D1';
      const theirs = upstream((d) => Object.assign(d.paths['/things'].get.parameters[0], { required: true, schema: { type: 'integer', format: 'int32', default: 50 } }));
      expect((await compare(mine, theirs)).differences.map((d) => [d.kind, d.decisions])).toEqual([
        ['required-added', ['D1']],
        ['format', []],
      ]);
      mine.paths['/things'].get.parameters[0].schema['x-decision'] = 'D2';
      expect((await compare(mine, theirs)).differences.map((d) => [d.kind, d.decisions])).toEqual([
        ['required-added', ['D1']],
        ['format', ['D2']],
      ]);
    });

    it('of statuses and operationIds are explained by the operation or the response', async () => {
      const mine = ours();
      mine.paths['/things'].get['x-decision'] = 'D1';
      mine.paths['/things/{thing_id}'].get.responses['404']['x-decision'] = 'D2';
      const theirs = upstream((d) => {
        d.paths['/things'].get.operationId = 'list_all_things';
        delete d.paths['/things/{thing_id}'].get.responses['404'];
      });
      const { differences } = await compare(mine, theirs);
      expect(differences.map((d) => [d.kind, d.decisions])).toEqual([
        ['operationId', ['D1']],
        ['status-removed', ['D2']],
      ]);
    });

    it('are not explained by an id DECISIONS.md lacks, which the report names', async () => {
      const mine = ours();
      mine.components.schemas.NewThing.properties.colour['x-decision'] = 'D99';
      const comparison = await compare(mine, upstream(narrowed));
      expect(comparison.differences.map((d) => [d.explained, d.decisions, d.unknownDecisions])).toEqual([[false, [], ['D99']]]);
      expect(toMarkdown(comparison, { ours: 'o', upstream: 'u', decisions: DECISIONS })).toContain('x-decision D99 not in DECISIONS.md');
    });
  });

  it('survives circular schemas on both sides', async () => {
    const mine = ours();
    mine.components.schemas.Thing.properties.parent = { $ref: '#/components/schemas/Thing' };
    const theirs = upstream((d) => {
      d.components.schemas.Thing.properties.parent = { $ref: '#/components/schemas/Thing' };
      d.components.schemas.Thing.properties.size = { type: 'string' };
    });
    const { differences } = await compare(mine, theirs);
    expect(differences.map((d) => [d.kind, d.operation.operationId, d.field])).toEqual([
      ['type', 'list_things', 'data[].size'],
      ['type', 'create_thing', 'size'],
      ['type', 'get_thing', 'size'],
    ]);
  });
});

describe('the report', () => {
  async function report() {
    const mine = ours();
    mine.components.schemas.Colour['x-decision'] = 'D1';
    const theirs = upstream((d) => {
      d.components.schemas.Colour.enum.push('blue');
      delete d.paths['/things/{thing_id}'].get.responses['404'];
      d.components.schemas.NewThing.properties['we|ird'] = { type: 'string', enum: ['a|b'] };
    });
    const comparison = await compare(mine, theirs);
    return { comparison, meta: { ours: 'ours.json', upstream: 'upstream.yaml', decisions: DECISIONS } };
  }

  it('as Markdown: counts by kind, unexplained first, grouped by operation, decisions named', async () => {
    const { comparison, meta } = await report();
    const md = toMarkdown(comparison, meta);
    expect(md).toContain('**6 differences: 2 unexplained, 4 explained by a decision.**');
    expect(md).toContain('| enum-widened | upstream allows values we refuse | 0 | 4 |');
    const unexplained = md.indexOf('## Unexplained');
    const explained = md.indexOf('## Explained');
    expect(unexplained).toBeGreaterThan(-1);
    expect(explained).toBeGreaterThan(unexplained);
    const before = md.slice(unexplained, explained);
    expect(before).toContain('#### `get_thing` GET `/things/{thing_id}`');
    expect(before).toContain('| status-removed | response 404 | 404 | — |');
    expect(before).toContain('| field-extra | request body `we\\|ird` | — | string enum("a\\|b") |');
    expect(md.slice(explained)).toContain('| D1 Colours are a closed list |');
    expect(md).toContain('Decisions cited: D1 (4).');
    // Every table row has as many cells as its header: escaped pipes stay inside their cell.
    let cells = 0;
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      const count = line.replace(/\\\|/g, '').split('|').length;
      if (line.startsWith('| kind |')) cells = count;
      else expect(count).toBe(cells);
    }
  });

  it('as JSON: the same differences, a summary and the exit code', async () => {
    const { comparison, meta } = await report();
    const json = toJson(comparison, meta);
    expect(json.summary).toEqual(summarize(comparison.differences));
    expect(json.summary).toMatchObject({ total: 6, explained: 4, unexplained: 2 });
    expect(json.exitCode).toBe(1);
    expect(json.differences.slice(0, 2).every((d) => !d.explained)).toBe(true);
    expect(json.differences.find((d) => d.explained)?.decisionTitles).toEqual(['Colours are a closed list']);
    expect(JSON.parse(JSON.stringify(json))).toMatchObject({ ours: 'ours.json', upstream: 'upstream.yaml' });
  });

  it('says when nothing differs, and exits 0', async () => {
    const comparison = await compare(ours(), upstream());
    expect(toJson(comparison, { ours: 'a', upstream: 'b', decisions: DECISIONS }).exitCode).toBe(0);
    expect(toMarkdown(comparison, { ours: 'a', upstream: 'b', decisions: DECISIONS })).toContain('**0 differences: 0 unexplained, 0 explained by a decision.**');
  });
});
