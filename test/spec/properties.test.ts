// Property-based tests of the request schemas: for every variant of every
// request union (found in the bundle, not listed here), generated valid
// bodies are accepted, and bodies with exactly one defect (a required field
// missing, a field of another variant, a bad uuid, URL, username or enum
// value) are refused. On failure fast-check prints the seed and path;
// replay with FC_SEED=<seed> FC_PATH=<path> npx vitest run test/spec/properties.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constraintsOf, defects, fcParameters, requestUnions, valid, variants, withOneDefect, type Defect } from '../support/arbitraries.js';
import { deref, spec, validate } from '../support/spec.js';
import { validateAt } from '../../tools/bundled-spec.js';

const unions = requestUnions();
const all = unions.flatMap(variants);
// Bodies with a call_handler union; the others (subscriber credentials,
// assign) are one closed object each.
const handlerUnions = unions.filter((u) => spec.components.schemas[u].oneOf);

describe('request unions, as found in the bundle', () => {
  it('are the four call_handler unions of both families and five plain bodies', () => {
    expect(handlerUnions).toEqual(['FabricCreateSipCredentialRequest', 'FabricUpdateSipCredentialRequest', 'RelayCreateSipEndpointRequest', 'RelayUpdateSipEndpointRequest']);
    expect(unions.filter((u) => !handlerUnions.includes(u))).toEqual(['FabricAssignPhoneRouteRequest', 'FabricAssignSipCredentialRequest', 'FabricCreateSubscriberSipCredentialRequest', 'FabricUpdateSubscriberSipCredentialRequest', 'RelayUpdateSipProfileRequest']);
  });

  it('flatten to every variant component of the spec, plus one inline variant without call_handler each', () => {
    const components = Object.keys(spec.components.schemas).filter((n) => /^(Relay|Fabric)(Create|Update)(?!WithHandler)[A-Z]/.test(n) && !n.endsWith('Request'));
    const handlerVariants = all.filter((v) => handlerUnions.includes(v.union));
    expect(handlerVariants.map((v) => v.name).filter((n) => !n.includes(' ')).sort()).toEqual(components.sort());
    expect(all.filter((v) => v.name.includes('(no call_handler)'))).toHaveLength(4);
    expect(all.length).toBeGreaterThanOrEqual(34);
  });
});

describe('the defects tried', () => {
  // The kinds of defect the generators draw from, per union. Derived from the
  // schemas like everything here, so this is the check that a constraint did
  // not vanish from a whole family (the fixtures pin each field's own).
  it.each(unions)('cover in %s every kind of defect the request bodies must refuse', (union) => {
    const kinds = new Set<string>();
    for (const v of all.filter((x) => x.union === union)) {
      for (const [kind, fields] of defects(v, all.filter((x) => x.union === union))) {
        if (kind !== 'bad value') kinds.add(kind);
        else for (const f of fields) for (const c of constraintsOf(v.schema.properties[f])) kinds.add(c);
      }
    }
    const expected: Record<string, string[]> = {
      FabricAssignSipCredentialRequest: ['missing', 'format uuid', 'pattern'],
      FabricAssignPhoneRouteRequest: ['missing', 'format uuid', 'pattern', 'enum'],
      RelayUpdateSipProfileRequest: ['pattern', 'minLength', 'items enum', 'enum'],
      FabricCreateSubscriberSipCredentialRequest: ['missing', 'pattern', 'enum', 'items enum', 'minLength'],
      FabricUpdateSubscriberSipCredentialRequest: ['pattern', 'enum', 'items enum', 'minLength'],
    };
    const handlerKinds = ['missing', 'foreign', 'format uuid', 'pattern', 'enum', 'const', 'items enum', 'minLength', union.startsWith('Relay') ? 'format uri' : 'null'];
    expect([...kinds].sort()).toEqual((expected[union] ?? handlerKinds).sort());
  });
});

describe.each(unions)('%s', (union) => {
  const own = all.filter((v) => v.union === union);

  it.each(own.map((v) => [v.name, v] as const))('accepts every generated %s body', (_name, v) => {
    fc.assert(
      fc.property(valid(v.schema), (body) => {
        const result = validate(union, body);
        expect(result.errors).toEqual([]);
        // A named variant also accepts it on its own.
        if (spec.components.schemas[v.name]) expect(validate(v.name, body).valid).toBe(true);
      }),
      fcParameters(100),
    );
  });

  it.each(own.map((v) => [v.name, v] as const))('refuses every %s body with one defect', (_name, v) => {
    const kinds = defects(v, own);
    const seen = new Set<Defect['kind']>();
    fc.assert(
      fc.property(withOneDefect(v, own), ({ defect, body }) => {
        seen.add(defect.kind);
        expect(validate(union, body).valid).toBe(false);
      }),
      fcParameters(200),
    );
    // Every kind of defect this variant can carry was tried.
    if (!process.env.FC_PATH) expect([...seen].sort()).toEqual([...kinds.keys()].sort());
  });
});

// Partial updates (DECISIONS.md D41) and the Fabric password (D14), in both
// directions: what an update takes, the matching create refuses.
describe('partial updates and the Fabric password, both directions', () => {
  const variantsOf = (union: string) => all.filter((v) => v.union === union && spec.components.schemas[v.name]);
  const handlerFields = (body: Record<string, unknown>) => Object.keys(body).filter((k) => k.startsWith('call_') && k !== 'call_handler');
  // relay_connector has no fields of its own: without its call_handler it is the plain body.
  const withFields = variantsOf('RelayCreateSipEndpointRequest').filter((v) => (v.schema.required as string[]).some((k) => k.startsWith('call_') && k !== 'call_handler'));

  it('try every Relay handler that has fields of its own', () => {
    expect(withFields).toHaveLength(variantsOf('RelayCreateSipEndpointRequest').length - 1);
  });

  it.each(withFields.map((v) => [v.name, v] as const))(
    '%s fields without their call_handler: an update takes them, a create refuses them',
    (_name, v) => {
      fc.assert(
        fc.property(valid(v.schema), (generated) => {
          const { call_handler: _handler, ...body } = generated as Record<string, unknown>;
          fc.pre(handlerFields(body).length > 0);
          expect(validate('RelayUpdateSipEndpointRequest', body).errors).toEqual([]);
          expect(validate('RelayCreateSipEndpointRequest', body).valid).toBe(false);
        }),
        fcParameters(50),
      );
    },
  );

  it.each(variantsOf('RelayUpdateSipEndpointRequest').map((v) => [v.name, v] as const))('%s: optional handler fields take null on update, never on create', (name, v) => {
    const nullable = Object.keys(v.schema.properties).filter((k) => v.schema.properties[k].anyOf?.some((b: any) => b.type === 'null'));
    const create = name.replace('RelayUpdate', 'RelayCreate');
    for (const field of nullable) {
      fc.assert(
        fc.property(valid(v.schema), valid(spec.components.schemas[create]), (update, created) => {
          expect(validate('RelayUpdateSipEndpointRequest', { ...(update as object), [field]: null }).errors).toEqual([]);
          expect(validate('RelayUpdateSipEndpointRequest', { [field]: null }).errors).toEqual([]);
          expect(validate('RelayCreateSipEndpointRequest', { ...(created as object), [field]: null }).valid).toBe(false);
        }),
        fcParameters(20),
      );
    }
    // Fields that select a target are never nullable, with or without the handler.
    for (const field of (v.schema.required as string[]).filter((k) => k !== 'call_handler')) {
      expect(validate('RelayUpdateSipEndpointRequest', { [field]: null }).valid, field).toBe(false);
    }
  });

  it.each(variantsOf('FabricCreateSipCredentialRequest').map((v) => [v.name, v] as const))('%s: a create needs a password; an update may send one or none', (_name, v) => {
    fc.assert(
      fc.property(valid(v.schema), (generated) => {
        const body = generated as Record<string, unknown>;
        expect(validate('FabricCreateSipCredentialRequest', body).errors).toEqual([]);
        const { password, ...without } = body;
        expect(typeof password).toBe('string');
        expect(validate('FabricCreateSipCredentialRequest', without).valid).toBe(false);
        expect(validate('FabricUpdateSipCredentialRequest', body).errors).toEqual([]);
        expect(validate('FabricUpdateSipCredentialRequest', without).errors).toEqual([]);
      }),
      fcParameters(50),
    );
  });

  it('a Fabric resource id alone updates a resource endpoint, and is refused on create without its handler', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(validate('FabricUpdateSipCredentialRequest', { calling_handler_resource_id: id }).errors).toEqual([]);
        expect(validate('FabricCreateSipCredentialRequest', { username: 'desk', password: 'p', calling_handler_resource_id: id }).valid).toBe(false);
        for (const handler of ['default', 'passthrough', 'block-pstn']) {
          expect(validate('FabricUpdateSipCredentialRequest', { call_handler: handler, calling_handler_resource_id: id }).valid, handler).toBe(false);
        }
      }),
      fcParameters(50),
    );
  });
});

// Formats looser than SignalWire (DECISIONS.md D90, D91): ajv-formats, which
// Prism and our Ajv use, takes a `urn:uuid:` prefix as a `uuid` and any scheme
// (or none after `https:`) as a `uri`. Every uuid and URL a request carries,
// in a body or in the path, refuses those forms and keeps taking real ones.
describe('uuids and URLs stricter than their format, both directions', () => {
  const resolve = (node: any): any => (node?.$ref ? resolve(deref(node)) : node);
  const takes = (node: any, format: string): boolean => {
    const s = resolve(node);
    return s.format === format || (s.anyOf ?? []).some((b: any) => takes(b, format));
  };
  const fieldsWith = (format: string) =>
    all.flatMap((v) => Object.keys(v.schema.properties ?? {}).filter((k) => v.schema.properties[k] !== false && takes(v.schema.properties[k], format)).map((field) => [`${v.name}.${field}`, v, field] as const));
  const uuidFields = fieldsWith('uuid');
  const uriFields = fieldsWith('uri');

  it('find the uuid and URL fields of both families', () => {
    expect(uuidFields.length).toBeGreaterThanOrEqual(10);
    expect(uriFields.length).toBeGreaterThanOrEqual(10);
  });

  it.each(uuidFields)('%s: refuses urn:uuid: and braces, takes any case', (_name, v, field) => {
    fc.assert(
      fc.property(valid(v.schema), fc.uuid(), (generated, id) => {
        const body = generated as Record<string, unknown>;
        for (const bad of [`urn:uuid:${id}`, `URN:UUID:${id}`, `{${id}}`, ` ${id}`]) expect(validate(v.union, { ...body, [field]: bad }).valid, bad).toBe(false);
        for (const good of [id, id.toUpperCase()]) expect(validate(v.union, { ...body, [field]: good }).errors).toEqual([]);
      }),
      fcParameters(20),
    );
  });

  it.each(uriFields)('%s: refuses other schemes and http(s) without a host, takes http(s) URLs', (_name, v, field) => {
    const bad = ['javascript:alert(1)', 'ftp://example.com/x', 'file:///etc/passwd', 'data:text/html,hi', 'mailto:ops@example.com', 'sip:desk@example.com', 'https://', 'http:x', 'https:///x', 'https://:443/x'];
    const good = ['https://example.com', 'http://example.com/laml?x=1#f', 'HTTPS://EXAMPLE.COM:8443/x', 'https://user:pa%40ss@example.com/x', 'https://[::1]:8080/x'];
    fc.assert(
      fc.property(valid(v.schema), (generated) => {
        const body = generated as Record<string, unknown>;
        for (const url of bad) expect(validate(v.union, { ...body, [field]: url }).valid, url).toBe(false);
        for (const url of good) expect(validate(v.union, { ...body, [field]: url }).errors, url).toEqual([]);
      }),
      fcParameters(10),
    );
  });

  const idParameters = Object.entries<any>(spec.components.parameters).filter(([, p]) => p.in === 'path' && p.schema?.format === 'uuid');
  it.each(idParameters.map(([name]) => [name]))('path parameter %s: refuses urn:uuid:, takes any case', (name) => {
    expect(idParameters.length).toBe(6);
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(validateAt(`/components/parameters/${name}/schema`, `urn:uuid:${id}`).valid).toBe(false);
        expect(validateAt(`/components/parameters/${name}/schema`, id.toUpperCase()).valid).toBe(true);
      }),
      fcParameters(20),
    );
  });
});
