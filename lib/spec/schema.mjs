// @ts-check
// One reading of a dereferenced JSON schema, the same whichever way its
// author wrote it: OpenAPI 3.0 `nullable: true`, 3.1 `type: [x, 'null']`, a
// `null` branch in `anyOf`/`oneOf`, `const` or `enum`, `allOf` pieces. Tools
// that compare or explain schemas read this instead of the raw keywords.

/**
 * @typedef {object} Variant
 * @property {any} schema the variant's schema (a dereferenced node)
 * @property {any[]} unions the union nodes it sits in, outermost first (nested `oneOf`s are flattened)
 */

/**
 * @typedef {object} NormalSchema
 * @property {string[]} types the JSON types a value may have besides null, sorted; inferred from `properties`/`items`/`enum` when `type` is absent; empty when anything goes
 * @property {boolean} nullable whether `null` is allowed, however written
 * @property {unknown[] | null} enum the allowed non-null values (`const` is an enum of one), or null when not restricted
 * @property {string | null} format
 * @property {boolean} hasDefault
 * @property {unknown} default
 * @property {Record<string, any>} properties own properties, `allOf` pieces merged (first definition of a name wins); a null-prototype object
 * @property {Set<string>} required
 * @property {any | null} items the array item schema
 * @property {Variant[] | null} variants the non-null branches of `oneOf`/`anyOf` when there are two or more, nested unions flattened; else null
 * @property {string | null} discriminator `discriminator.propertyName` of the union, or the property every variant fixes with a one-value enum
 * @property {any[]} nodes the schema nodes this reading was made from (the node itself, its `allOf` pieces, an unwrapped single branch), for looking up annotations such as `x-decision`
 */

const MAX_DEPTH = 32;

/**
 * Reads a dereferenced schema node. Never throws: a non-object reads as "anything".
 *
 * @param {any} schema
 * @returns {NormalSchema}
 */
export function normalizeSchema(schema) {
  return read(schema, 0);
}

/**
 * The sorted JSON types of a schema, `null` excluded (see `NormalSchema.types`).
 *
 * @param {any} schema
 * @returns {string[]}
 */
export function schemaTypes(schema) {
  return read(schema, 0).types;
}

/** @returns {NormalSchema & { types: string[] }} */
function empty() {
  // No prototype: a property named `__proto__` or `constructor` is data like any other.
  return { types: [], nullable: false, enum: null, format: null, hasDefault: false, default: undefined, properties: Object.create(null), required: new Set(), items: null, variants: null, discriminator: null, nodes: [] };
}

/** @type {(value: unknown) => value is Record<string, any>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** @param {unknown} node */
const isNullSchema = (node) => isObject(node) && (node.type === 'null' || (Array.isArray(node.type) && node.type.length === 1 && node.type[0] === 'null') || node.const === null || (Array.isArray(node.enum) && node.enum.length === 1 && node.enum[0] === null));

/**
 * @param {any} node
 * @param {number} depth
 * @returns {NormalSchema}
 */
function read(node, depth) {
  const out = empty();
  if (!isObject(node) || depth > MAX_DEPTH) return out;
  out.nodes.push(node);
  /** @type {Set<string>} */
  const types = new Set();
  if (typeof node.type === 'string') types.add(node.type);
  if (Array.isArray(node.type)) for (const t of node.type) if (typeof t === 'string') types.add(t);
  if (types.delete('null')) out.nullable = true;
  if (node.nullable === true) out.nullable = true;
  let values = null;
  if (Object.hasOwn(node, 'const')) values = [node.const];
  else if (Array.isArray(node.enum)) values = [...node.enum];
  if (values) {
    if (values.some((v) => v === null)) out.nullable = true;
    out.enum = values.filter((v) => v !== null);
  }
  if (typeof node.format === 'string') out.format = node.format;
  if (Object.hasOwn(node, 'default')) {
    out.hasDefault = true;
    out.default = node.default;
  }
  if (isObject(node.properties)) for (const [name, sub] of Object.entries(node.properties)) out.properties[name] = sub;
  if (Array.isArray(node.required)) for (const name of node.required) if (typeof name === 'string') out.required.add(name);
  if (isObject(node.items)) out.items = node.items;
  if (typeof node.discriminator?.propertyName === 'string') out.discriminator = node.discriminator.propertyName;

  // allOf pieces add to the node; a null piece makes it nullable only when the node states no type.
  for (const piece of Array.isArray(node.allOf) ? node.allOf : []) merge(out, types, read(piece, depth + 1), !node.type);

  const branches = [...(Array.isArray(node.oneOf) ? node.oneOf : []), ...(Array.isArray(node.anyOf) ? node.anyOf : [])];
  if (branches.length) {
    const real = branches.filter((b) => !isNullSchema(b));
    if (real.length < branches.length) out.nullable = true;
    if (real.length === 1 && !isObject(node.properties)) {
      // `anyOf: [X, {type: null}]` is X, nullable.
      merge(out, types, read(real[0], depth + 1), true);
    } else if (real.length > 1) {
      out.variants = flatten(node, real, depth);
      for (const v of out.variants) for (const t of read(v.schema, depth + 1).types) types.add(t);
    }
  }

  if (types.size === 0) {
    if (Object.keys(out.properties).length || out.required.size) types.add('object');
    else if (out.items) types.add('array');
    else if (out.enum?.length) for (const v of out.enum) types.add(jsonType(v));
  }
  if (types.has('number')) types.delete('integer');
  out.types = [...types].sort();
  if (out.variants && !out.discriminator) out.discriminator = fixedProperty(out.variants, depth);
  return out;
}

/** Adds what `part` says to `out` (first word wins for enum, format, default, each property). */
/**
 * @param {NormalSchema} out
 * @param {Set<string>} types
 * @param {NormalSchema} part
 * @param {boolean} nullable
 */
function merge(out, types, part, nullable) {
  out.nodes.push(...part.nodes);
  for (const t of part.types) types.add(t);
  if (part.nullable && nullable) out.nullable = true;
  if (out.enum === null && part.enum !== null) out.enum = part.enum;
  out.format ??= part.format;
  if (!out.hasDefault && part.hasDefault) Object.assign(out, { hasDefault: true, default: part.default });
  for (const [name, sub] of Object.entries(part.properties)) if (!Object.hasOwn(out.properties, name)) out.properties[name] = sub;
  for (const name of part.required) out.required.add(name);
  out.items ??= part.items;
  out.variants ??= part.variants;
  out.discriminator ??= part.discriminator;
}

/**
 * @param {any} union
 * @param {any[]} branches
 * @param {number} depth
 * @returns {Variant[]}
 */
function flatten(union, branches, depth) {
  /** @type {Variant[]} */
  const out = [];
  for (const branch of branches) {
    const nested = isObject(branch) && !isObject(branch.properties) ? [...(branch.oneOf ?? []), ...(branch.anyOf ?? [])].filter((b) => !isNullSchema(b)) : [];
    if (nested.length > 1 && depth < MAX_DEPTH) {
      for (const inner of flatten(branch, nested, depth + 1)) out.push({ schema: inner.schema, unions: [union, ...inner.unions] });
    } else out.push({ schema: branch, unions: [union] });
  }
  return out;
}

/**
 * The discriminating property of flattened variants: a nested union's
 * `discriminator.propertyName`, else the property that every variant
 * declaring it fixes to one value (declared by two variants at least).
 */
/**
 * @param {Variant[]} variants
 * @param {number} depth
 * @returns {string | null}
 */
function fixedProperty(variants, depth) {
  for (const { unions } of variants) for (const u of unions) if (typeof u.discriminator?.propertyName === 'string') return u.discriminator.propertyName;
  /** @type {Map<string, { fixed: number, loose: number }>} */
  const seen = new Map();
  for (const { schema } of variants) {
    for (const [name, sub] of Object.entries(read(schema, depth + 1).properties)) {
      const fixed = read(sub, depth + 1).enum?.length === 1;
      const entry = seen.get(name) ?? { fixed: 0, loose: 0 };
      entry[fixed ? 'fixed' : 'loose']++;
      seen.set(name, entry);
    }
  }
  const names = [...seen].filter(([, e]) => e.loose === 0 && e.fixed >= 2).map(([name]) => name).sort();
  return names[0] ?? null;
}

/** @param {unknown} value */
function jsonType(value) {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
