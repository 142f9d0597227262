// Prism's violations of a rejected request, in words, for the family's 422.
//
// Prism's validator decides whether a request is valid and gives structured
// violations (location, keyword, message). For a body it reports the errors
// of every branch of a `oneOf`, and its messages carry neither the schema
// they came from nor the branch. So a rejected body is explained again with
// Ajv in verbose mode (the project's one Ajv setup, src/spec-validation.js,
// strict) over the same schema Prism used (the operation's inlined request
// schema from Prism's own loader): each Ajv error carries
// its schema path and the schema node that failed. Only the errors of the
// branch the body chose by its discriminator (`call_handler`) are kept, and
// a rule's words come from the schema itself: the `x-violation-messages`
// extension (keyword → words), else Ajv's own wording. Nothing here
// resolves `$ref`s or routes: Prism's loader and router did.
import { unescapePointer } from '../../src/spec-document.js';
import { createSpecValidation } from '../../src/spec-validation.js';

/** @typedef {import('./family.mjs').Problem} Problem */
/**
 * A violation as Prism's validator gives it (IPrismDiagnostic).
 * @typedef {{ path?: string[], code?: string | number, message: string, severity?: number }} Violation
 */

/** The schema extension holding a rule's words: `{ <JSON Schema keyword>: "<words after the field name>" }`. */
export const MESSAGE_EXTENSION = 'x-violation-messages';
/** Values echoed back in messages are cut to this many characters. */
const ECHO_LIMIT = 40;

/**
 * Validators for Prism's inlined schemas, compiled once per schema object.
 * Prism's loader writes `x-stoplight` (its ids) into every schema it
 * inlines: an annotation, like the spec's own (`discriminator`, …).
 */
const validation = createSpecValidation({ verbose: true, annotations: ['x-stoplight'] });

/** Ajv's validator for one of Prism's inlined schemas (null when Ajv cannot compile it). @param {object} schema */
const validatorFor = (schema) => validation.compile(schema);

/**
 * The problems of a request Prism's validator refused, in words.
 *
 * @param {any} resource the operation Prism's router matched (IHttpOperation)
 * @param {unknown} body the parsed JSON body (undefined when none)
 * @param {Violation[]} violations Prism's violations for this request
 * @returns {Problem[]} at least one problem
 */
export function explain(resource, body, violations) {
  /** @type {Problem[]} */
  const problems = [];
  const seen = new Set();
  /** @param {Problem} problem */
  const add = (problem) => {
    if (seen.has(problem.message)) return;
    seen.add(problem.message);
    problems.push(problem);
  };
  let bodyExplained = false;
  for (const v of violations) {
    const where = v.path?.[0];
    if (where === 'query' || where === 'path' || where === 'headers' || where === 'header') {
      add(paramProblem(resource, v));
    } else if (!bodyExplained) {
      bodyExplained = true;
      for (const p of bodyProblems(resource, body, violations)) add(p);
    }
  }
  if (!problems.length) add({ attribute: null, kind: 'invalid', message: 'the request is not valid' });
  return problems;
}

/** A query, path or header parameter violation: the parameter's own words, else Prism's without its prefix. */
function paramProblem(resource, v) {
  const [where, name = where] = /** @type {string[]} */ (v.path);
  const list = resource.request?.[where === 'header' ? 'headers' : where] ?? [];
  const param = list.find((/** @type {any} */ p) => p.name === name);
  const words = wordsFromSchema(param?.schema, String(v.code)) ?? prismWords(v);
  return { attribute: name, kind: 'invalid', message: `${name} ${words}` };
}

/**
 * Prism's message without the prefix its validator puts before Ajv's words
 * ("Request query parameter page_size "), built the way Prism builds it
 * (prism-http validator/validators/utils.js, convertAjvErrors).
 */
function prismWords(v) {
  const [where, ...rest] = v.path ?? [];
  const prefix = `Request ${where ? `${where} ` : ''}${rest.length ? (where === 'body' ? 'property ' : 'parameter ') : ''}${rest.join('.')}${rest.length ? ' ' : ''}`;
  return v.message.startsWith(prefix) ? v.message.slice(prefix.length) : v.message;
}

/** The words a schema gives for a failed keyword (its `x-violation-messages`), if any. */
function wordsFromSchema(schema, keyword) {
  const words = schema && typeof schema === 'object' ? schema[MESSAGE_EXTENSION] : undefined;
  return words && typeof words === 'object' && Object.hasOwn(words, keyword) && typeof words[keyword] === 'string' ? words[keyword] : undefined;
}

/** The JSON request schema of an operation, as Prism's loader inlined it. @param {any} resource */
export function requestSchema(resource) {
  const contents = resource.request?.body?.contents ?? [];
  return (contents.find((/** @type {any} */ c) => /json/.test(c.mediaType)) ?? contents[0])?.schema;
}

/** Whether a value is a plain JSON object (not null, not an array). @param {unknown} value @returns {value is Record<string, any>} */
export const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** @param {unknown} value */
function echo(value) {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
}

/** The problems of a body Prism refused. */
function bodyProblems(resource, body, violations) {
  if (body === undefined || body === null) {
    return [{ attribute: 'body', kind: 'missing', message: 'body is required: send a JSON object' }];
  }
  const schema = requestSchema(resource);
  const validate = schema && validatorFor(schema);
  if (!validate) return fallback(violations);
  if (validate(body)) return fallback(violations); // Prism and Ajv disagree: Prism's words
  const errors = validate.errors ?? [];
  const tag = isObject(body) ? discriminatorOf(schema) : undefined;
  const leaves = tag ? leafBranches(schema).map((l) => ({ ...l, value: constOf(l.schema, tag) })) : [];
  const branch = tag ? chooseBranch(leaves, /** @type {Record<string, unknown>} */ (body), tag) : { path: '#', schema, handler: undefined };
  if ('allowed' in branch) {
    const value = /** @type {Record<string, unknown>} */ (body)[tag];
    return [{ attribute: tag, kind: 'invalid', message: `${tag} ${echo(value)} is not allowed here; allowed values: ${branch.allowed.join(', ')}` }];
  }
  /** @type {Problem[]} */
  const problems = [];
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    if (e.schemaPath.includes('/oneOf/') && !e.schemaPath.startsWith(`${branch.path}/`)) continue;
    problems.push(describe(e, { handler: branch.handler, tag, leaves }));
  }
  return problems.length ? problems : fallback(violations);
}

/**
 * Compiles the Ajv validator that explains an operation's rejected bodies,
 * ahead of the first one (compiling a large oneOf takes a while).
 * @param {any} resource
 */
export function prepareExplanation(resource) {
  const schema = requestSchema(resource);
  if (schema) validatorFor(schema);
}

/** Prism's own words, when Ajv cannot say more. */
function fallback(violations) {
  return violations.map((v) => {
    const rest = (v.path ?? []).slice(1);
    return { attribute: rest[0] ?? 'body', kind: /** @type {const} */ ('invalid'), message: rest.length ? `${fieldName(rest)} ${prismWords(v)}` : `body ${prismWords(v)}` };
  });
}

/** `codes[1]`, `a.b`: a field path for a message. @param {Array<string>} segments */
function fieldName(segments) {
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/** The segments of an Ajv instancePath (RFC 6901 unescaped). */
function segmentsOf(instancePath) {
  return instancePath
    .split('/')
    .slice(1)
    .map(unescapePointer);
}

/**
 * One Ajv error in words.
 * @param {import('ajv').ErrorObject} e
 * @param {{ handler?: string, tag?: string, leaves: Array<{ schema: any, value?: string }> }} context
 * @returns {Problem}
 */
function describe(e, { handler, tag, leaves }) {
  const at = segmentsOf(e.instancePath);
  const when = handler === undefined ? '' : ` when ${tag} is ${handler}`;
  if (e.keyword === 'required') {
    const missing = /** @type {string} */ (e.params.missingProperty);
    const path = [...at, missing];
    return { attribute: path[0], kind: 'missing', message: `${fieldName(path)} is required${when}` };
  }
  if (e.keyword === 'additionalProperties' || e.keyword === 'false schema' || e.keyword === 'unevaluatedProperties') {
    const extra = e.keyword === 'false schema' ? at[at.length - 1] : /** @type {string} */ (e.params.additionalProperty ?? e.params.unevaluatedProperty);
    const path = e.keyword === 'false schema' ? at : [...at, extra];
    return { attribute: path[0], kind: 'unknown', message: unknownField(fieldName(path), at.length === (e.keyword === 'false schema' ? 1 : 0) ? extra : undefined, { handler, tag, leaves }) };
  }
  const words = wordsFromSchema(e.parentSchema, e.keyword) ?? ajvWords(e);
  const field = at.length ? fieldName(at) : 'body';
  const specific = at.length > 0 && handler !== undefined && !sameEverywhere(leaves, at[0]);
  return { attribute: at[0] ?? 'body', kind: 'invalid', message: `${field} ${words}${specific ? when : ''}` };
}

/** Ajv's message, with the allowed values spelt out. */
function ajvWords(e) {
  if (e.keyword === 'enum') return `must be one of: ${/** @type {unknown[]} */ (e.params.allowedValues).map(String).join(', ')}`;
  if (e.keyword === 'const') return `must be ${echo(e.params.allowedValue)}`;
  return e.message ?? `fails ${e.keyword}`;
}

/** "X is not allowed…", saying which handler X belongs to when one does. */
function unknownField(field, topLevel, { handler, tag, leaves }) {
  const owners = topLevel === undefined ? [] : leaves.filter((l) => l.value !== undefined && ownsField(l.schema, topLevel)).map((l) => l.value);
  const context = handler !== undefined ? ` when ${tag} is ${handler}` : owners.length ? ` without a ${tag}` : '';
  const hint = owners.length && !owners.includes(handler) ? ` (it belongs to ${tag} ${owners.join(', ')})` : '';
  return `${field} is not allowed${context}${hint}`;
}

/** Whether a branch declares a field (a `false` schema refuses it). */
function ownsField(schema, field) {
  return isObject(schema.properties) && Object.hasOwn(schema.properties, field) && schema.properties[field] !== false;
}

/** Whether every branch that declares `field` declares it the same way (then no handler needs naming). */
function sameEverywhere(leaves, field) {
  const shapes = new Set(leaves.filter((l) => ownsField(l.schema, field)).map((l) => JSON.stringify(l.schema.properties[field])));
  return shapes.size <= 1;
}

/** The property a `oneOf` in this schema is discriminated by (`discriminator.propertyName`), searched through nested oneOfs. */
function discriminatorOf(schema) {
  if (!isObject(schema)) return undefined;
  if (isObject(schema.discriminator) && typeof schema.discriminator.propertyName === 'string') return schema.discriminator.propertyName;
  for (const alt of Array.isArray(schema.oneOf) ? schema.oneOf : []) {
    const found = discriminatorOf(alt);
    if (found) return found;
  }
  return undefined;
}

/** Every leaf branch of the schema's (nested) oneOfs, with its schema path and its tag value (undefined for the branch without a tag). */
function leafBranches(schema, path = '#') {
  if (!Array.isArray(schema.oneOf)) return [{ path, schema, value: undefined }];
  return schema.oneOf.flatMap((/** @type {any} */ alt, /** @type {number} */ i) => {
    const nested = `${path}/oneOf/${i}`;
    if (Array.isArray(alt.oneOf)) return leafBranches(alt, nested);
    return [{ path: nested, schema: alt, value: undefined }];
  });
}

/**
 * The branch a body chose: the leaf whose tag property is `const` the body's
 * value, or the one that refuses the tag (`false`) when the body has none.
 * A body naming no known value gets the list of allowed values instead.
 *
 * @returns {{ path: string, schema: any, handler?: string } | { allowed: string[] }}
 */
function chooseBranch(leaves, body, tag) {
  const has = Object.hasOwn(body, tag);
  const value = body[tag];
  const chosen = leaves.find((l) => (has ? l.value !== undefined && l.value === value : l.schema.properties?.[tag] === false || l.value === undefined));
  if (chosen) return { path: chosen.path, schema: chosen.schema, handler: has ? /** @type {string} */ (value) : undefined };
  return { allowed: leaves.map((l) => l.value).filter((v) => v !== undefined) };
}

/** A branch's tag value (its tag property's `const`), or undefined. */
function constOf(schema, tag) {
  const property = isObject(schema.properties) && Object.hasOwn(schema.properties, tag) ? schema.properties[tag] : undefined;
  return isObject(property) && typeof property.const === 'string' ? property.const : undefined;
}
