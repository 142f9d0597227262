// @ts-check
// Compares our bundle with SignalWire's published OpenAPI document, operation
// by operation (matched by method and path template, whatever the path
// parameters are called), and says of every difference whether a decision
// explains it (`x-decision` on our side, DECISIONS.md) or not.
//
// Kinds are named from upstream's side: `field-extra` is a field upstream
// has and we do not, `enum-widened` values upstream allows and we refuse,
// `status-removed` a status we describe and upstream does not.
import { isObject, listOperations, normalizeSchema, templateKey } from '../spec/index.mjs';
import { decisionsOf } from './decisions.mjs';

/**
 * Every kind of difference, with what it means. Values are sentences for
 * the report's legend.
 */
export const KINDS = Object.freeze({
  'path-missing': 'upstream has no operation on this path template',
  'operation-missing': 'upstream has the path but not this method',
  'operation-extra': 'upstream has a method on one of our paths that we do not describe',
  operationId: 'the operationIds differ',
  'status-removed': 'we describe a status upstream does not',
  'status-added': 'upstream describes a status we do not',
  'parameter-missing': 'we take a parameter upstream does not',
  'parameter-extra': 'upstream takes a parameter we do not',
  'body-missing': 'we describe a JSON body where upstream has none',
  'body-extra': 'upstream describes a JSON body where we have none',
  'field-missing': 'we have a field upstream does not',
  'field-extra': 'upstream has a field we do not',
  'required-added': 'upstream requires what we leave optional',
  'required-removed': 'we require what upstream leaves optional',
  'nullable-added': 'upstream allows null where we do not',
  'nullable-removed': 'we allow null where upstream does not',
  type: 'the types differ',
  format: 'the formats differ',
  'enum-widened': 'upstream allows values we refuse',
  'enum-narrowed': 'we allow values upstream refuses',
  default: 'the defaults differ',
  constraint: 'upstream states a pattern, length, range or item count we do not, or another value',
  'union-vs-flat': 'one side is a union (oneOf/anyOf), the other one object',
  'variant-missing': 'we have a union variant upstream does not',
  'variant-extra': 'upstream has a union variant we do not',
});

/**
 * @typedef {object} Difference
 * @property {keyof typeof KINDS} kind
 * @property {{ operationId: string | undefined, method: string, path: string, family: string | null }} operation ours (for `operation-extra`, upstream's)
 * @property {string | undefined} upstreamOperationId
 * @property {string} where `operation`, `request body`, `response 200`, `parameter query page_size`
 * @property {string} field JSON field path inside it (`data[].sip_endpoint.caller_id`), `''` for the whole part
 * @property {string[]} variants our (or upstream's) union variants the difference was found in, by schema name; empty outside unions
 * @property {unknown} ours our side's value (`null`-free JSON; `undefined` when absent)
 * @property {unknown} upstream upstream's value
 * @property {string} message one sentence
 * @property {string[]} decisions the decision ids that explain it (empty when unexplained)
 * @property {string[]} unknownDecisions `x-decision` ids found on the way that DECISIONS.md lacks (they explain nothing)
 * @property {boolean} explained
 */

/**
 * @typedef {object} Comparison
 * @property {Difference[]} differences unexplained first, then by operation
 * @property {{ ours: number, matched: number }} operations how many of our operations there are and how many upstream has
 */

/**
 * @typedef {import('../spec/index.mjs').Operation} Operation
 * @typedef {import('../spec/schema.mjs').NormalSchema} NormalSchema
 * @typedef {keyof typeof KINDS} Kind
 * @typedef {{ ours?: unknown, upstream?: unknown, variant?: string }} Values both sides' values, and the variant they were found in
 * @typedef {(kind: Kind, where: string, field: string, values: Values, anchors: unknown[], message?: string) => void} Report
 * @typedef {(kind: Kind, field: string, values: Values, anchors: unknown[], message?: string) => void} LocalReport a Report with `where` (and the variant) fixed
 * @typedef {object} Context
 * @property {Operation} op
 * @property {Map<object, string>} ourNames
 * @property {Map<object, string>} theirNames
 * @property {string | undefined} upstreamOperationId
 * @property {Array<[object, object]>} stack the schema pairs being compared, outermost first
 * @property {Report} report records one difference; `anchors` are our nodes whose `x-decision` may explain it, most specific first
 * @typedef {{ extra?: unknown[], unions?: unknown[], variant?: string, depth?: number }} SchemaOptions
 */

const MAX_DEPTH = 24;

/**
 * Compares two loaded documents (see lib/spec `loadDocument`).
 *
 * @param {import('../spec/index.mjs').LoadedDocument} ours our bundle
 * @param {import('../spec/index.mjs').LoadedDocument} upstream SignalWire's document
 * @param {{ decisions: Map<string, string> }} options decisions: the ids DECISIONS.md defines → their titles (see `readDecisions`)
 * @returns {Comparison}
 */
export function compareDocuments(ours, upstream, { decisions }) {
  const ourOps = listOperations(ours);
  const theirOps = listOperations(upstream);
  const theirs = new Map(theirOps.map((op) => [`${op.method} ${op.template}`, op]));
  const ourKeys = new Set(ourOps.map((op) => `${op.method} ${op.template}`));
  const ourTemplates = new Map(ourOps.map((op) => [op.template, op]));
  const theirTemplates = new Set(theirOps.map((op) => op.template));
  /** @type {Difference[]} */
  const found = [];
  let matched = 0;

  for (const op of ourOps) {
    const ctx = context(op, ours.names, upstream.names, found, decisions);
    const other = theirs.get(`${op.method} ${op.template}`);
    if (!other) {
      const kind = theirTemplates.has(op.template) ? 'operation-missing' : 'path-missing';
      ctx.report(kind, 'operation', '', { ours: `${op.method.toUpperCase()} ${op.path}`, upstream: undefined }, [op.operation, op.pathItem]);
      continue;
    }
    matched++;
    ctx.upstreamOperationId = other.operationId;
    compareOperation(ctx, op, other);
  }
  for (const other of theirOps) {
    const mine = ourTemplates.get(other.template);
    if (!mine || ourKeys.has(`${other.method} ${other.template}`)) continue;
    const ctx = context({ ...other, family: null }, ours.names, upstream.names, found, decisions);
    ctx.upstreamOperationId = other.operationId;
    ctx.report('operation-extra', 'operation', '', { ours: undefined, upstream: `${other.method.toUpperCase()} ${other.path}` }, [mine.pathItem]);
  }
  return { differences: collapse(found), operations: { ours: ourOps.length, matched } };
}

/**
 * @param {Operation} op
 * @param {Map<object, string>} ourNames
 * @param {Map<object, string>} theirNames
 * @param {Difference[]} found where differences are recorded
 * @param {Map<string, string>} decisions
 * @returns {Context}
 */
function context(op, ourNames, theirNames, found, decisions) {
  /** @type {Context} */
  const ctx = {
    op,
    ourNames,
    theirNames,
    upstreamOperationId: undefined,
    stack: [],
    report(kind, where, field, { ours, upstream, variant }, anchors, message) {
      const { ids, unknown } = explanation(anchors, decisions);
      found.push({
        kind,
        operation: { operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, family: op.family },
        upstreamOperationId: ctx.upstreamOperationId,
        where,
        field,
        variants: variant ? [variant] : [],
        ours,
        upstream,
        message: message ?? KINDS[kind],
        decisions: ids,
        unknownDecisions: unknown,
        explained: ids.length > 0,
      });
    },
  };
  return ctx;
}

/**
 * The decisions of the first anchor that carries `x-decision`; ids missing from DECISIONS.md explain nothing.
 *
 * @param {unknown[]} anchors
 * @param {Map<string, string>} decisions
 * @returns {{ ids: string[], unknown: string[] }}
 */
function explanation(anchors, decisions) {
  for (const node of anchors) {
    const ids = decisionsOf(node);
    if (!ids.length) continue;
    const unknown = ids.filter((id) => !decisions.has(id));
    return { ids: unknown.length ? [] : ids, unknown };
  }
  return { ids: [], unknown: [] };
}

/**
 * @param {Context} ctx
 * @param {Operation} ours
 * @param {Operation} theirs
 */
function compareOperation(ctx, ours, theirs) {
  if (ours.operationId !== theirs.operationId) ctx.report('operationId', 'operation', '', { ours: ours.operationId, upstream: theirs.operationId }, [ours.operation]);
  compareParameters(ctx, ours, theirs);

  if (ours.requestBody || theirs.requestBody) {
    const where = 'request body';
    const anchors = [ours.requestBody, ours.operation].filter(Boolean);
    if (ours.requestSchema && !theirs.requestSchema) ctx.report('body-missing', where, '', { ours: 'JSON body', upstream: undefined }, anchors);
    else if (!ours.requestSchema && theirs.requestSchema) ctx.report('body-extra', where, '', { ours: undefined, upstream: 'JSON body' }, anchors);
    else if (ours.requestSchema && theirs.requestSchema) {
      const [a, b] = [ours.requestBody?.required === true, theirs.requestBody?.required === true];
      if (a !== b) ctx.report(b ? 'required-added' : 'required-removed', where, '', { ours: a, upstream: b }, anchors, b ? 'upstream requires the body' : 'we require the body, upstream does not');
      compareSchema(ctx, where, '', ours.requestSchema, theirs.requestSchema, { extra: anchors });
    }
  }

  const statuses = new Set([...Object.keys(ours.responses), ...Object.keys(theirs.responses)]);
  for (const status of [...statuses].sort()) {
    const a = ours.responses[status];
    const b = theirs.responses[status];
    const where = `response ${status}`;
    if (a && !b) ctx.report('status-removed', where, '', { ours: status, upstream: undefined }, [a.response, ours.operation]);
    else if (!a && b) ctx.report('status-added', where, '', { ours: undefined, upstream: status }, [ours.operation]);
    else if (a.schema && !b.schema) ctx.report('body-missing', where, '', { ours: 'JSON body', upstream: undefined }, [a.response, ours.operation]);
    else if (!a.schema && b.schema) ctx.report('body-extra', where, '', { ours: undefined, upstream: 'JSON body' }, [a.response, ours.operation]);
    else if (a.schema && b.schema) compareSchema(ctx, where, '', a.schema, b.schema, { extra: [a.response] });
  }
}

/**
 * @param {Context} ctx
 * @param {Operation} ours
 * @param {Operation} theirs
 */
function compareParameters(ctx, ours, theirs) {
  // Path parameters pair by position, so `{id}` and `{sip_endpoint_id}` are the same parameter.
  const rename = new Map(theirs.pathParameters.map((name, i) => [name, ours.pathParameters[i] ?? name]));
  /** @type {(p: any, renamed: boolean) => string} */
  const key = (p, renamed) => `${p.in} ${p.in === 'path' && renamed ? (rename.get(p.name) ?? p.name) : p.name}`;
  const mine = new Map(ours.parameters.map((p) => [key(p, false), p]));
  const other = new Map(theirs.parameters.map((p) => [key(p, true), p]));
  for (const k of new Set([...mine.keys(), ...other.keys()])) {
    const a = mine.get(k);
    const b = other.get(k);
    const where = `parameter ${k}`;
    const anchors = [a, ours.operation].filter(Boolean);
    if (a && !b) ctx.report('parameter-missing', where, '', { ours: k, upstream: undefined }, anchors);
    else if (!a && b) ctx.report('parameter-extra', where, '', { ours: undefined, upstream: k }, anchors);
    else {
      const [ra, rb] = [a.required === true, b.required === true];
      if (ra !== rb) ctx.report(rb ? 'required-added' : 'required-removed', where, '', { ours: ra, upstream: rb }, anchors);
      // The parameter's own x-decision covers its presence and required flag; its schema's values need one in `schema`.
      compareSchema(ctx, where, '', a.schema, b.schema);
    }
  }
}

/**
 * A readable name for a variant: its component name, else its title, else its position.
 *
 * @param {Map<object, string>} names
 * @param {any} schema
 * @param {number} index
 * @returns {string}
 */
function variantName(names, schema, index) {
  const name = names.get(schema);
  if (name?.startsWith('schemas/')) return name.slice('schemas/'.length);
  return typeof schema?.title === 'string' ? schema.title : `variant ${index + 1}`;
}

/** @type {(field: string, name: string) => string} */
const join = (field, name) => (field ? `${field}.${name}` : name);
/** @type {(values: unknown[] | null) => Set<string>} */
const setOf = (values) => new Set((values ?? []).map((v) => JSON.stringify(v)));
/** @type {(set: Set<string>) => unknown[]} */
const listOf = (set) => [...set].map((v) => JSON.parse(v));

/**
 * Compares one schema of ours with upstream's at `where`/`field`.
 * `extra`: anchors after the schema's own nodes (the response, the
 * parameter, an array's own nodes for its items). `variant`: the variant
 * label the comparison runs under.
 *
 * @param {Context} ctx
 * @param {string} where
 * @param {string} field
 * @param {unknown} oursNode
 * @param {unknown} theirsNode
 * @param {SchemaOptions} [options]
 */
function compareSchema(ctx, where, field, oursNode, theirsNode, { extra = [], unions = [], variant, depth = 0 } = {}) {
  if (depth > MAX_DEPTH || !isObject(oursNode) || !isObject(theirsNode)) return;
  // Circular schemas: a pair already being compared further up is not entered again.
  if (ctx.stack.some(([a, b]) => a === oursNode && b === theirsNode)) return;
  ctx.stack.push([oursNode, theirsNode]);
  try {
    compareNodes(ctx, where, field, oursNode, theirsNode, { extra, unions, variant, depth });
  } finally {
    ctx.stack.pop();
  }
}

/**
 * @param {Context} ctx
 * @param {string} where
 * @param {string} field
 * @param {object} oursNode
 * @param {object} theirsNode
 * @param {{ extra: unknown[], unions: unknown[], variant?: string, depth: number }} options
 */
function compareNodes(ctx, where, field, oursNode, theirsNode, { extra, unions, variant, depth }) {
  const o = normalizeSchema(oursNode);
  const t = normalizeSchema(theirsNode);
  const here = [...o.nodes, ...extra];
  /** @type {LocalReport} */
  const report = (kind, f, values, anchors, message) => ctx.report(kind, where, f, { ...values, variant }, anchors, message);

  if (o.variants && !t.variants) {
    const names = o.variants.map((v, i) => variantName(ctx.ourNames, v.schema, i));
    report('union-vs-flat', field, { ours: `oneOf of ${names.length}: ${names.join(', ')}`, upstream: 'one object' }, [...here, ...unionNodes(o)], 'we describe a union where upstream has one object; each of our variants is compared with it');
    compareUnionWithObject(ctx, where, field, o, t, { extra, depth });
    return;
  }
  if (!o.variants && t.variants) {
    const names = t.variants.map((v, i) => variantName(ctx.theirNames, v.schema, i));
    report('union-vs-flat', field, { ours: 'one object', upstream: `oneOf of ${names.length}: ${names.join(', ')}` }, here, 'upstream describes a union where we have one object; our object is compared with each of its variants');
    t.variants.forEach((v, i) => compareSchema(ctx, where, field, oursNode, v.schema, { extra, unions, variant: `upstream ${names[i]}`, depth: depth + 1 }));
    return;
  }
  if (o.variants && t.variants) {
    compareUnions(ctx, where, field, o, t, { extra, depth });
    return;
  }

  compareValue(report, field, o, t, here);
  // An object against an array (or a string) has no fields in common worth listing: the type difference says it.
  if (o.types.length && t.types.length && !o.types.some((x) => t.types.includes(x))) return;
  compareMembers(ctx, where, field, o, t, { unions, variant, depth, report });
  if (o.items || t.items) {
    if (o.items && t.items) compareSchema(ctx, where, `${field}[]`, o.items, t.items, { extra: here, variant, depth: depth + 1 });
  }
}

/**
 * Type, nullability, enum values, format and default of one schema.
 *
 * @param {LocalReport} report
 * @param {string} field
 * @param {NormalSchema} o
 * @param {NormalSchema} t
 * @param {unknown[]} anchors
 */
function compareValue(report, field, o, t, anchors) {
  const [ta, tb] = [o.types.join('|'), t.types.join('|')];
  if (ta !== tb && ta && tb) report('type', field, { ours: ta, upstream: tb }, anchors);
  if (o.nullable !== t.nullable) report(t.nullable ? 'nullable-added' : 'nullable-removed', field, { ours: o.nullable, upstream: t.nullable }, anchors);
  // Enum values of scalars only, and only when neither side is an object or array (the type difference says that).
  const scalar = ![...o.types, ...t.types].some((x) => x === 'object' || x === 'array');
  if (scalar && (o.enum || t.enum)) {
    const a = setOf(o.enum);
    const b = setOf(t.enum);
    if (o.enum && !t.enum) report('enum-widened', field, { ours: listOf(a), upstream: 'any value' }, anchors, 'upstream allows any value where we list some');
    else if (!o.enum && t.enum) report('enum-narrowed', field, { ours: 'any value', upstream: listOf(b) }, anchors, 'upstream lists values where we allow any');
    else {
      const added = [...b].filter((v) => !a.has(v));
      const removed = [...a].filter((v) => !b.has(v));
      if (added.length) report('enum-widened', field, { ours: listOf(a), upstream: listOf(b) }, anchors, `upstream also allows ${added.join(', ')}`);
      if (removed.length) report('enum-narrowed', field, { ours: listOf(a), upstream: listOf(b) }, anchors, `upstream does not allow ${removed.join(', ')}`);
    }
  }
  if ((o.format ?? null) !== (t.format ?? null)) report('format', field, { ours: o.format ?? undefined, upstream: t.format ?? undefined }, anchors);
  if (o.hasDefault !== t.hasDefault || (o.hasDefault && JSON.stringify(o.default) !== JSON.stringify(t.default))) {
    report('default', field, { ours: o.default, upstream: t.default }, anchors);
  }
  // Constraints upstream states and we do not share; one only we state is our strictness, not a change upstream (D159).
  for (const keyword of CONSTRAINTS) {
    const [a, b] = [constraintOf(o, keyword), constraintOf(t, keyword)];
    if (b === undefined || JSON.stringify(a) === JSON.stringify(b)) continue;
    const message = a === undefined ? `upstream states ${keyword} where we do not` : `upstream's ${keyword} differs from ours`;
    report('constraint', field, { ours: a === undefined ? undefined : { [keyword]: a }, upstream: { [keyword]: b } }, anchors, message);
  }
}

/** The validation keywords compared besides type, format, enum and nullability (JSON Schema's names). */
const CONSTRAINTS = Object.freeze(['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems']);

/**
 * A keyword's value on the first node of a reading that has it (the schema, then its allOf pieces), or undefined.
 *
 * @param {NormalSchema} n
 * @param {string} keyword
 * @returns {unknown}
 */
function constraintOf(n, keyword) {
  const node = n.nodes.find((x) => isObject(x) && Object.hasOwn(x, keyword));
  return node ? /** @type {any} */ (node)[keyword] : undefined;
}

/**
 * Which fields each side has and requires, then each common field.
 *
 * @param {Context} ctx
 * @param {string} where
 * @param {string} field
 * @param {NormalSchema} o
 * @param {NormalSchema} t
 * @param {{ unions: unknown[], variant?: string, depth: number, report: LocalReport }} options
 */
function compareMembers(ctx, where, field, o, t, { unions, variant, depth, report }) {
  const container = [...o.nodes, ...unions];
  const names = new Set([...Object.keys(o.properties), ...Object.keys(t.properties)]);
  for (const name of [...names].sort()) {
    const a = Object.hasOwn(o.properties, name) ? o.properties[name] : undefined;
    const b = Object.hasOwn(t.properties, name) ? t.properties[name] : undefined;
    const f = join(field, name);
    const own = a ? written(ctx, a) : [];
    if (a && !b) {
      report('field-missing', f, { ours: describe(a), upstream: undefined }, [...own, ...container]);
      continue;
    }
    if (!a && b) {
      report('field-extra', f, { ours: undefined, upstream: describe(b) }, container);
      continue;
    }
    const [ra, rb] = [o.required.has(name), t.required.has(name)];
    if (ra !== rb) report(rb ? 'required-added' : 'required-removed', f, { ours: ra, upstream: rb }, [...own, ...container]);
    compareSchema(ctx, where, f, a, b, { variant, depth: depth + 1 });
  }
}

/**
 * Our union against upstream's one object: union-level fields once, then each variant's own.
 *
 * @param {Context} ctx
 * @param {string} where
 * @param {string} field
 * @param {NormalSchema} o our union (`variants` set)
 * @param {NormalSchema} t
 * @param {{ extra: unknown[], depth: number }} options
 */
function compareUnionWithObject(ctx, where, field, o, t, { extra, depth }) {
  const anchors = [...o.nodes, ...unionNodes(o), ...extra];
  /** @type {(kind: Kind, f: string, values: Values, a: unknown[], message?: string, variant?: string) => void} */
  const report = (kind, f, values, a, message, variant) => ctx.report(kind, where, f, { ...values, variant }, a, message);
  const d = o.discriminator;
  const variants = (o.variants ?? []).map((v, i) => ({ ...v, name: variantName(ctx.ourNames, v.schema, i), n: normalizeSchema(v.schema) }));

  // Which fields the union has at all, against upstream's.
  /** @type {Map<string, unknown>} */
  const all = new Map();
  for (const v of variants) for (const [name, sub] of Object.entries(v.n.properties)) if (!all.has(name)) all.set(name, sub);
  for (const name of [...new Set([...all.keys(), ...Object.keys(t.properties)])].sort()) {
    const f = join(field, name);
    if (all.has(name) && !Object.hasOwn(t.properties, name)) report('field-missing', f, { ours: describe(all.get(name)), upstream: undefined }, [...written(ctx, all.get(name)), ...anchors]);
    if (!all.has(name) && Object.hasOwn(t.properties, name)) report('field-extra', f, { ours: undefined, upstream: describe(t.properties[name]) }, anchors);
  }

  // The discriminator: every variant's value together against upstream's enum.
  if (d && Object.hasOwn(t.properties, d)) {
    const values = variants.flatMap((v) => (Object.hasOwn(v.n.properties, d) ? (normalizeSchema(v.n.properties[d]).enum ?? []) : []));
    const td = normalizeSchema(t.properties[d]);
    const union = { ...td, enum: values, nullable: false, hasDefault: false, default: undefined, format: td.format };
    compareValue((kind, f, values2, a, message) => report(kind, f, values2, a, message), join(field, d), union, td, anchors);
  }

  for (const v of variants) {
    const container = [...v.n.nodes, ...v.unions];
    for (const name of Object.keys(v.n.properties).sort()) {
      if (!Object.hasOwn(t.properties, name)) continue;
      const f = join(field, name);
      const own = written(ctx, v.n.properties[name]);
      const [ra, rb] = [v.n.required.has(name), t.required.has(name)];
      if (ra !== rb) report(rb ? 'required-added' : 'required-removed', f, { ours: ra, upstream: rb }, [...own, ...container], undefined, v.name);
      if (name !== d) compareSchema(ctx, where, f, v.n.properties[name], t.properties[name], { variant: v.name, depth: depth + 1 });
    }
    // A field upstream requires that this variant lacks while others have it.
    for (const name of t.required) {
      if (!Object.hasOwn(v.n.properties, name) && all.has(name)) report('required-added', join(field, name), { ours: 'absent from this variant', upstream: true }, container, 'upstream requires a field this variant does not have', v.name);
    }
  }
}

/**
 * Two unions: variants paired by discriminator value, else by position.
 *
 * @param {Context} ctx
 * @param {string} where
 * @param {string} field
 * @param {NormalSchema} o our union (`variants` set)
 * @param {NormalSchema} t upstream's union (`variants` set)
 * @param {{ extra: unknown[], depth: number }} options
 */
function compareUnions(ctx, where, field, o, t, { extra, depth }) {
  const d = o.discriminator ?? t.discriminator;
  /** @type {(n: NormalSchema, names: Map<object, string>) => Array<import('../spec/schema.mjs').Variant & { key: string, name: string }>} */
  const keyed = (n, names) => {
    const out = (n.variants ?? []).map((v, i) => {
      const value = d ? normalizeSchema(normalizeSchema(v.schema).properties[d]).enum : null;
      return { ...v, key: value?.length === 1 ? JSON.stringify(value[0]) : `#${i}`, name: variantName(names, v.schema, i) };
    });
    // Two variants with one discriminator value cannot be told apart by it: pair by position instead.
    if (new Set(out.map((v) => v.key)).size < out.length) out.forEach((v, i) => (v.key = `#${i}`));
    return out;
  };
  const a = keyed(o, ctx.ourNames);
  const b = new Map(keyed(t, ctx.theirNames).map((v) => [v.key, v]));
  const anchors = [...o.nodes, ...unionNodes(o), ...extra];
  for (const v of a) {
    const w = b.get(v.key);
    if (!w) {
      ctx.report('variant-missing', where, field, { ours: v.name, upstream: undefined, variant: v.name }, [...normalizeSchema(v.schema).nodes, ...anchors]);
      continue;
    }
    b.delete(v.key);
    compareSchema(ctx, where, field, v.schema, w.schema, { unions: v.unions, variant: v.name, depth: depth + 1 });
  }
  for (const w of b.values()) ctx.report('variant-extra', where, field, { ours: undefined, upstream: w.name }, anchors);
}

/**
 * The nodes of a property that belong to the object it is in: the property
 * as written there (inline, or a `$ref` with siblings), not the shared
 * component a plain `$ref` points at. A link on a component explains that
 * component's own values wherever it is used, never whether some object
 * has or requires it.
 *
 * @param {Context} ctx
 * @param {unknown} property
 * @returns {unknown[]}
 */
function written(ctx, property) {
  return normalizeSchema(property).nodes.filter((node) => typeof node !== 'object' || node === null || !ctx.ourNames.has(node));
}

/** @type {(n: NormalSchema) => unknown[]} */
const unionNodes = (n) => [...new Set((n.variants ?? []).flatMap((v) => v.unions))];

/**
 * A short description of a field's schema for the report (`string|null uuid`, `enum(a, b)`).
 *
 * @param {unknown} schema
 * @returns {string}
 */
function describe(schema) {
  const n = normalizeSchema(schema);
  const type = n.variants ? `oneOf(${n.variants.length})` : n.types.join('|') || 'any';
  const parts = [type + (n.nullable ? '|null' : '')];
  if (n.format) parts.push(n.format);
  if (n.enum) parts.push(`enum(${n.enum.map((v) => JSON.stringify(v)).join(', ')})`);
  return parts.join(' ');
}

/**
 * Folds identical differences found in several variants into one that names them all.
 *
 * @param {Difference[]} found
 * @returns {Difference[]}
 */
function collapse(found) {
  /** @type {Map<string, Difference>} */
  const byKey = new Map();
  for (const d of found) {
    const key = JSON.stringify([d.operation.method, d.operation.path, d.kind, d.where, d.field, d.ours, d.upstream, d.message, d.decisions, d.unknownDecisions]);
    const seen = byKey.get(key);
    if (seen) {
      for (const v of d.variants) if (!seen.variants.includes(v)) seen.variants.push(v);
    } else byKey.set(key, { ...d, variants: [...d.variants] });
  }
  return [...byKey.values()];
}
