// Compiles the project with tsc, plus one file written from every valid
// fixture, each body typed as its family's request union and as the exact
// variant it was written for, plus one written from the spec's unions: for
// every variant of every `call_handler` union (the one without a handler
// too), a field that only another variant declares must not compile, in an
// object literal, in a variable, and passed to the client. Type errors, and
// `@ts-expect-error` lines that compile, fail this test.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { allFixtures, type ValidCase } from '../support/fixtures.js';
import { validateAt } from '../../tools/bundled-spec.js';
import { followRefs, pointerOf } from '../../lib/spec/index.mjs';
import { pascal, variantSchema } from '../support/names.js';
import { compileProject } from '../support/compile.js';

function fixtureModule(): string {
  const lines = ["import type * as T from '../../../src/index.js';"];
  allFixtures.forEach(({ file, schema, valid }) => {
    valid.forEach(({ name, variant, body }, i) => {
      const id = `${pascal(file)}${i}`;
      lines.push(`// ${file}: ${name}`);
      lines.push(`export const ${id}: T.${schema} = ${JSON.stringify(body)};`);
      if (variant) lines.push(`export const ${id}Variant: T.${variantSchema(file, variant)} = ${JSON.stringify(body)};`);
    });
  });
  return lines.join('\n') + '\n';
}

const UNIONS = [
  { file: 'relay-create', schema: 'RelayCreateBody', raw: 'RelayCreateSipEndpointRequest', call: (b: string) => `client.createSipEndpoint(${b})` },
  { file: 'relay-update', schema: 'RelayUpdateBody', raw: 'RelayUpdateSipEndpointRequest', call: (b: string) => `client.updateSipEndpoint(id, ${b})` },
  { file: 'fabric-create', schema: 'FabricCreateBody', raw: 'FabricCreateSipCredentialRequest', call: (b: string) => `client.createSipCredential(${b})` },
  { file: 'fabric-update', schema: 'FabricUpdateBody', raw: 'FabricUpdateSipCredentialRequest', call: (b: string) => `client.updateSipCredential(id, ${b})` },
] as const;

/** A variant: its handler (null: the one without), its JSON pointer in the bundle, and the fields it declares. */
type Variant = { handler: string | null; pointer: string; properties: Set<string> };

/** The variants of a request union in the bundled spec: each handler's schema, and the inline one without a handler. */
function variantsOf(raw: string): Variant[] {
  const spec = JSON.parse(readFileSync('generated/openapi.json', 'utf8'));
  const schemas = spec.components.schemas;
  const out: Variant[] = [];
  const walk = (node: any, pointer: string): void => {
    if (node.$ref) {
      const target = followRefs(spec, node);
      return walk(target.node, pointerOf(target.keys));
    }
    if (node.oneOf) return node.oneOf.forEach((branch: any, i: number) => walk(branch, `${pointer}/oneOf/${i}`));
    const handler = node.properties?.call_handler?.const ?? null;
    const fields = Object.entries(node.properties ?? {}).filter(([k, schema]) => schema !== false && k !== 'call_handler');
    out.push({ handler, pointer, properties: new Set(fields.map(([k]) => k)) });
  };
  walk(schemas[raw], `/components/schemas/${raw}`);
  return out;
}

/**
 * A field and value of another variant's fixtures that this variant refuses:
 * a field it does not declare, or one whose value its own schema for the
 * field refuses (Fabric: only `resource` takes a resource id).
 */
const refuses = (v: Variant, field: string, value: unknown) => !v.properties.has(field) || !validateAt(`${v.pointer}/properties/${field}`, value).valid;
function foreignFields(v: Variant, other: Variant, fixtures: ValidCase[]): Array<{ field: string; value: unknown }> {
  if (other === v) return [];
  return [...other.properties].flatMap((field) => fixtures.filter((c) => c.variant === other.handler && field in c.body).map((c) => ({ field, value: c.body[field] }))).filter(({ field, value }) => refuses(v, field, value));
}

/** Cases of the exclusive-union test, one per variant that has a foreign field to try. */
export function exclusiveCases() {
  return UNIONS.flatMap((u) => {
    const fixtures = allFixtures.find((f) => f.file === u.file)!.valid;
    const variants = variantsOf(u.raw);
    return variants.flatMap((v) => {
      const body = fixtures.find((c) => c.variant === v.handler)?.body;
      if (!body) throw new Error(`${u.file}: no valid fixture for the ${v.handler ?? 'no-handler'} variant`);
      // A field of another variant that this one does not declare, or declares
      // with another schema (Fabric: only `resource` takes a resource id), with
      // a value from that variant's fixtures.
      for (const other of variants) {
        const [foreign] = foreignFields(v, other, fixtures);
        if (foreign) return [{ ...u, variant: v, body, ...foreign, owner: other.handler }];
      }
      return [];
    });
  });
}

/** The first lines of a generated type-test module that calls the client: its types, a client, an id, and the async function the cases go in. */
const CLIENT_MODULE_HEAD = [
  "import type * as T from '../../../src/index.js';",
  'declare const client: T.SipClient;',
  "const id = '67075301-69b2-4fc3-8a2c-c95a69a5665e';",
  'export async function run() {',
];

function exclusiveModule(): string {
  const lines = [...CLIENT_MODULE_HEAD];
  exclusiveCases().forEach((c, i) => {
    const name = `${pascal(c.file)}${i}`;
    // The variant's own type as openapi-typescript emits it (not exclusive), so a variable of it can carry the foreign field.
    const own = c.variant.handler === null ? `Extract<T.components['schemas']['${c.raw}'], { call_handler?: undefined }>` : `T.${variantSchema(c.file, c.variant.handler)}`;
    const ownerType = c.owner === null ? `Extract<T.components['schemas']['${c.raw}'], { call_handler?: undefined }>` : `T.${variantSchema(c.file, c.owner)}`;
    const literal = JSON.stringify({ ...c.body, [c.field]: c.value });
    const form = `Omit<${own}, '${c.field}'> & { ${c.field}: ${ownerType}['${c.field}'] }`;
    lines.push(`  // ${c.file}: ${c.variant.handler ?? 'no call_handler'} with ${c.field} (declared by ${c.owner ?? 'no call_handler'})`);
    lines.push(`  const ok${name}: T.${c.schema} = ${JSON.stringify(c.body)};`);
    lines.push(`  // @ts-expect-error a literal with another variant's field`);
    lines.push(`  const literal${name}: T.${c.schema} = ${literal};`);
    // A form state typed by hand: the variant with the other variant's field.
    lines.push(`  const form${name}: ${form} = ${literal};`);
    lines.push(`  const plain${name}: ${own} = ${JSON.stringify(c.body)};`);
    lines.push(`  // @ts-expect-error a variable with another variant's field`);
    lines.push(`  const variable${name}: T.${c.schema} = form${name};`);
    lines.push(`  // @ts-expect-error the same variable passed to the client`);
    lines.push(`  await ${c.call(`form${name}`)};`);
    lines.push(`  await ${c.call(`plain${name}`)};`);
    lines.push(`  void [ok${name}, literal${name}, variable${name}];`);
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** How each fixture file's body reaches the client: its operationId and the call. */
const CALLS: Record<string, [string, (b: string) => string]> = {
  'relay-create': ['create_sip_endpoint', (b) => `client.createSipEndpoint(${b})`],
  'relay-update': ['update_sip_endpoint', (b) => `client.updateSipEndpoint(id, ${b})`],
  'fabric-create': ['create_sip_credential', (b) => `client.createSipCredential(${b})`],
  'fabric-update': ['update_sip_credential', (b) => `client.updateSipCredential(id, ${b})`],
  'subscriber-create': ['create_subscriber_sip_credential', (b) => `client.createSubscriberSipCredential(id, ${b})`],
  'subscriber-update': ['update_subscriber_sip_credential', (b) => `client.updateSubscriberSipCredential(id, id, ${b})`],
  assign: ['assign_resource_to_sip_credential', (b) => `client.assignResourceToSipCredential(id, ${b})`],
  'relay-sip-profile-update': ['update_sip_profile', (b) => `client.updateSipProfile(${b})`],
  'phone-route-assign': ['assign_resource_phone_route', (b) => `client.assignResourcePhoneRoute(id, ${b})`],
};

/**
 * Cases across bodies (attack-client): for every request body the client
 * sends, each SIP endpoint field (of either family) that no member of that
 * body declares, with a value from a fixture that has it. A form state
 * shared by a Relay and a Fabric form (or a credential and a subscriber
 * credential form) is the way such a field gets there.
 */
export function crossBodyCases() {
  const endpointFiles = new Set(UNIONS.map((u) => u.file as string));
  const donors = allFixtures.filter((f) => endpointFiles.has(f.file));
  return allFixtures.flatMap((target) => {
    const variants = variantsOf(target.schema);
    const declared = new Set([...variants.flatMap((v) => [...v.properties]), ...(variants.some((v) => v.handler !== null) ? ['call_handler'] : [])]);
    const seen = new Set<string>();
    return donors.flatMap((donor) => donor.valid.flatMap((c) => Object.entries(c.body)))
      .filter(([field]) => !declared.has(field) && !seen.has(field) && seen.add(field))
      .map(([field, value]) => ({ file: target.file, body: target.valid[0].body, field, value, operationId: CALLS[target.file][0], call: CALLS[target.file][1] }));
  });
}

function crossBodyModule(): string {
  const lines = [...CLIENT_MODULE_HEAD];
  // Each target's valid body, typed as the client takes it, declared and
  // sent once (the same check for every case of that target), then one
  // variable per case (no excess-property check) with the foreign field.
  const plains = new Map<string, string>();
  crossBodyCases().forEach((c, i) => {
    let plain = plains.get(c.file);
    if (!plain) {
      plain = `plain${plains.size}`;
      plains.set(c.file, plain);
      lines.push(`  // ${c.file}: its valid body`);
      lines.push(`  const ${plain}: T.OperationBody<'${c.operationId}'> = ${JSON.stringify(c.body)};`);
      lines.push(`  await ${c.call(plain)};`);
    }
    lines.push(`  // ${c.file} with ${c.field}`);
    lines.push(`  const form${i} = { ...${plain}, ${c.field}: ${JSON.stringify(c.value)} };`);
    lines.push(`  // @ts-expect-error a SIP endpoint field this body does not declare`);
    lines.push(`  await ${c.call(`form${i}`)};`);
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

describe('types', () => {
  it('have a cross-body case for every request body and every SIP endpoint field it does not declare', () => {
    const cases = crossBodyCases();
    for (const file of Object.keys(CALLS)) expect(cases.filter((c) => c.file === file).length, file).toBeGreaterThan(0);
    // Relay's handler fields on a Fabric body, Fabric's on a Relay body, handlers on a subscriber credential.
    expect(cases).toContainEqual(expect.objectContaining({ file: 'fabric-create', field: 'call_video_room_id' }));
    expect(cases).toContainEqual(expect.objectContaining({ file: 'relay-update', field: 'calling_handler_resource_id' }));
    expect(cases).toContainEqual(expect.objectContaining({ file: 'subscriber-create', field: 'call_handler' }));
  });

  it('have a foreign-field case for every variant of every call_handler union', () => {
    const cases = exclusiveCases();
    for (const u of UNIONS) {
      const variants = variantsOf(u.raw);
      expect(variants.length).toBeGreaterThan(3);
      // Every variant with a handler is tried; the one without is tried whenever it leaves some handler field out.
      const tried = cases.filter((c) => c.file === u.file).map((c) => c.variant.handler);
      const fixtures = allFixtures.find((f) => f.file === u.file)!.valid;
      const expected = variants.filter((v) => v.handler !== null || variants.some((o) => foreignFields(v, o, fixtures).length > 0)).map((v) => v.handler);
      expect(tried, u.file).toEqual(expected);
      expect(tried.filter((h) => h !== null), u.file).toHaveLength(variants.length - 1);
    }
  });

  // One whole-project compile, tsc's own in this process (test/support/compile.ts): ~15 s of CPU, several times that in wall time on a loaded 2-core machine.
  it('compile the project, every valid fixture, and reject every @ts-expect-error case', { timeout: 180_000 }, () => {
    // Inside the repo so tsc finds node_modules/@types; ignored by git.
    const dir = join('node_modules', '.cache', 'sip-spec-typecheck');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'fixtures.ts'), fixtureModule());
    writeFileSync(join(dir, 'exclusive.ts'), exclusiveModule());
    writeFileSync(join(dir, 'cross-body.ts'), crossBodyModule());
    // The project's own include (tsconfig.json: what `npm run typecheck` checks), plus the three modules; its exclude is inherited.
    const { include } = ts.readConfigFile('tsconfig.json', ts.sys.readFile).config as { include: string[] };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../../tsconfig.json', include: [...include.map((path) => `../../../${path}`), './fixtures.ts', './exclusive.ts', './cross-body.ts'] }),
    );
    // Every file `tsc -p tsconfig.json` checks is checked here too.
    const roots = (config: string) => new Set(ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!.fileNames.map((f) => resolve(f)));
    const checked = roots(join(dir, 'tsconfig.json'));
    expect([...roots('tsconfig.json')].filter((f) => !checked.has(f))).toEqual([]);
    const { status, output } = compileProject(join(dir, 'tsconfig.json'));
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
