// fast-check arbitraries derived from the bundled request schemas: the
// variants of each request union, a valid body per variant, and bodies with
// exactly one defect. Nothing here lists a field or a handler by hand, so a
// variant added to the spec is generated and tested without a change here.
import fc from 'fast-check';
import { keysOfPointer } from '../../lib/spec/index.mjs';
import { deref, operations, validate } from './spec.js';

export type Variant = { union: string; name: string; schema: any };
export type Defect = { kind: 'missing' | 'foreign' | 'bad value'; field: string };

/** The component name a local `$ref` names (`#/components/schemas/X` → `X`), or undefined. */
const refName = (node: any): string | undefined => keysOfPointer(node?.$ref)?.at(-1);

/** The component names of every JSON request body of the spec (the four `*Request` unions today). */
export function requestUnions(): string[] {
  const names = new Set<string>();
  for (const { op } of operations()) {
    const name = refName(op.requestBody?.content?.['application/json']?.schema);
    if (name) names.add(name);
  }
  return [...names].sort();
}

/** A union's closed object variants, its nested `oneOf`s flattened; inline ones are named by their title. */
export function variants(union: string): Variant[] {
  const out: Variant[] = [];
  const walk = (node: any, name: string) => {
    const schema = deref(node);
    if (schema.oneOf) for (const branch of schema.oneOf) walk(branch, refName(branch) ?? `${union} (${branch.title})`);
    else out.push({ union, name, schema });
  };
  walk({ $ref: `#/components/schemas/${union}` }, union);
  return out;
}

// Keywords the generators below understand. Any other keyword in a request
// schema fails the test: a constraint we do not generate for would make
// "valid" bodies that are not.
const KNOWN = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'format', 'pattern', 'minLength', 'maxLength', 'anyOf']);
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', 'example', 'writeOnly', 'readOnly', 'deprecated', '$ref', 'x-decision']);
function checkKeywords(schema: any) {
  for (const key of Object.keys(schema)) {
    // `x-` extensions (x-violation-messages) are OpenAPI annotations, not constraints.
    if (!KNOWN.has(key) && !ANNOTATIONS.has(key) && !key.startsWith('x-')) throw new Error(`arbitraries.ts cannot generate for keyword "${key}" in ${JSON.stringify(schema)}`);
  }
  if (schema.format && !['uuid', 'uri'].includes(schema.format)) throw new Error(`arbitraries.ts cannot generate format "${schema.format}"`);
}

// http(s) URLs with host, path, query and fragment; built from parts because
// fc.webUrl() is ten times slower and these tests run thousands of bodies.
const part = (chars: string, max: number) => fc.string({ unit: fc.constantFrom(...chars), maxLength: max });
const label = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 10 });
const url = fc
  .tuple(fc.constantFrom('http', 'https'), fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'net', 'io', 'example'), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.array(part("abcXYZ019-._~!$&'()*+,;=:@", 8), { maxLength: 3 }), fc.option(part('abc019=&-_', 12), { nil: undefined }), fc.option(part('abc019-_/?', 8), { nil: undefined }))
  .map(([scheme, host, tld, port, path, query, fragment]) => `${scheme}://${[...host, tld].join('.')}${port ? `:${port}` : ''}/${path.join('/')}${query === undefined ? '' : `?${query}`}${fragment === undefined ? '' : `#${fragment}`}`);

/**
 * Whether one branch of an `anyOf` takes `value`. Branches are a `$ref` to a
 * named schema (validated with the spec's own Ajv) or `{ type: 'null' }`, the
 * only shapes the spec uses for "this, or null to clear it" (DECISIONS.md D41).
 */
function branchTakes(branch: any, value: unknown): boolean {
  if (branch.$ref) return validate(refName(branch)!, value).valid;
  if (branch.type === 'null' && Object.keys(branch).length === 1) return value === null;
  throw new Error(`arbitraries.ts cannot check an anyOf branch ${JSON.stringify(branch)}`);
}

const within = (s: any) => (value: string) => [...value].length >= (s.minLength ?? 0) && [...value].length <= (s.maxLength ?? Infinity);

/** Values that `node` accepts. */
export function valid(node: any): fc.Arbitrary<unknown> {
  const s = deref(node);
  checkKeywords(s);
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((branch: any) => valid(branch)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(s.items), { maxLength: 4 });
    case 'string':
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'uri') return url;
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern, 'u')).filter(within(s));
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, 20) });
    case 'object': {
      const fields = Object.entries<any>(s.properties ?? {}).filter(([, p]) => p !== false);
      return fc.record(Object.fromEntries(fields.map(([k, p]) => [k, valid(p)])), { requiredKeys: (s.required ?? []).filter((k: string) => s.properties?.[k] !== false) });
    }
  }
  throw new Error(`arbitraries.ts cannot generate for ${JSON.stringify(s)}`);
}

// A uuid as SignalWire takes it: ajv-formats' `uuid` also takes a `urn:uuid:`
// prefix, which the spec's pattern refuses (DECISIONS.md D90).
const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const HTTP_URL = /^https?:\/\/[^\s/?#@:[\]]/i;

/**
 * Values that `node` refuses, for the constraints the brief names: a non-uuid,
 * a non-URL, a string the pattern refuses (a username with `@` or white
 * space), a value outside the enum or const, a string under minLength, a
 * non-null where only null goes, an array holding one bad item. `others`
 * are the values the same field takes in sibling variants: never used as
 * "bad", since they would select that variant instead.
 */
export function invalid(node: any, others: unknown[] = []): fc.Arbitrary<unknown> | undefined {
  const s = deref(node);
  const options: fc.Arbitrary<unknown>[] = [];
  if (s.anyOf) {
    // A value no branch takes: each branch's bad values, less those another branch takes.
    const bad = s.anyOf.map((branch: any) => invalid(branch, others)).filter(Boolean) as fc.Arbitrary<unknown>[];
    return bad.length ? fc.oneof(...bad).filter((v) => !s.anyOf.some((branch: any) => branchTakes(branch, v))) : undefined;
  }
  if ('const' in s || s.enum) {
    const allowed = [...(s.enum ?? [s.const]), ...others];
    options.push(fc.oneof(fc.string(), fc.constantFrom('relay_app', 'DISABLED', 'get', 'SPEEX')).filter((v) => !allowed.includes(v)));
  } else if (s.type === 'null') {
    options.push(fc.oneof(fc.uuid(), fc.string()));
  } else if (s.type === 'array') {
    const bad = invalid(s.items);
    if (bad) options.push(fc.tuple(fc.array(valid(s.items), { maxLength: 3 }), bad, fc.nat()).map(([items, item, at]) => items.toSpliced(at % (items.length + 1), 0, item)));
  } else if (s.type === 'string') {
    if (s.format === 'uuid') {
      options.push(
        fc
          .oneof(fc.string(), fc.uuid().map((u) => u.replace(/-/g, '')), fc.uuid().map((u) => `${u.slice(0, -1)}g`), fc.constant('not-a-uuid'), fc.uuid().map((u) => `urn:uuid:${u}`), fc.uuid().map((u) => `{${u}}`), fc.uuid().map((u) => ` ${u}`))
          .filter((v) => !UUID.test(v)),
      );
    }
    if (s.format === 'uri') {
      // No scheme: a bare host, a relative path, a protocol-relative URL.
      const host = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => `${l.join('.')}.com`);
      const path = fc.array(part('abc019-._~', 8), { maxLength: 3 }).map((p) => p.join('/'));
      // Another scheme, or http(s) without a host: ajv-formats' `uri` takes them, the spec's pattern does not (D90).
      const scheme = fc.constantFrom('javascript', 'ftp', 'file', 'data', 'mailto', 'ws', 'sip');
      const elsewhere = fc.tuple(scheme, host).map(([sc, h]) => `${sc}://${h}/x`);
      const hostless = fc.constantFrom('https://', 'http:x', 'https:///x', 'https://@/x', 'javascript:alert(1)', 'https://:443/x');
      options.push(fc.oneof(host, path, host.map((h) => `//${h}/x`), fc.constantFrom('not a url', 'www.example.com/hook'), elsewhere, hostless).filter((v) => !HTTP_URL.test(v)));
    }
    if (s.pattern) {
      const pattern = new RegExp(s.pattern, 'u');
      const insert = fc.tuple(valid(s), fc.constantFrom('@', ' ', '\t', '\n', '\u00a0'), fc.nat()).map(([v, c, at]) => {
        const chars = [...(v as string)];
        chars.splice(at % (chars.length + 1), 0, c);
        return chars.join('');
      });
      options.push(insert.filter((v) => !pattern.test(v)));
    }
    if (s.minLength) options.push(fc.string({ maxLength: s.minLength - 1 }));
  }
  return options.length ? fc.oneof(...options) : undefined;
}

const fields = (v: Variant): Record<string, any> => v.schema.properties ?? {};
const accepts = (schema: any, value: unknown) => {
  const s = deref(schema);
  return s !== false && s !== undefined && (!('const' in s) || s.const === value);
};

/**
 * A required field whose absence can't turn the body into another variant:
 * some other required field with its value would be refused there (a
 * foreign field, or a different `const`).
 */
function canGoMissing(v: Variant, all: Variant[], field: string): boolean {
  const rest = (v.schema.required as string[]).filter((k) => k !== field);
  const sample = (k: string) => deref(fields(v)[k]).const;
  return all.every(
    (w) => w === v || ((w.schema.required ?? []).includes(field) && fields(w)[field] !== false) || rest.some((k) => !accepts(fields(w)[k], sample(k))),
  );
}

/** Whether field `k` of variant `w` is foreign to `v`: absent from `v`, or there under another named schema. */
function foreignIn(v: Variant, w: Variant, k: string): boolean {
  const theirs = fields(w)[k];
  const ours = fields(v)[k];
  if (w === v || theirs === undefined || theirs === false || 'const' in deref(theirs)) return false;
  return !(k in fields(v)) || (ours !== false && ours.$ref !== undefined && ours.$ref !== theirs.$ref);
}

/** The defects one body of variant `v` can carry: each kind with the fields it applies to. */
export function defects(v: Variant, all: Variant[]): Map<Defect['kind'], string[]> {
  const own = fields(v);
  const out = new Map<Defect['kind'], string[]>();
  const missing = (v.schema.required ?? []).filter((k: string) => canGoMissing(v, all, k));
  // Another variant's field: one this variant lacks, or has with another schema (Fabric's
  // calling_handler_resource_id: a uuid with `resource`, only null with the others).
  const foreign = [...new Set(all.flatMap((w) => Object.keys(fields(w)).filter((k) => foreignIn(v, w, k))))].sort();
  const bad = Object.keys(own).filter((k) => own[k] !== false && invalid(own[k]) !== undefined);
  if (missing.length) out.set('missing', missing);
  if (foreign.length) out.set('foreign', foreign);
  if (bad.length) out.set('bad value', bad);
  return out;
}

/** What makes a field's bad value bad: `format uuid`, `pattern`, `enum`, `items enum`, … */
export function constraintsOf(node: any): string[] {
  const s = deref(node);
  if (s.type === 'array') return constraintsOf(s.items).map((c) => `items ${c}`);
  // "This, or null": the constraints of the branches that are not the null one.
  if (s.anyOf) return [...new Set<string>(s.anyOf.filter((b: any) => deref(b).type !== 'null').flatMap((b: any) => constraintsOf(b)))];
  return [s.format && `format ${s.format}`, s.pattern && 'pattern', s.enum && 'enum', 'const' in s && 'const', s.type === 'null' && 'null', s.minLength && 'minLength'].filter(Boolean);
}

/** A body of variant `v` with exactly one defect, and which one. */
export function withOneDefect(v: Variant, all: Variant[]): fc.Arbitrary<{ defect: Defect; body: Record<string, unknown> }> {
  const kinds = defects(v, all);
  // The value each defect puts in, by field: built once, drawn from on every run.
  const foreignValue = new Map(
    (kinds.get('foreign') ?? []).map((field) => {
      const owner = all.find((w) => foreignIn(v, w, field))!;
      const ours = fields(v)[field];
      // A value this variant's own schema for the field would also take is no defect.
      const refused = (value: unknown) => !ours || !validate(refName(ours)!, value).valid;
      return [field, valid(fields(owner)[field]).filter(refused)] as const;
    }),
  );
  const badValue = new Map(
    (kinds.get('bad value') ?? []).map((field) => {
      const others = all.map((w) => deref(fields(w)[field])?.const).filter((c) => c !== undefined);
      return [field, invalid(fields(v)[field], others)!] as const;
    }),
  );
  const pick = fc.constantFrom(...kinds.keys()).chain((kind) => fc.constantFrom(...kinds.get(kind)!).map((field) => ({ kind, field })));
  return fc.tuple(pick, valid(v.schema)).chain(([defect, generated]) => {
    const body = { ...(generated as Record<string, unknown>) };
    const { kind, field } = defect;
    if (kind === 'missing') {
      delete body[field];
      return fc.constant({ defect, body });
    }
    // A foreign field, or a bad value for one of the variant's own fields (whether the body had it or not).
    const value = kind === 'foreign' ? foreignValue.get(field)! : badValue.get(field)!;
    return value.map((x) => ({ defect, body: { ...body, [field]: x } }));
  });
}

/** fast-check settings shared by the property tests: a fixed seed unless FC_SEED says otherwise. */
export function fcParameters(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261123;
  return { seed, numRuns: process.env.FC_RUNS ? Number(process.env.FC_RUNS) : numRuns, path: process.env.FC_PATH, endOnFailure: false };
}
