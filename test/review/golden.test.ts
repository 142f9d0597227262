// Golden change reports: each case edits a copy of a small fixed API
// (golden/base.yaml, unrelated to openapi/ so spec work never churns these
// files) and compares the Markdown report with golden/<case>.md, committed
// and read by a person. After a deliberate change to the report, rewrite them
// with UPDATE_GOLDEN=1 npx vitest run test/review/golden.test.ts and review
// the diff of golden/*.md before committing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { breakingIntent } from '../../lib/diff/changelog.mjs';
import { compareSpecs } from '../../lib/diff/compare.mjs';
import { renderReport } from '../../lib/diff/report.mjs';

const DIR = 'test/review/golden';
const base = parse(readFileSync(join(DIR, 'base.yaml'), 'utf8'));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });

/** Each case: a file name, an edit, and optionally a setup applied to the base first (both sides have it). */
const CASES: [string, (doc: any) => void, ((doc: any) => void)?][] = [
  ['add-operation', (doc) => {
    doc.paths['/widgets/{id}/codecs'] = {
      get: { operationId: 'list_widget_codecs', summary: 'List the codecs of a widget', tags: ['Widgets'], parameters: [{ $ref: '#/components/parameters/WidgetId' }], responses: { '200': { description: 'The codecs.', content: json({ $ref: '#/components/schemas/CodecList' }) } } },
    };
    doc.components.schemas.CodecList = { type: 'array', items: ref('Codec') };
  }],
  ['remove-operation', (doc) => delete doc.paths['/widgets/{id}'].delete],
  ['add-required-request-field', (doc) => {
    doc.components.schemas.WidgetCreate.properties.owner = { type: 'string' };
    doc.components.schemas.WidgetCreate.required.push('owner');
  }],
  ['add-optional-field', (doc) => (doc.components.schemas.WidgetCreate.properties.label = { type: 'string', maxLength: 64 })],
  ['widen-request-enum', (doc) => doc.components.schemas.Region.enum.push('ap')],
  ['narrow-request-enum', (doc) => (doc.components.schemas.Region.enum = ['us'])],
  ['widen-response-enum', (doc) => doc.components.schemas.HandlerKind.enum.push('ai_agent')],
  ['add-discriminator-mapping', (doc) => {
    doc.components.schemas.WidgetUpdateAgent = { type: 'object', additionalProperties: false, required: ['handler', 'agent_id'], properties: { handler: { const: 'agent' }, agent_id: { type: 'string', format: 'uuid' } } };
    doc.components.schemas.WidgetUpdate.oneOf.push(ref('WidgetUpdateAgent'));
    doc.components.schemas.WidgetUpdate.discriminator.mapping.agent = '#/components/schemas/WidgetUpdateAgent';
  }],
  ['change-description', (doc) => (doc.components.schemas.WidgetCreate.properties.name.description = "The widget's display name, shown in the dashboard next to its codecs and region.")],
  ['change-example', (doc) => (doc.components.examples['widget-create-minimal'].value = { name: 'front desk' })],
  ['rename-schema', (doc) => {
    doc.components.schemas.Problem = doc.components.schemas.Error;
    delete doc.components.schemas.Error;
    doc.components.responses.ValidationFailed.content['application/json'].schema = ref('Problem');
  }],
  ['add-response-status', (doc) => (doc.paths['/widgets'].post.responses['409'] = { description: 'A widget with that name exists.', content: json(ref('Error')) })],
  // Beyond the list: the cases its report got wrong.
  ['shared-component-example', (doc) => {
    doc.components.responses.ValidationFailed.content['application/json'].examples.bad_region = { summary: 'Unknown region', value: { errors: [{ code: 'invalid_value', message: 'region is not one of us, eu' }] } };
  }],
  ['narrow-shared-enum', (doc) => (doc.components.schemas.Codec.enum = ['PCMU', 'OPUS'])],
  ['add-nullable-response-field', (doc) => (doc.components.schemas.Widget.properties.color.type = ['string', 'null'])],
  ['add-required-parameter', (doc) => (doc.paths['/widgets'].get.parameters = [{ name: 'region', in: 'query', required: true, schema: ref('Region') }])],
  ['change-response-field-type', (doc) => (doc.components.schemas.Widget.properties.color = { type: 'integer', description: 'An RGB value.' })],
  ['inline-a-referenced-schema', (doc) => (doc.components.schemas.WidgetCreate.properties.region = { type: 'string', enum: ['us'] })],
  ['add-request-validation', (doc) => (doc.components.schemas.WidgetCreate.properties.name.maxLength = 32)],
  ['add-response-field', (doc) => (doc.components.schemas.Widget.properties.label = { type: 'string' })],
  ['add-extensions', (doc) => {
    doc.components.schemas.Widget.properties.color['x-decision'] = 'D7';
    doc.components.schemas.WidgetCreate['x-decision'] = ['D1', 'D2'];
    doc.components.schemas.WidgetCreate.properties['x-note'] = { type: 'string' };
  }],
  ['deprecate-operation', (doc) => (doc.paths['/widgets/{id}'].delete.deprecated = true)],
  ['add-optional-parameter-component', (doc) => {
    doc.components.parameters.Limit = { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } };
    doc.paths['/widgets'].get.parameters = [{ $ref: '#/components/parameters/Limit' }];
  }],
  // Keywords as property names, and a parameter's boolean `required`, are not sets.
  ['add-properties-named-like-keywords', (doc) => {
    Object.assign(doc.components.schemas.Widget.properties, { type: { type: 'string' }, required: { type: 'boolean' }, enum: { type: 'string' }, examples: { type: 'array', items: { type: 'string' } } });
  }],
  ['make-parameter-optional', (doc) => (doc.components.parameters.WidgetId.required = false)],
  // A path parameter renamed: the URL callers send is the same, the typed client's path key and `params.path` are not.
  ['rename-path-template', (doc) => {
    doc.components.parameters.WidgetId.name = 'widget_id';
    doc.paths['/widgets/{widget_id}'] = doc.paths['/widgets/{id}'];
    delete doc.paths['/widgets/{id}'];
  }],
  // A shared parameter renamed: one entry at the component, not a parameter gone and come per operation.
  ['rename-shared-parameter', (doc) => (doc.components.parameters.Limit.name = 'page_size'), (doc) => {
    doc.components.parameters.Limit = { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } };
    for (const method of ['get', 'post'] as const) doc.paths['/widgets'][method].parameters = [{ $ref: '#/components/parameters/Limit' }];
  }],
  // Constraints that appear or go: api-smart-diff calls an enum on a free request field and a closed request body non-breaking.
  ['limit-request-field-to-enum', (doc) => (doc.components.schemas.WidgetCreate.properties.name.enum = ['desk', 'lobby'])],
  ['lift-response-enum', (doc) => (doc.components.schemas.HandlerKind = { description: 'What handles the widget\'s calls, as answered.', type: 'string' })],
  ['close-request-schema', (doc) => (doc.components.schemas.WidgetCreate.additionalProperties = false), (doc) => delete doc.components.schemas.WidgetCreate.additionalProperties],
  ['open-response-schema', (doc) => delete doc.components.schemas.Widget.additionalProperties],
  ['widen-request-field-type', (doc) => (doc.components.schemas.WidgetCreate.properties.name.type = ['string', 'integer'])],
  ['add-nullable-keyword-response', (doc) => (doc.components.schemas.Widget.properties.color.nullable = true)],
  // Response headers and media types, by name (api-smart-diff says "annotation (headers)" and names a response's media type as the request body's).
  ['remove-response-header', (doc) => delete doc.components.responses.ValidationFailed.headers['Retry-After'], (doc) => {
    doc.components.responses.ValidationFailed.headers = { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } }, 'X-Request-Id': { schema: { type: 'string' } } };
  }],
  ['change-response-media-type', (doc) => {
    const content = doc.paths['/widgets'].get.responses['200'].content;
    content['application/vnd.widgets+json'] = content['application/json'];
    delete content['application/json'];
  }],
  // `__proto__` as a key (as YAML and JSON.parse give it): api-smart-diff's copies lost it, so it went unreported.
  ['add-prototype-named-properties', (doc) => {
    const own = (node: object, key: string, value: unknown) => Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
    own(doc.components.schemas.Widget.properties, '__proto__', { type: 'string' });
    own(doc.components.schemas.WidgetCreate.properties, '__proto__', { type: 'string' });
    doc.components.schemas.WidgetCreate.required.push('__proto__');
    own(doc.components.schemas.WidgetCreate.properties, 'constructor', { $ref: '#/components/schemas/__proto__' });
    own(doc.components.schemas, '__proto__', { type: 'string', enum: ['a'] });
  }],
  // Union members without a discriminator mapping: by direction, like enum values (api-smart-diff: an added answer member breaks).
  ['add-response-union-member', (doc) => doc.components.schemas.Widget.properties.color.oneOf.push({ type: 'integer', description: 'An RGB value.' }), (doc) => {
    doc.components.schemas.Widget.properties.color = { oneOf: [{ type: 'string' }, { $ref: '#/components/schemas/Codec' }] };
  }],
  ['remove-request-variant', (doc) => doc.components.schemas.WidgetUpdate.oneOf.pop()],
  // A required parameter on a path item: one change for every operation under it.
  ['add-required-path-item-parameter', (doc) => (doc.paths['/widgets'].parameters = [{ name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } }])],
  ['rename-tag', (doc) => (doc.tags[0].name = 'Gadgets')],
  ['no-change', () => {}],
];

/** The report for one case, as `npm run diff` prints it (no CHANGELOG entry). */
function report(edit: (doc: any) => void, setup?: (doc: any) => void): string {
  const before = structuredClone(base);
  setup?.(before);
  const after = structuredClone(before);
  edit(after);
  const changes = compareSpecs(before, after);
  const breaking = changes.filter((c) => c.type === 'breaking');
  return renderReport({ base: 'golden/base.yaml', head: 'the edit', changes, intent: breakingIntent('', breaking) }) + '\n';
}

describe('golden change reports', () => {
  it('cover at least the twelve edits of issue 19, each with its committed report', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(CASES.map(([name]) => name)).size).toBe(CASES.length);
  });

  it.each(CASES)('%s', (name, edit, setup) => {
    const file = join(DIR, `${name}.md`);
    const actual = report(edit, setup);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run ${DIR}.test.ts and review it`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('leave the base unedited (the cases edit copies)', () => {
    expect(base).toEqual(parse(readFileSync(join(DIR, 'base.yaml'), 'utf8')));
  });
});
