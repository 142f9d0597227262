// The change report on the real spec: each test edits a scratch copy of the
// bundle and checks the entries, or runs `npm run diff` in a scratch git
// repository the way a contributor would, or compares two commits of this
// repository's own history. The report's wording per kind of edit is held by
// the golden reports (golden.test.ts).
// Cost: each comparison of the real spec takes api-smart-diff about a second
// of CPU, so an edit that two tests check is compared once (`changesAfter`
// keeps the result per edit). A real process runs only where the process is
// what is tested (exit 1 and the wording of `npm run diff`, `npm run
// diff:report` with $GITHUB_STEP_SUMMARY, exit 2 on a bad ref); the other
// runs call lib/diff/cli.mjs `main` in this process, as scripts/diff.mjs does.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakingIntent, brokenEndpoints, unreleasedBreaking } from '../../lib/diff/changelog.mjs';
import { parse } from 'yaml';
import { bundleRef, bundleWorkingTree } from '../../lib/diff/bundle-source.mjs';
import { main, parseArgs } from '../../lib/diff/cli.mjs';
import { compareSpecs, withoutUnchangedParts, type Entry } from '../../lib/diff/compare.mjs';
import { renderReport } from '../../lib/diff/report.mjs';
import { spec } from '../support/spec.js';

const compared = new Map<(doc: any) => void, Entry[]>();
/** The changes between the bundle and a copy of it edited by `edit`, compared once per edit (the entries are only read). */
function changesAfter(edit: (doc: any) => void): Entry[] {
  if (!compared.has(edit)) {
    const after = structuredClone(spec);
    edit(after);
    compared.set(edit, compareSpecs(spec, after));
  }
  return compared.get(edit)!;
}

/** Edits that more than one test checks. */
const dropG729 = (doc: any) => {
  doc.components.schemas.Codec.enum = doc.components.schemas.Codec.enum.filter((codec: string) => codec !== 'G729');
};
const requireCallerId = (doc: any) => doc.components.schemas.RelayCreateVideoRoom.required.push('caller_id');

const RELAY_CREATE = 'POST /api/relay/rest/endpoints/sip';
const FABRIC_LIST = 'GET /api/fabric/resources/sip_endpoints';

describe('the API diff on the real spec', () => {
  it('reports a codec removed from the shared Codec enum once, as breaking for requests and answers, with every operation it reaches', () => {
    const changes = changesAfter(dropG729);
    expect(changes).toHaveLength(1);
    const [change] = changes;
    expect(change).toMatchObject({ type: 'breaking', change: 'Removed enum value `G729`', subject: 'schema `Codec`', location: '$.components.schemas.Codec.enum' });
    expect(change.effects.map((e) => [e.direction, e.type])).toEqual([['request', 'breaking'], ['response', 'breaking']]);
    expect(change.operations).toContainEqual({ endpoint: RELAY_CREATE, parts: ['request body', 'response 200', 'response 201'] });
    // A list only answers codecs: it is reached by the answer, not a request.
    expect(change.operations).toContainEqual({ endpoint: FABRIC_LIST, parts: ['response 200'] });
    // Relay, Fabric and subscriber credentials: list, create, get, update each; the SIP profile update (request).
    expect(change.operations).toContainEqual({ endpoint: 'PUT /api/relay/rest/sip_profile', parts: ['request body'] });
    expect(change.operations).toHaveLength(13);
    expect(new Set(change.operations.map((o) => o.endpoint)).size).toBe(13);
  });

  it('reports a value added to the shared Codec enum as additive for requests and as breaking exhaustive consumers of answers', () => {
    const changes = changesAfter((doc) => doc.components.schemas.Codec.enum.push('L16'));
    expect(changes.map((c) => [c.type, c.change])).toEqual([['exhaustive', 'Added enum value `L16`']]);
    expect(changes[0].effects.map((e) => [e.direction, e.type])).toEqual([['request', 'non-breaking'], ['response', 'exhaustive']]);
    expect(changes[0].effects[1].reason).toContain('exhaustively');
  });

  it('reports an optional field made required in a request-only variant as breaking requests only', () => {
    const changes = changesAfter(requireCallerId);
    expect(changes).toEqual([
      {
        type: 'breaking',
        change: 'Made `caller_id` required',
        subject: 'schema `RelayCreateVideoRoom`',
        location: '$.components.schemas.RelayCreateVideoRoom.required',
        effects: [{ direction: 'request', type: 'breaking', reason: 'callers that omit the field are refused' }],
        operations: [{ endpoint: RELAY_CREATE, parts: ['request body'] }],
      },
    ]);
  });

  it('reports a removed operation once, under its own path', () => {
    const changes = changesAfter((doc) => delete doc.paths['/api/fabric/resources/sip_endpoints/{id}/addresses']);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      type: 'breaking',
      change: 'Removed operation `list_sip_credential_addresses`',
      location: "$.paths['/api/fabric/resources/sip_endpoints/{id}/addresses'].get",
      operations: [{ endpoint: 'GET /api/fabric/resources/sip_endpoints/{id}/addresses', parts: ['operation'] }],
    });
  });

  it('reports a removed discriminator mapping key, which api-smart-diff alone leaves unclassified, as breaking', () => {
    const changes = changesAfter((doc) => delete doc.components.schemas.FabricUpdateWithHandler.discriminator.mapping['block-pstn']);
    expect(changes).toEqual([
      expect.objectContaining({
        type: 'breaking',
        change: 'Removed discriminator mapping `block-pstn` → `FabricUpdateBlockPstn`',
        location: "$.components.schemas.FabricUpdateWithHandler.discriminator.mapping['block-pstn']",
        operations: [{ endpoint: 'PUT /api/fabric/resources/sip_endpoints/{id}', parts: ['request body'] }],
      }),
    ]);
  });

  it('reports a renamed operationId, which typed clients are keyed by, as breaking', () => {
    const changes = changesAfter((doc) => (doc.paths['/api/fabric/resources/sip_endpoints'].get.operationId = 'list_sip_endpoints_fabric'));
    expect(changes.filter((c) => c.type === 'breaking').map((c) => [c.change, c.location])).toEqual([
      ['Renamed operationId `list_sip_credentials` → `list_sip_endpoints_fabric`', "$.paths['/api/fabric/resources/sip_endpoints'].get.operationId"],
    ]);
  });

  it('reports an optional field as one non-breaking change', () => {
    const changes = changesAfter((doc) => {
      doc.components.schemas.RelayCreateVideoRoom.properties.call_video_room_label = { type: 'string', description: 'A label.' };
    });
    expect(changes.map((c) => [c.type, c.change, c.subject])).toEqual([['non-breaking', 'Added property `call_video_room_label`', 'schema `RelayCreateVideoRoom`']]);
  });

  it('names an added example by its name, as an annotation', () => {
    const changes = changesAfter((doc) => {
      doc.paths['/api/relay/rest/endpoints/sip'].post.requestBody.content['application/json'].examples.minimal = { summary: 'Only the credentials', value: { username: 'desk', password: 's3cret-Passw0rd' } };
    });
    expect(changes.map((c) => [c.type, c.change, c.location])).toEqual([
      ['annotation', 'Added example `minimal`', "$.paths['/api/relay/rest/endpoints/sip'].post.requestBody.content['application/json'].examples.minimal"],
    ]);
  });

  it('names an added tag by its name', () => {
    const changes = changesAfter((doc) => doc.tags.push({ name: 'Extra tag', description: 'More.' }));
    expect(changes.map((c) => [c.type, c.change])).toEqual([['annotation', 'Added tag `Extra tag`']]);
  });

  it('reports nothing for an unchanged document', () => {
    expect(changesAfter(() => {})).toEqual([]);
  });

  it('survives documents with prototype names and odd values as keys', () => {
    const changes = changesAfter((doc) => {
      doc.components.schemas.constructor = { type: 'object', properties: { __proto__: { type: 'string' }, toString: { type: 'string' } } };
      doc.components.schemas.RelayCreateVideoRoom.properties.hasOwnProperty = { type: 'string' };
    });
    expect(changes.map((c) => c.change).sort()).toEqual(['Added property `hasOwnProperty`', 'Added schema `constructor`']);
  });
});

// What compareSpecs leaves out of api-smart-diff's crawl: the path items and
// components the same on both sides that nothing changed reaches (DECISIONS.md
// D139). Its findings are the same either way (checked on random edits when it
// was written); these tests hold what is left out, and that nothing is when it
// cannot tell.
describe('the parts the comparison leaves out', () => {
  const paths = (doc: any) => Object.keys(doc.paths);

  it('keeps the operations and components a change reaches, and the reach the entries report', () => {
    const after = structuredClone(spec);
    dropG729(after);
    const [base, next] = withoutUnchangedParts(spec, after);
    expect(paths(base)).toEqual(paths(next));
    // Every endpoint the entry names is in a path item kept.
    const endpoints = changesAfter(dropG729)[0].operations.map((o) => o.endpoint.split(' ')[1]);
    expect(new Set(endpoints)).toEqual(new Set(paths(base)));
    // The addresses and assignment routes never reach Codec.
    expect(paths(base)).not.toContain('/api/fabric/resources/sip_endpoints/{id}/addresses');
    expect(paths(base)).not.toContain('/api/fabric/resources/{id}/phone_routes');
    expect(base.components.schemas).toHaveProperty('Codec');
    expect(base.components.schemas).toHaveProperty('CodecList');
    expect(Object.keys(base.components.schemas).length).toBeLessThan(Object.keys(spec.components.schemas).length);
    // The security schemes stay whole: requirements name them without a $ref.
    expect(base.components.securitySchemes).toBe(spec.components.securitySchemes);
    // The documents given are not changed.
    expect(paths(spec)).toHaveLength(10);
    expect(after.components.schemas).toEqual(expect.objectContaining({ Codec: expect.anything() }));
  });

  it('leaves out every path item and component when only tags changed', () => {
    const after = structuredClone(spec);
    after.tags.push({ name: 'Extra tag', description: 'More.' });
    const [base, next] = withoutUnchangedParts(spec, after);
    expect([paths(base), paths(next), Object.keys(base.components.schemas), Object.keys(next.components.examples)]).toEqual([[], [], [], []]);
    expect(next.tags).toBe(after.tags);
  });

  it.each([
    ['servers changed', (doc: any) => doc.servers.push({ url: 'https://example.invalid' })],
    ['security changed', (doc: any) => (doc.security = [])],
    ['a $ref outside the document', (doc: any) => (doc.components.schemas.Codec = { $ref: 'https://example.invalid/codec.yaml' })],
    ['a $ref that is no JSON pointer', (doc: any) => (doc.components.schemas.Codec = { $ref: '#codec' })],
  ])('leaves out nothing when %s', (_name, edit) => {
    const after = structuredClone(spec);
    edit(after);
    const [base, next] = withoutUnchangedParts(spec, after);
    expect(base).toBe(spec);
    expect(next).toBe(after);
  });

  it('follows $ref cycles and discriminator mappings to what changed', () => {
    const doc = (label: string) => ({
      openapi: '3.1.0',
      paths: {
        '/a': { get: { responses: { '200': { description: 'A', content: { 'application/json': { schema: { $ref: '#/components/schemas/Tree' } } } } } } },
        '/b': { put: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pick' } } } }, responses: { '204': { description: 'B' } } } },
        '/c': { get: { responses: { '204': { description: 'C' } } } },
      },
      components: {
        schemas: {
          Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
          Node: { type: 'object', properties: { tree: { $ref: '#/components/schemas/Tree' }, leaf: { $ref: '#/components/schemas/Leaf' } } },
          Leaf: { type: 'string', description: label },
          Pick: { oneOf: [{ $ref: '#/components/schemas/One' }], discriminator: { propertyName: 'kind', mapping: { leaf: '#/components/schemas/Other' } } },
          One: { type: 'object' },
          Other: { type: 'object', description: label },
          Unused: { type: 'string' },
        },
      },
    });
    const [base, next] = withoutUnchangedParts(doc('before'), doc('after'));
    expect(paths(base)).toEqual(['/a', '/b']);
    expect(Object.keys(next.components.schemas)).toEqual(['Tree', 'Node', 'Leaf', 'Pick', 'One', 'Other']);
  });
});

// Edits whose findings api-smart-diff reads through more than our $ref graph
// saw: what it matches by path template, and $refs it decodes in its own
// order (it splits a pointer and undoes ~1 and ~0 before the %-escapes; lib/spec,
// as RFC 6901 reads a URI fragment, decodes first). Each must find the same
// entries with and without the pruning.
describe('the pruning on edits api-smart-diff reads its own way', () => {
  const doc = () => ({ openapi: '3.1.0', info: { title: 'T', version: '1' }, paths: {} as Record<string, any>, components: { schemas: { Z: { type: 'integer' } } as Record<string, any> } });
  const json = (schema: object) => ({ '200': { description: 'OK', content: { 'application/json': { schema } } } });
  const pathParam = (name: string, type: string) => [{ name, in: 'path', required: true, schema: { type } }];
  it.each([
    [
      'a $ref into a path item with %2F for its slash, replaced',
      (a: any) => {
        a.paths['/a'] = { get: { responses: json({ type: 'object', properties: { x: { type: 'string' } } }) } };
        a.paths['/b'] = { get: { responses: json({ $ref: '#/paths/%2Fa/get/responses/200/content/application~1json/schema' }) } };
      },
      (b: any) => (b.paths['/b'].get.responses = json({ $ref: '#/components/schemas/Z' })),
    ],
    [
      'a $ref with %7E1, which api-smart-diff reads as a literal ~1',
      (a: any) => {
        a.paths['~1a'] = { get: { responses: json({ type: 'string' }) } };
        a.paths['/a'] = { get: { responses: json({ type: 'boolean' }) } };
        a.paths['/x'] = { get: { responses: json({ $ref: '#/paths/%7E1a/get/responses/200/content/application~1json/schema' }) } };
      },
      (b: any) => (b.paths['/x'].get.responses = json({ $ref: '#/components/schemas/Z' })),
    ],
    [
      'a path added ahead of an unchanged one of the same template (api-smart-diff pairs paths by template)',
      (a: any) => (a.paths['/a/{id}'] = { get: { parameters: pathParam('id', 'string'), responses: { '204': { description: 'A' } } } }),
      (b: any) => (b.paths = { '/a/{key}': { post: { parameters: pathParam('key', 'integer'), responses: { '204': { description: 'B' } } } }, ...b.paths }),
    ],
    [
      'a parameter by $ref into components/parameters made required',
      (a: any) => {
        a.components.parameters = { Id: { name: 'id', in: 'query', schema: { type: 'string' } } };
        a.paths['/a'] = { get: { parameters: [{ $ref: '#/components/parameters/Id' }], responses: { '204': { description: 'A' } } } };
      },
      (b: any) => (b.components.parameters.Id.required = true),
    ],
    [
      'a $ref into a property of a schema, the property changed',
      (a: any) => {
        a.components.schemas.X = { type: 'object', properties: { y: { type: 'string' } } };
        a.paths['/a'] = { get: { responses: json({ $ref: '#/components/schemas/X/properties/y' }) } };
      },
      (b: any) => (b.components.schemas.X.properties.y.type = 'integer'),
    ],
    [
      'a discriminator mapping by bare schema name, remapped',
      (a: any) => {
        Object.assign(a.components.schemas, { P: { oneOf: [{ $ref: '#/components/schemas/D' }], discriminator: { propertyName: 'k', mapping: { d: 'D' } } }, D: { type: 'object', properties: { k: { const: 'd' } } }, E: { type: 'object' } });
        a.paths['/a'] = { get: { responses: json({ $ref: '#/components/schemas/P' }) } };
      },
      (b: any) => (b.components.schemas.P.discriminator.mapping.d = 'E'),
    ],
    [
      'an example by $ref, its value changed',
      (a: any) => {
        a.components.examples = { E: { value: { a: 1 } } };
        a.paths['/a'] = { get: { responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' }, examples: { e: { $ref: '#/components/examples/E' } } } } } } } };
      },
      (b: any) => (b.components.examples.E.value = { a: 2 }),
    ],
    [
      'a $ref to a schema whose name has ~ (written ~0 %-encoded), replaced',
      (a: any) => {
        a.components.schemas['A~B'] = { type: 'string' };
        a.paths['/a'] = { get: { responses: json({ $ref: '#/components/schemas/A%7E0B' }) } };
      },
      (b: any) => (b.paths['/a'].get.responses = json({ $ref: '#/components/schemas/Z' })),
    ],
    [
      'a schema that unchanged webhooks also reach, while an operation changed',
      (a: any) => {
        a.webhooks = { h: { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Z' } } } }, responses: { '200': { description: 'H' } } } } };
        a.paths['/a'] = { get: { responses: json({ type: 'string' }) } };
      },
      (b: any) => (b.paths['/a'].get.responses = json({ type: 'number' })),
    ],
    [
      'a security scheme an operation names, changed',
      (a: any) => {
        a.components.securitySchemes = { key: { type: 'apiKey', in: 'header', name: 'X-Key' } };
        a.paths['/a'] = { get: { security: [{ key: [] }], responses: json({ type: 'string' }) } };
      },
      (b: any) => (b.components.securitySchemes.key.in = 'query'),
    ],
    [
      'a schema reached through components/callbacks and components/pathItems, changed',
      (a: any) => {
        a.components.callbacks = { C: { '{$request.body#/url}': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Z' } } } }, responses: { '200': { description: 'C' } } } } } };
        a.components.pathItems = { P: { get: { responses: json({ $ref: '#/components/schemas/Z' }) } } };
        a.paths['/a'] = { post: { callbacks: { c: { $ref: '#/components/callbacks/C' } }, responses: json({ type: 'string' }) } };
        a.paths['/p'] = { $ref: '#/components/pathItems/P' };
      },
      (b: any) => (b.components.schemas.Z.type = 'string'),
    ],
    [
      'a schema reached through a header by $ref, with a $ref sibling beside it, changed',
      (a: any) => {
        a.components.headers = { H: { schema: { $ref: '#/components/schemas/Z', description: 'Z' } } };
        a.paths['/a'] = { get: { responses: { '200': { description: 'OK', headers: { 'X-H': { $ref: '#/components/headers/H' } } } } } };
      },
      (b: any) => (b.components.schemas.Z.type = 'string'),
    ],
  ])('%s: the same entries as the whole documents', (_name, setUp, edit) => {
    const before = doc();
    setUp(before);
    const after = structuredClone(before);
    edit(after);
    const whole = compareSpecs(structuredClone(before), structuredClone(after), { prune: false });
    expect(whole.length).toBeGreaterThan(0);
    expect(compareSpecs(before, after)).toEqual(whole);
  });
});

describe('marking a breaking change as intended in CHANGELOG.md', () => {
  const breaking = changesAfter(requireCallerId);
  const changelog = (entry: string) => `# Changelog\n\n## Unreleased\n\n### Breaking\n\n${entry}\n\n### Added\n\n## 0.1.0 (2026-11-23)\n\n### Breaking\n\n- Old: \`POST /api/relay/rest/endpoints/sip\`\n`;

  it('reads only the Breaking section of Unreleased, without comments', () => {
    expect(unreleasedBreaking(changelog('<!-- nothing yet -->'))).toBe('');
    expect(unreleasedBreaking(changelog('- New rule: `POST /api/x`'))).toBe('- New rule: `POST /api/x`');
  });

  it('accepts an entry that names every affected endpoint', () => {
    expect(breakingIntent(changelog(`- \`caller_id\` is required with video_room: \`${RELAY_CREATE}\``), breaking)).toMatchObject({ marked: true, missing: [] });
  });

  it('refuses a missing entry, even when an older release names the endpoint', () => {
    expect(breakingIntent(changelog(''), breaking)).toMatchObject({ marked: false, hasEntry: false });
  });

  it('refuses an entry that names the endpoint only as a prefix of another path', () => {
    expect(breakingIntent(changelog(`- Something: \`${RELAY_CREATE}/{id}\``), breaking)).toMatchObject({ marked: false, missing: [RELAY_CREATE] });
  });

  // Marking that must match exactly what the report lists, no more.
  const unreleased = (breakingSection: string, heading = '### Breaking') => `# Changelog\n\n## Unreleased\n\n${heading}\n\n${breakingSection}\n\n### Added\n`;
  it.each([
    ['the endpoint at the end of a sentence', true, unreleased(`- \`caller_id\` required: ${RELAY_CREATE}.`)],
    ['a "Breaking changes" heading', true, unreleased(`- \`caller_id\` required: \`${RELAY_CREATE}\``, '### Breaking changes')],
    ['the endpoint with a file extension', false, unreleased(`- Exports moved: \`${RELAY_CREATE}.json\``)],
    ['the endpoint inside a longer method name', false, unreleased(`- Something: X${RELAY_CREATE}`)],
    ['the endpoint with an escaped suffix', false, unreleased(`- Something: ${RELAY_CREATE}%2Fx`)],
    ["the report's proposed entry pasted unedited", false, unreleased(`- <what changed and why>: \`${RELAY_CREATE}\``)],
    ['the endpoint only in a fenced block', false, unreleased(['```markdown', `- x: \`${RELAY_CREATE}\``, '```'].join('\n'))],
    [
      'a template in a fenced block above the real, empty Unreleased section',
      false,
      ['# Changelog', '', '```markdown', '## Unreleased', '', '### Breaking', '', `- x: \`${RELAY_CREATE}\``, '```', '', '## Unreleased', '', '### Breaking', '', '### Added', ''].join('\n'),
    ],
  ])('%s: marked %s', (_name, marked, text) => {
    expect(breakingIntent(text, breaking).marked).toBe(marked);
  });

  it('asks to name only the operations a change breaks: those reached in the breaking direction', () => {
    const [change] = changesAfter(dropG729);
    expect(brokenEndpoints(change)).toHaveLength(13);
    const requestOnly = { ...change, effects: change.effects.filter((e) => e.direction === 'request') };
    expect(brokenEndpoints(requestOnly)).not.toContain(FABRIC_LIST);
    expect(brokenEndpoints(requestOnly)).toContain(RELAY_CREATE);
  });

  it('states the verdict and a ready entry in the report', () => {
    const report = renderReport({ base: 'main', changes: breaking, intent: breakingIntent('', breaking) });
    expect(report).toContain('1 change: 1 breaking.');
    expect(report).toContain('| Breaking | Made `caller_id` required | schema `RelayCreateVideoRoom` | breaking | — | 1 |');
    expect(report).toContain('<summary>Breaking (1)</summary>');
    expect(report).toContain('  - at `$.components.schemas.RelayCreateVideoRoom.required`');
    expect(report).toContain('**Result:** 1 breaking change not marked as intended.');
    expect(report).toContain(`- <what changed and why>: \`${RELAY_CREATE}\``);
  });
});

describe('the command line', () => {
  // What is written does not matter here: both sides are the small golden base, which compares in milliseconds.
  const golden = parse(readFileSync('test/review/golden/base.yaml', 'utf8'));
  it.each([
    ['a directory as --markdown', (dir: string) => ['HEAD', '--markdown', dir], {}],
    ['a file below a file as --markdown', (dir: string) => ['HEAD', '--markdown', join(dir, 'file', 'report.md')], {}],
    ['a directory as $GITHUB_STEP_SUMMARY', () => ['HEAD', '--summary'], { GITHUB_STEP_SUMMARY: '.' }],
  ])('exits 2, not 1 (the code of a breaking change), and says why, when it cannot write %s', async (_name, argv, env) => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-out-'));
    writeFileSync(join(dir, 'file'), '');
    const errors: string[] = [];
    try {
      const same = () => structuredClone(golden);
      expect(await main(argv(dir), env, { bundleRef: same, bundleWorkingTree: same, print: () => {}, warn: (message) => errors.push(message) })).toBe(2);
      expect(errors.join('\n')).toMatch(/^diff: could not write the report to (--markdown|\$GITHUB_STEP_SUMMARY) /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['main'], {}, { base: 'main', summary: false, markdown: undefined }],
    [['main', '--markdown', 'out/report.md'], {}, { base: 'main', summary: false, markdown: 'out/report.md' }],
    [['--markdown=out.md', 'HEAD~1'], {}, { base: 'HEAD~1', summary: false, markdown: 'out.md' }],
    [['--summary'], { GITHUB_BASE_REF: 'main' }, { base: 'origin/main', summary: true, markdown: undefined }],
  ])('parses %j', (argv, env, expected) => {
    expect(parseArgs(argv, env)).toEqual(expected);
  });

  it.each([
    [[], {}, 'usage:'],
    [['--summary'], {}, 'usage:'],
    [['main', '--markdown'], {}, '--markdown needs a file name'],
    [['main', '--markdown', '--summary'], {}, '--markdown needs a file name'],
    [['main', '--json'], {}, 'unknown option --json'],
    [['main', 'dev'], {}, 'one git ref at a time'],
  ])('refuses %j', (argv, env, message) => {
    const parsed = parseArgs(argv, env);
    expect('error' in parsed && parsed.error).toContain(message);
  });
});

describe('npm run diff -- HEAD~1 in a git repository', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-spec-diff-repo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=Diff Test', '-c', 'user.email=diff-test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  };
  // Three real processes: `npm run diff` before CHANGELOG.md marks the change
  // (exit 1, its wording, --markdown), `npm run diff:report` after (exit 0,
  // its wording, $GITHUB_STEP_SUMMARY; two tests read its one run) and
  // scripts/diff.mjs on a bad ref (exit 2, before Redocly loads). The other
  // runs call `main` of lib/diff/cli.mjs here, in the scratch repository, as
  // scripts/diff.mjs does.
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', GITHUB_STEP_SUMMARY: '' } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const npmDiff = (...args: string[]) => run('npm', ['run', 'diff', '--', ...args]);
  const diffScript = (...args: string[]) => run(process.execPath, ['scripts/diff.mjs', ...args]);
  const diffInProcess = async (...args: string[]) => {
    const lines: string[] = [];
    const status = await main(args, { GITHUB_STEP_SUMMARY: '' }, { bundleRef, bundleWorkingTree, cwd: dir, print: (text) => lines.push(text), warn: (text) => lines.push(text) });
    return { status, output: lines.join('\n') };
  };
  let pullRequest: { status: number | null; output: string; summary: string } | undefined;
  /** `npm run diff:report` as a pull request's CI runs it, against origin/main = HEAD~1; run once, on first use. */
  const diffReport = () => {
    if (!pullRequest) {
      git('update-ref', 'refs/remotes/origin/main', 'HEAD~1');
      const summary = join(dir, 'summary.md');
      writeFileSync(summary, 'earlier step\n');
      const result = spawnSync('npm', ['run', 'diff:report', '--', '--markdown', 'artifacts/pr.md'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', GITHUB_BASE_REF: 'main', GITHUB_STEP_SUMMARY: summary } });
      pullRequest = { status: result.status, output: `${result.stdout}${result.stderr}`, summary };
    }
    return pullRequest;
  };

  it('exits non-zero and names the removed codec, then passes once CHANGELOG.md marks it', () => {
    for (const item of ['openapi', 'scripts', 'lib', 'src', 'DECISIONS.md', 'package.json', 'redocly.yaml', 'CHANGELOG.md']) cpSync(item, join(dir, item), { recursive: true });
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'dir');
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'spec as it is');
    const codecFile = join(dir, 'openapi/components/schemas/Codec.yaml');
    const codecs = readFileSync(codecFile, 'utf8');
    expect(codecs).toContain('  - G729\n');
    writeFileSync(codecFile, codecs.replace('  - G729\n', ''));
    git('commit', '--quiet', '-am', 'drop G729');

    const unmarked = npmDiff('HEAD~1', '--markdown', 'artifacts/api-changes.md');
    expect(unmarked.output).toContain('<summary>Breaking (1)</summary>');
    expect(unmarked.output).toContain('| Breaking | Removed enum value `G729` | schema `Codec` | breaking | breaking | 13 |');
    expect(unmarked.output).toContain('**Result:** 1 breaking change not marked as intended.');
    expect(unmarked.status).toBe(1);
    // --markdown writes the report it prints.
    const written = readFileSync(join(dir, 'artifacts/api-changes.md'), 'utf8');
    expect(written.startsWith('## API changes: `HEAD~1` → working tree\n')).toBe(true);
    expect(unmarked.output).toContain(written.trim());

    // The report's own example entry, filled in, is what marks it intended.
    const endpoints = [...unmarked.output.matchAll(/^- <what changed and why>: (.*)$/gm)][0][1];
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8').replace('### Breaking\n', `### Breaking\n\n- Removed codec G729, no longer offered: ${endpoints}\n`);
    writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
    const marked = diffReport();
    expect(marked.output).toContain('**Result:** 1 breaking change, marked intended in CHANGELOG.md');
    expect(marked.status).toBe(0);
  }, 60_000);

  it('as npm run diff:report in a pull request: compares with origin/$GITHUB_BASE_REF and appends to $GITHUB_STEP_SUMMARY', () => {
    const result = diffReport();
    const written = readFileSync(result.summary, 'utf8');
    expect(written.startsWith('earlier step\n## API changes: `origin/main` → working tree\n')).toBe(true);
    expect(written).toContain('Removed enum value `G729`');
    expect(readFileSync(join(dir, 'artifacts/pr.md'), 'utf8')).toBe(written.slice('earlier step\n'.length));
    expect(result.status).toBe(0); // marked intended by the previous test
    expect(result.output).toContain(written.slice('earlier step\n'.length).trim());
  }, 60_000);

  it('exits 2 on a ref that is not a commit, and on a bad option', async () => {
    const { status, output } = diffScript('no-such-branch');
    expect(output).toContain('`no-such-branch` is not a commit here');
    expect(status).toBe(2);
    const bad = await diffInProcess('HEAD~1', '--markdown');
    expect(bad.output).toContain('--markdown needs a file name');
    expect(bad.status).toBe(2);
  }, 60_000);

  it('exits 2, not 1 (the code of a breaking change), when a side does not bundle', async () => {
    const entry = join(dir, 'openapi/openapi.yaml');
    const good = readFileSync(entry, 'utf8');
    writeFileSync(entry, good.replace(/^paths:/m, 'paths:\n  /broken:\n    $ref: ./paths/no-such-file.yaml'));
    try {
      const { status, output } = await diffInProcess('HEAD');
      expect(output).toContain('redocly bundle failed');
      expect(status).toBe(2);
    } finally {
      writeFileSync(entry, good);
    }
  }, 60_000);
});
