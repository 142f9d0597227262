// Compares two bundled OpenAPI documents and returns one entry per change a
// reviewer should read. api-smart-diff finds the structural changes; it walks
// the documents with every $ref resolved, so a change written once in a
// component comes back once per place that reaches it. Each of those echoes
// is traced back to where the change is written (usage.mjs, writtenAt), the
// echoes of one change become one entry, and our rules (rules.mjs) classify
// it by direction: requests (what callers send) and responses (what the
// server answers).
import { isDeepStrictEqual } from 'node:util';
import { apiCompare } from 'api-smart-diff';
import { RULES, TYPES, worst } from './rules.mjs';
import { METHODS, componentRef, directionOf, jsonPath, operationOf, operationsReaching, refPath, sortOperations, writtenAt } from './usage.mjs';
import { code, inlineText, wordDiff } from './words.mjs';
import { followRefs, isObject, unescapePointer, valueAt } from '../spec/index.mjs';

export { TYPES } from './rules.mjs';
export { jsonPath } from './usage.mjs';

/**
 * @typedef {'request'|'response'} Direction
 * @typedef {{ direction: Direction|null, type: string, reason: string }} Effect
 * @typedef {{ endpoint: string, parts: string[] }} Reach
 * @typedef {{
 *   type: string,
 *   change: string,
 *   subject: string,
 *   location: string,
 *   effects: Effect[],
 *   operations: Reach[],
 *   text?: string,
 *   components?: string[],
 * }} Entry
 * `type`: the most severe class of its effects (rules.mjs TYPES); `change`: what
 * changed, in Markdown; `subject`: where it is written (schema `Codec`,
 * operation `POST /x`, document); `location`: its JSON path in the bundle;
 * `effects`: the class per direction with the reason; `operations`: every
 * operation it reaches, with the parts that reach it (parameters, request body,
 * response <status>, operation); `text`: the words that changed, for text;
 * `components`: for an added or removed operation, the components that came or
 * went with it and nothing else uses (schema `X`).
 */

const KINDS = { schemas: 'schema', responses: 'response', parameters: 'parameter', examples: 'example', requestBodies: 'request body', headers: 'header', securitySchemes: 'security scheme', links: 'link', callbacks: 'callback', pathItems: 'path item' };
const TEXT_KEYS = new Set(['description', 'summary', 'title']);
const list = (values) => values.map(code).join(', ');
const plural = (n, word) => `${word}${n === 1 ? '' : 's'}`;

/** The node at `path`, with a $ref at its end followed (a parameter or response by reference). */
function resolved(doc, path) {
  return followRefs(doc, valueAt(doc, path), { keys: path }).node;
}

/** The parameter an api-smart-diff add or remove carries, its $ref followed. */
function parameterOf(diff, before, after) {
  const [value, doc] = diff.action === 'add' ? [diff.after, after] : [diff.before, before];
  return refPath(value?.$ref) ? resolved(doc, refPath(value.$ref)) : value;
}

/** Whether `value` is a parameter object (`in` and `name` strings). */
function isParameter(value) {
  return value !== null && typeof value === 'object' && typeof value.in === 'string' && typeof value.name === 'string';
}

/** Who a path belongs to: a component, an operation, a path item, or the document. */
function subjectOf(path) {
  if (path[0] === 'components' && path.length >= 3) return { text: `${KINDS[path[1]] ?? path[1]} ${code(path[2])}`, prefix: path.slice(0, 3), ref: componentRef(path[1], path[2]) };
  const operation = operationOf(path);
  if (operation) return { text: `operation ${code(operation.endpoint)}`, prefix: path.slice(0, 3), endpoint: operation.endpoint };
  if (path[0] === 'paths' && path.length >= 2) return { text: `path ${code(path[1])}`, prefix: path.slice(0, 2), url: path[1] };
  return { text: path.length ? `document ${code(path[0])}` : 'document', prefix: path.slice(0, 1) };
}

/** `sip_endpoint.codecs[]` for the keys below a subject; '' when they name no field. */
function fieldOf(inner) {
  let field = '';
  for (let i = 0; i < inner.length; i++) {
    const key = inner[i];
    if (key === 'properties' && i + 1 < inner.length) field += (field ? '.' : '') + inner[++i];
    else if (key === 'items') field += '[]';
    else if (['oneOf', 'anyOf', 'allOf', 'prefixItems'].includes(key)) i++;
    else if (['schema', 'content', 'requestBody', 'responses'].includes(key) || /\//.test(String(key))) continue;
    else if (/^\d{3}$|^default$/.test(String(key)) && inner[i - 1] === 'responses') continue;
    else break;
  }
  return field;
}

/** The operations a subject reaches, with the parts that reach it. */
function reachOf(subject, docs, inner) {
  if (subject.ref) return operationsReaching(docs, subject.ref);
  if (subject.endpoint) {
    const part = operationOf([...subject.prefix, ...inner])?.part ?? 'operation';
    return [{ endpoint: subject.endpoint, parts: [part] }];
  }
  if (subject.url) {
    const methods = new Set(docs.flatMap((doc) => METHODS.filter((m) => valueAt(doc, ['paths', subject.url, m]))));
    return sortOperations([...methods].map((m) => ({ endpoint: `${m.toUpperCase()} ${subject.url}`, parts: ['parameters'] })));
  }
  return [];
}

/** The class of a change per direction it reaches, from its rule or, failing one, api-smart-diff's classes. */
function effectsOf(kind, operations, fallback) {
  const rule = RULES[kind];
  const directions = [...new Set(operations.flatMap((o) => o.parts.map(directionOf)))].filter(Boolean).sort();
  if (rule) {
    const applicable = directions.filter((d) => rule[d]);
    if (applicable.length) return applicable.map((direction) => ({ direction, type: rule[direction][0], reason: rule[direction][1] }));
    const any = rule.any ?? rule.request ?? rule.response;
    if (rule.any && directions.length) return directions.map((direction) => ({ direction, type: any[0], reason: any[1] }));
    return [{ direction: null, type: any[0], reason: any[1] }];
  }
  // No rule of ours: api-smart-diff's class, per direction of its echoes.
  const byDirection = new Map();
  for (const { direction, type } of fallback) {
    if (!byDirection.has(direction)) byDirection.set(direction, []);
    byDirection.get(direction).push(type);
  }
  const known = [...byDirection.keys()].filter(Boolean).sort();
  const reason = 'as api-smart-diff classes it (no rule of ours covers this change)';
  if (known.length) return known.map((direction) => ({ direction, type: worst(byDirection.get(direction)), reason }));
  return [{ direction: null, type: worst(fallback.map((f) => f.type)), reason }];
}

/** Entries for a change of set semantics (enum, required, type) at `key`. */
function setChanges(kind, key, before, after) {
  const arr = (doc) => {
    const value = valueAt(doc, key);
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const [was, now] = [arr(before), arr(after)];
  const has = (values, v) => values.some((w) => isDeepStrictEqual(w, v));
  const removed = was.filter((v) => !has(now, v));
  const added = now.filter((v) => !has(was, v));
  if (kind === 'enum') {
    // An enum written where there was none limits the values; one taken away lets any value of the type through.
    const target = (f) => (f ? f.replace(/^ of /, '') : 'the value');
    if (!was.length && now.length) return [{ kind: 'enum-introduced', words: (f) => `Limited ${target(f)} to enum ${plural(now.length, 'value')} ${list(now)}` }];
    if (was.length && !now.length) return [{ kind: 'enum-lifted', words: (f) => `Lifted the enum of ${target(f)} (was ${list(was)})` }];
    if (!was.length && !now.length) return null;
    return [
      removed.length && { kind: 'enum-removed', words: (f) => `Removed enum ${plural(removed.length, 'value')} ${list(removed)}${f}` },
      added.length && { kind: 'enum-added', words: (f) => `Added enum ${plural(added.length, 'value')} ${list(added)}${f}` },
    ].filter(Boolean);
  }
  if (kind === 'required') {
    return [
      ...removed.map((name) => ({ kind: 'required-removed', name, words: (f) => `Made ${code(f ? `${f}.${name}` : name)} optional` })),
      ...added.map((name) => ({ kind: 'required-added', name, words: (f) => `Made ${code(f ? `${f}.${name}` : name)} required` })),
    ];
  }
  // type: null is what matters most to consumers; any other change is a type change.
  const out = [];
  const target = (f) => (f ? code(f) : 'the value');
  if (added.includes('null')) out.push({ kind: 'null-added', words: (f) => `Made ${target(f)} nullable` });
  if (removed.includes('null')) out.push({ kind: 'null-removed', words: (f) => `Made ${target(f)} non-nullable` });
  const others = (values) => values.filter((v) => v !== 'null');
  // Types only added (a wider type), only removed (a narrower one, some left), or replaced.
  const [gone, come] = [others(removed), others(added)];
  const kept = others(now).filter((t) => others(was).includes(t));
  const kind2 = !gone.length && come.length && kept.length ? 'type-widened' : gone.length && !come.length && kept.length ? 'type-narrowed' : 'type-changed';
  if (gone.length || come.length) out.push({ kind: kind2, words: (f) => `Changed the type of ${target(f)}: ${list(was)} → ${list(now)}` });
  return out;
}

/** Discriminator mapping keys added, removed or retargeted, and a discriminator's propertyName changed, anywhere in the documents. */
function discriminatorChanges(before, after) {
  const out = [];
  const seen = new Set();
  const walk = (node, path) => {
    if (node === null || typeof node !== 'object') return;
    const key = JSON.stringify(path);
    if (!seen.has(key)) {
      seen.add(key);
      const [property, propertyNow] = [valueAt(before, [...path, 'discriminator', 'propertyName']), valueAt(after, [...path, 'discriminator', 'propertyName'])];
      if (typeof property === 'string' && typeof propertyNow === 'string' && property !== propertyNow) {
        out.push({ kind: 'discriminator-renamed', path: [...path, 'discriminator', 'propertyName'], words: `Changed the discriminator property ${code(property)} → ${code(propertyNow)}` });
      }
      const was = valueAt(before, [...path, 'discriminator', 'mapping']);
      const now = valueAt(after, [...path, 'discriminator', 'mapping']);
      if ((was && typeof was === 'object') || (now && typeof now === 'object')) {
        const [a, b] = [was ?? {}, now ?? {}];
        const name = (target) => code(refPath(target)?.at(-1) ?? target);
        const where = [...path, 'discriminator', 'mapping'];
        for (const [value, target] of Object.entries(a)) {
          if (!Object.hasOwn(b, value)) out.push({ kind: 'mapping-removed', path: [...where, value], words: `Removed discriminator mapping ${code(value)} → ${name(target)}` });
          else if (b[value] !== target) out.push({ kind: 'mapping-retargeted', path: [...where, value], words: `Retargeted discriminator mapping ${code(value)}: ${name(target)} → ${name(b[value])}` });
        }
        for (const [value, target] of Object.entries(b)) {
          if (!Object.hasOwn(a, value)) out.push({ kind: 'mapping-added', path: [...where, value], words: `Added discriminator mapping ${code(value)} → ${name(target)}`, target });
        }
      }
    }
    for (const [k, value] of Object.entries(node)) walk(value, [...path, Array.isArray(node) ? Number(k) : k]);
  };
  walk(before, []);
  walk(after, []);
  return out;
}

/**
 * An operation's security requirements as a list of alternatives (OR), each
 * the schemes it needs together (AND) with their scopes: its own `security`,
 * else the document's; none, or an empty list, is one empty alternative (anyone).
 * @returns {Record<string, string[]>[]}
 */
function effectiveSecurity(doc, operation) {
  const requirements = Array.isArray(operation?.security) ? operation.security : Array.isArray(doc?.security) ? doc.security : [];
  const alternatives = requirements.filter((r) => isObject(r)).map((r) => Object.fromEntries(Object.entries(r).map(([name, scopes]) => [name, Array.isArray(scopes) ? scopes.map(String).sort() : []]).sort(([a], [b]) => a.localeCompare(b))));
  return alternatives.length ? alternatives : [{}];
}

/** `basic` and `key`, or `basic` or `key`; "no authentication" for an empty alternative. */
function securityWords(alternatives) {
  return alternatives.map((alt) => Object.entries(alt).map(([name, scopes]) => `${code(name)}${scopes.length ? ` (${scopes.map(code).join(', ')})` : ''}`).join(' and ') || 'no authentication').join(' or ');
}

/**
 * Security requirements changed, per operation in both documents (OpenAPI 3.1
 * §4.8.30: any one requirement object of the list satisfies it; within one,
 * every scheme is needed). Tightened (breaking) when some alternative accepted
 * before is satisfied by no alternative now: a caller sending exactly that is
 * refused. Operations that take the document's requirements in both documents
 * make one entry at the document; the others one entry each.
 * @returns {{ kind: string, path: (string|number)[], words: string, operations: Reach[] }[]}
 */
function securityChanges(before, after) {
  const groups = new Map();
  for (const [url, item] of Object.entries(after?.paths ?? {})) {
    for (const method of METHODS) {
      const [was, now] = [valueAt(before, ['paths', url, method]), item?.[method]];
      if (!isObject(was) || !isObject(now)) continue;
      const [a, b] = [effectiveSecurity(before, was), effectiveSecurity(after, now)];
      if (isDeepStrictEqual(a, b)) continue;
      const covers = (alt, by) => Object.entries(by).every(([name, scopes]) => Object.hasOwn(alt, name) && scopes.every((s) => alt[name].includes(s)));
      const tightened = a.some((alt) => !b.some((by) => covers(alt, by)));
      const own = Array.isArray(was.security) || Array.isArray(now.security);
      const path = own ? ['paths', url, method, 'security'] : ['security'];
      const words = `Changed the security requirements: ${securityWords(a)} → ${securityWords(b)}`;
      const key = JSON.stringify([path, words, tightened]);
      if (!groups.has(key)) groups.set(key, { kind: tightened ? 'security-tightened' : 'security-relaxed', path, words, operations: [] });
      groups.get(key).operations.push({ endpoint: `${method.toUpperCase()} ${url}`, parts: ['operation'] });
    }
  }
  return [...groups.values()].map((g) => ({ ...g, operations: sortOperations(g.operations) }));
}

/** Whether the node written at `origin` really changed the way `diff` says (it did not when a $ref on the way was retargeted). */
function changedAt(diff, origin, before, after) {
  const [was, now] = [valueAt(before, origin), valueAt(after, origin)];
  if (diff.action === 'add') return was === undefined || !isDeepStrictEqual(was, now);
  if (diff.action === 'remove') return now === undefined || !isDeepStrictEqual(was, now);
  return !isDeepStrictEqual(was, now);
}

/**
 * The rule for a schema replaced by another (a $ref retargeted or inlined): a
 * changed type, enum values no longer allowed, enum values added; null when
 * none of these (api-smart-diff's classes then apply).
 */
function retargetKind(was, now) {
  if (!was || !now || typeof was !== 'object' || typeof now !== 'object') return null;
  const types = (schema) => (schema.type === undefined ? null : [schema.type].flat().filter((t) => t !== 'null').sort());
  const [typeWas, typeNow] = [types(was), types(now)];
  if (typeWas && typeNow && !isDeepStrictEqual(typeWas, typeNow)) return 'type-changed';
  if (Array.isArray(now.enum) && (!Array.isArray(was.enum) || was.enum.some((v) => !now.enum.some((w) => isDeepStrictEqual(v, w))))) return 'enum-removed';
  if (Array.isArray(was.enum) && Array.isArray(now.enum) && now.enum.length > was.enum.length) return 'enum-added';
  return null;
}

/** Whether both documents write the node at `path` (or, when one lacks it, its parent) in the same place. */
function sameSite(path, before, after) {
  for (const prefix of [path, path.slice(0, -1)]) {
    const [was, now] = [writtenAt(before, prefix), writtenAt(after, prefix)];
    if (was && now) return JSON.stringify(was) === JSON.stringify(now);
  }
  return true;
}

/**
 * A change that comes from a $ref pointed elsewhere, or replaced by an inline
 * schema (or the reverse): grouped at the deepest place both documents write
 * in the same spot, where the reference changed.
 */
function retargeted(path, before, after) {
  for (let i = path.length - 1; i > 0; i--) {
    const [was, now] = [writtenAt(before, path.slice(0, i)), writtenAt(after, path.slice(0, i))];
    if (!was || !now || JSON.stringify(was) !== JSON.stringify(now)) continue;
    return retargetShape(now, before, after);
  }
  return { group: `retarget|${JSON.stringify(path)}`, key: path };
}

/** The group of a schema replaced at `key` (where both documents write it): "Changed `x` from schema `A` to schema `B`". */
function retargetShape(key, before, after) {
  const name = (node) => (refPath(node?.$ref) ? `${KINDS[refPath(node.$ref)[1]] ?? 'component'} ${code(refPath(node.$ref).at(-1))}` : node === undefined ? 'nothing' : 'an inline schema');
  const subject = subjectOf(key);
  const field = fieldOf(key.slice(subject.prefix.length)) || String(key.at(-1));
  return { group: `retarget|${JSON.stringify(key)}`, key, words: `Changed ${code(field)} from ${name(valueAt(before, key))} to ${name(valueAt(after, key))}` };
}

/** api-smart-diff's own words, without its "[Added]" tag and "in Response 200 content (…)". */
function smartWords(diff) {
  const text = diff.description?.replace(/^\[(\w+)\]\s*/, '$1 ').replace(/\s*in [A-Z][\w ]*? content \([^)]*\)$/, '').trim();
  // Its backticks are code spans: keep them, make the rest inert in a table cell and in HTML.
  if (text) return (text.charAt(0).toUpperCase() + text.slice(1)).replace(/\s+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const verb = { add: 'Added', remove: 'Removed', replace: 'Changed', rename: 'Renamed' }[diff.action] ?? 'Changed';
  return `${verb} ${code(diff.path.slice(-2).join('.'))}`;
}

/**
 * How one api-smart-diff change (traced to where it is written) is grouped and named.
 * @returns {{ group: string, kind?: string, set?: string, key: (string|number)[], words?: string, text?: [unknown, unknown] }}
 */
function shapeOf(diff, origin, before, after) {
  const { action } = diff;
  const last = origin.at(-1);
  const parent = origin.at(-2);
  const doc = action === 'remove' ? before : after;
  const verb = action === 'add' ? 'Added' : action === 'remove' ? 'Removed' : 'Changed';

  // A $ref pointed elsewhere where it is written: the schema there is replaced (its echoes further in group here too).
  if (last === '$ref' && action === 'replace' && parent !== 'properties' && refPath(diff.before) && refPath(diff.after)) return retargetShape(origin.slice(0, -1), before, after);
  // Sets: enum values, required names, type names; index changes are not changes.
  // A property named `type` or `required` is no keyword; a parameter's `required: true` is no list.
  const isList = (key) => [valueAt(before, key), valueAt(after, key)].every((v) => v === undefined || Array.isArray(v) || typeof v === 'string');
  for (const set of ['enum', 'required', 'type']) {
    const key = last === set ? origin : parent === set && typeof last === 'number' ? origin.slice(0, -1) : null;
    if (key && key.at(-2) !== 'properties' && (set !== 'required' || isList(key)) && (set === 'type' || isList(key))) return { group: `set|${set}|${JSON.stringify(key)}`, set, key };
  }
  // A parameter made required or optional.
  const owner = resolved(doc, origin.slice(0, -1));
  // (api-smart-diff drops `required: false`, so a parameter made optional may come as `required` removed.)
  if (last === 'required' && (typeof diff.after === 'boolean' || action === 'remove') && isParameter(owner)) {
    const required = valueAt(after, origin) === true;
    return { group: `parameter|${JSON.stringify(origin)}`, kind: required ? 'parameter-made-required' : 'parameter-made-optional', key: origin, words: `Made ${owner.in} parameter ${code(owner.name)} ${required ? 'required' : 'optional'}` };
  }
  // OpenAPI 3.0's `nullable: true` says what `type: [..., 'null']` says in 3.1.
  if (last === 'nullable' && parent !== 'properties') {
    const [was, now] = [valueAt(before, origin) === true, valueAt(after, origin) === true];
    if (was !== now) {
      const field = fieldOf(origin.slice(subjectOf(origin).prefix.length, -1));
      return { group: `nullable|${JSON.stringify(origin)}`, kind: now ? 'null-added' : 'null-removed', key: origin, words: `Made ${field ? code(field) : 'the value'} ${now ? 'nullable' : 'non-nullable'} (nullable: ${now})` };
    }
  }
  // additionalProperties between false and open (true, {} or absent): the schema closed or opened.
  if (last === 'additionalProperties' && parent !== 'properties') {
    const openness = (value) => (value === false ? 'closed' : value === undefined || value === true || (value !== null && typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length) ? 'open' : null);
    const [was, now] = [openness(valueAt(before, origin)), openness(valueAt(after, origin))];
    if (was && now && was !== now) {
      const field = fieldOf(origin.slice(subjectOf(origin).prefix.length, -1));
      return { group: `openness|${JSON.stringify(origin)}`, kind: now === 'closed' ? 'schema-closed' : 'schema-opened', key: origin, words: `${now === 'closed' ? 'Closed' : 'Opened'} ${field ? code(field) : 'the object'} to fields it does not list (additionalProperties: ${now === 'closed' ? 'false' : 'open'})` };
    }
  }
  // Examples: one entry per named example, whatever changed inside it.
  const inExamples = origin.findIndex((key, i) => key === 'examples' && i + 1 < origin.length && origin[i - 1] !== 'properties' && !(origin[0] === 'components' && i === 1));
  if (inExamples >= 0) {
    const key = origin.slice(0, inExamples + 2);
    const whole = origin.length === key.length;
    return { group: `example|${JSON.stringify(key)}|${whole ? action : 'replace'}`, kind: 'example', key, words: `${whole ? verb : 'Changed'} example ${code(origin[inExamples + 1])}` };
  }
  const single = origin.lastIndexOf('example');
  if (single > 0 && origin[single - 1] !== 'properties') {
    const key = origin.slice(0, single + 1);
    return { group: `example|${JSON.stringify(key)}|replace`, kind: 'example', key, words: 'Changed the example' };
  }
  if (origin[0] === 'components' && origin[1] === 'examples' && origin.length > 3) {
    const key = origin.slice(0, 3);
    return { group: `example|${JSON.stringify(key)}|replace`, kind: 'example', key, words: `Changed example ${code(origin[2])}` };
  }
  // A union member added or removed, named by its schema. A union that already had two or more
  // members is handled member by member; a lone member becoming a union changes the type itself.
  if ((parent === 'oneOf' || parent === 'anyOf') && typeof last === 'number' && action !== 'replace') {
    const member = valueAt(doc, origin);
    const members = valueAt(before, origin.slice(0, -1));
    const name = refPath(member?.$ref) ? `${parent} member ${code(refPath(member.$ref).at(-1))}` : `an inline ${parent} member`;
    const field = fieldOf(origin.slice(subjectOf(origin).prefix.length, -2));
    const kind = action === 'remove' ? 'variant-removed' : Array.isArray(members) && members.length >= 2 ? 'variant-added' : 'type-widened';
    return { group: `variant|${JSON.stringify(origin)}|${action}`, kind, key: origin, words: `${verb} ${name}${field ? ` ${action === 'add' ? 'to' : 'from'} ${code(field)}` : ''}` };
  }
  // Response headers and media types, by name (api-smart-diff calls both "annotation" and
  // names a response's media type as the request body's).
  const headers = origin.lastIndexOf('headers');
  if (headers > 0 && origin[headers - 1] !== 'properties' && origin.length <= headers + 2 && action !== 'replace') {
    const names = origin.length === headers + 2 ? [origin[headers + 1]] : Object.keys(valueAt(doc, origin) ?? {});
    if (names.length) return { group: `header|${JSON.stringify(origin)}|${action}`, kind: `header-${action === 'add' ? 'added' : 'removed'}`, key: origin, words: `${verb} response ${plural(names.length, 'header')} ${list(names)}` };
  }
  if (origin.at(-2) === 'content' && origin.at(-3) !== 'properties' && /\//.test(String(last)) && action !== 'replace') {
    const to = action === 'add' ? 'to' : 'from';
    const of = origin.includes('requestBody') || origin[1] === 'requestBodies' ? `${to} the request body` : origin.includes('responses') ? `${to} response ${code(origin[origin.indexOf('responses') + 1])}` : '';
    return { group: `media|${JSON.stringify(origin)}|${action}`, kind: `media-type-${action === 'add' ? 'added' : 'removed'}`, key: origin, words: `${verb} media type ${code(last)} ${of}`.trim() };
  }
  // Whole components, operations, responses, parameters.
  if (origin[0] === 'components' && origin.length === 3 && action !== 'replace') {
    return { group: `component|${JSON.stringify(origin)}|${action}`, kind: `component-${action === 'add' ? 'added' : 'removed'}`, key: origin, words: `${verb} ${KINDS[origin[1]] ?? origin[1]} ${code(origin[2])}` };
  }
  const operation = operationOf(origin);
  if (operation && origin.length === 4 + 1 && origin[3] === 'responses' && action !== 'replace') {
    return { group: `status|${JSON.stringify(origin)}|${action}`, kind: `status-${action === 'add' ? 'added' : 'removed'}`, key: origin, words: `${verb} response ${code(last)}` };
  }
  if (origin[0] === 'paths' && (parent === 'parameters') && typeof last === 'number' && action !== 'replace') {
    const value = parameterOf(diff, before, after);
    const parameter = isParameter(value) ? value : resolved(doc, origin) ?? {};
    const target = (action === 'add' ? diff.after : diff.before)?.$ref;
    const required = action === 'add' && parameter.required === true;
    const what = `${parameter.required ? 'required' : 'optional'} ${parameter.in ?? ''} parameter ${code(parameter.name ?? last)}`.replace(/\s+/g, ' ');
    return { group: `parameter|${JSON.stringify(origin.slice(0, -1))}|${parameter.in}|${parameter.name ?? last}|${action}`, kind: action === 'add' ? (required ? 'parameter-added-required' : 'parameter-added') : 'parameter-removed', key: origin, words: `${verb} ${what}`, target };
  }
  // A parameter's name changed where it is written (a shared component): callers name it anew.
  if (last === 'name' && action === 'replace' && isParameter(owner) && typeof diff.before === 'string' && typeof diff.after === 'string') {
    return { group: `parameter-name|${JSON.stringify(origin)}`, kind: owner.in === 'path' ? 'path-parameter-renamed' : 'parameter-renamed', key: origin, words: `Renamed ${owner.in} parameter ${code(diff.before)} → ${code(diff.after)}` };
  }
  if (last === 'operationId' && operation) {
    return { group: `operationid|${JSON.stringify(origin)}`, kind: action === 'add' ? 'text' : 'operationid-changed', key: origin, words: `${action === 'add' ? 'Added' : 'Renamed'} operationId ${[diff.before, diff.after].filter((v) => typeof v === 'string').map(code).join(' → ')}` };
  }
  // A tag of the document renamed (its operations' tags are reported on their own).
  if (origin[0] === 'tags' && origin.length === 3 && last === 'name' && action === 'replace' && typeof diff.before === 'string' && typeof diff.after === 'string') {
    return { group: `tag|${JSON.stringify(origin)}|rename`, kind: 'tag', key: origin, words: `Renamed tag ${code(diff.before)} → ${code(diff.after)}` };
  }
  // Tags, by name: the document's list and an operation's.
  if (parent === 'tags' && typeof last === 'number') {
    const tag = valueAt(doc, origin);
    const name = typeof tag === 'string' ? tag : tag?.name;
    return { group: `tag|${JSON.stringify(origin)}|${action}|${name}`, kind: 'tag', key: origin, words: `${verb} tag ${code(name ?? last)}${operation ? ' on the operation' : ''}` };
  }
  if (TEXT_KEYS.has(String(last)) && parent !== 'properties' && (typeof diff.before === 'string' || typeof diff.after === 'string')) {
    const field = fieldOf(origin.slice(subjectOf(origin).prefix.length, -1));
    return { group: `text|${JSON.stringify(origin)}`, kind: 'text', key: origin, words: `${verb} ${last}${field ? ` of ${code(field)}` : ''}`, text: [diff.before, diff.after] };
  }
  if (parent === 'properties' && action !== 'replace') {
    return { group: `property|${JSON.stringify(origin)}|${action}`, kind: `property-${action === 'add' ? 'added' : 'removed'}`, key: origin, name: last };
  }
  // Specification extensions (`x-decision`, `x-violation-messages`, …): notes for tools and readers.
  // A property that happens to be named `x-…` is a property, not an extension.
  const extension = origin.findIndex((k, i) => typeof k === 'string' && k.startsWith('x-') && origin[i - 1] !== 'properties');
  if (extension >= 0) {
    const key = origin.slice(0, extension + 1);
    const field = fieldOf(key.slice(subjectOf(key).prefix.length, -1));
    return { group: `extension|${JSON.stringify(key)}|${action}`, kind: 'extension', key, words: `${verb} extension ${code(origin[extension])}${field ? ` of ${code(field)}` : ''}` };
  }
  return { group: `other|${JSON.stringify(origin)}|${action}`, key: origin };
}

/**
 * A key api-smart-diff would lose: it copies schemas with plain assignment, so
 * a property named `__proto__` sets a prototype instead of a key and a
 * `__proto__` property came and went unreported. It gets such keys renamed
 * (GUARD + key, in $refs too) and its findings are renamed back.
 */
const GUARD = '\u{F8FF}guarded:';
const GUARDED = new Set(['__proto__']);
const guardKey = (key) => (GUARDED.has(key) ? GUARD + key : key);
const unguardKey = (key) => (typeof key === 'string' && key.startsWith(GUARD) ? key.slice(GUARD.length) : key);
const mapRef = (ref, map) => (typeof ref === 'string' && ref.startsWith('#/') ? '#/' + ref.slice(2).split('/').map((k) => map(k)).join('/') : ref);

/** A copy of `node` for api-smart-diff, GUARDED keys renamed (own keys only, nothing reaches a prototype). */
function guarded(node) {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(guarded);
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    Object.defineProperty(out, guardKey(key), { value: key === '$ref' ? mapRef(value, guardKey) : guarded(value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `node` with the keys `guarded` renamed given their names back. */
function unguard(node, seen = new Map()) {
  if (node === null || typeof node !== 'object') return node;
  if (seen.has(node)) return seen.get(node);
  const out = Array.isArray(node) ? [] : {};
  seen.set(node, out);
  for (const [key, value] of Object.entries(node)) {
    Object.defineProperty(out, Array.isArray(node) ? key : unguardKey(key), { value: key === '$ref' ? mapRef(value, unguardKey) : unguard(value, seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** One api-smart-diff finding with the guarded names given back. */
function unguarded(diff) {
  const out = { ...diff, path: diff.path.map(unguardKey) };
  for (const side of ['before', 'after']) if (side in diff) out[side] = unguard(diff[side]);
  if (typeof diff.description === 'string') out.description = diff.description.replaceAll(GUARD, '');
  return out;
}

/** The top-level keys whose changes cannot reach an operation's comparison (any other key changed: nothing is left out). */
const OPERATION_NEUTRAL = new Set(['paths', 'components', 'tags', 'info', 'externalDocs']);

/** The component kinds that are reached only through `$ref`s (a security scheme is named by a requirement, a link may name an operation). */
const REF_ONLY_KINDS = new Set(['schemas', 'parameters', 'responses', 'examples', 'requestBodies', 'headers']);

/** Every `$ref` string under `node`, and every local pointer a discriminator's `mapping` names. @returns {string[]} */
function refsUnder(node, found = []) {
  if (node === null || typeof node !== 'object') return found;
  if (Array.isArray(node)) {
    for (const item of node) refsUnder(item, found);
    return found;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') found.push(value);
    else if (key === 'mapping' && isObject(value)) {
      for (const target of Object.values(value)) if (typeof target === 'string' && target.startsWith('#/')) found.push(target);
      refsUnder(value, found);
    } else refsUnder(value, found);
  }
  return found;
}

/**
 * The two documents as api-smart-diff is given them: without the path items
 * and components that are the same on both sides, written and as every
 * `$ref` they reach resolves, and that no other part given reaches (a `$ref`
 * reaches what lib/spec and what api-smart-diff resolve it to; a path item,
 * the others of its template, which api-smart-diff may pair it with). api-smart-diff
 * compares them by their keys, with every `$ref` resolved, so such a part
 * yields no finding, while crawling it costs as much as any other: most of
 * a comparison of the real spec, where an edit touches a few schemas and
 * operations. Our own reading of the findings (writtenAt, the operations a
 * change reaches) still uses the whole documents. Nothing is left out when
 * a top-level key other than paths, components, tags, info or externalDocs
 * changed, or a `$ref` leaves the document (or is no JSON pointer).
 * Checked against the whole comparison on random edits (DECISIONS.md D139).
 * @param {any} before
 * @param {any} after
 * @returns {[any, any]} shallow copies without those parts (the documents themselves when nothing is left out)
 */
export function withoutUnchangedParts(before, after) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) if (!OPERATION_NEUTRAL.has(key) && !isDeepStrictEqual(before[key], after[key])) return [before, after];
  /** The units that may be left out: [section, name] of path items, [components, kind, name] of components. */
  const units = [];
  const kinds = new Set([before, after].flatMap((doc) => (isObject(doc.components) ? Object.keys(doc.components) : [])));
  const sections = [['paths'], ...[...kinds].filter((kind) => REF_ONLY_KINDS.has(kind)).map((kind) => ['components', kind])];
  for (const section of sections) {
    const [a, b] = [valueAt(before, section), valueAt(after, section)];
    if (!isObject(a) || !isObject(b)) continue;
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) units.push([...section, name]);
  }
  /** Path template (api-smart-diff's, `{…}` a wildcard) → the path items of either side written with it. */
  const sameTemplate = new Map();
  for (const [, path] of units.filter((unit) => unit.length === 2)) sameTemplate.set(templateOf(path), [...(sameTemplate.get(templateOf(path)) ?? []), path]);
  /** unit key → the units its `$ref`s name, on either side; unit key → whether it is the same on both sides. */
  const dependsOn = new Map();
  const same = new Map();
  let external = false;
  const visit = (keys) => {
    const unit = JSON.stringify(keys);
    if (dependsOn.has(unit)) return;
    const [a, b] = [valueAt(before, keys), valueAt(after, keys)];
    same.set(unit, a !== undefined && isDeepStrictEqual(a, b));
    const targets = new Map();
    for (const ref of [...refsUnder(a), ...refsUnder(b)]) {
      const paths = [refPath(ref), refPathAsApiSmartDiffReads(ref)];
      if (paths.includes(null)) external = true;
      else
        for (const path of paths) {
          const target = path.slice(0, path[0] === 'components' ? 3 : 2);
          targets.set(JSON.stringify(target), target);
        }
    }
    // api-smart-diff pairs path items by template (`{…}` as a wildcard): one of
    // a pair of the same template may be paired with the other's counterpart.
    if (keys.length === 2 && keys[0] === 'paths') for (const path of sameTemplate.get(templateOf(keys[1])) ?? []) if (path !== keys[1]) targets.set(JSON.stringify(['paths', path]), ['paths', path]);
    dependsOn.set(unit, new Set(targets.keys()));
    for (const target of targets.values()) visit(target);
  };
  for (const keys of units) visit(keys);
  if (external) return [before, after];
  // Changed: a unit that differs, or reaches (through `$ref`s) one that differs.
  const dependents = new Map();
  for (const [unit, targets] of dependsOn) for (const target of targets) dependents.set(target, [...(dependents.get(target) ?? []), unit]);
  const changed = new Set([...same].filter(([, isSame]) => !isSame).map(([unit]) => unit));
  for (const unit of changed) for (const dependent of dependents.get(unit) ?? []) changed.add(dependent);
  // Kept: what changed, and everything it reaches.
  const kept = new Set(changed);
  for (const unit of kept) for (const target of dependsOn.get(unit) ?? []) kept.add(target);
  const dropped = new Set(units.map((keys) => JSON.stringify(keys)).filter((unit) => !kept.has(unit) && same.get(unit)));
  if (!dropped.size) return [before, after];
  /** `doc` without the dropped units (shallow copies of the sections that lose some). */
  const pruned = (doc) => {
    const copy = { ...doc };
    for (const section of sections) {
      const value = valueAt(doc, section);
      if (!isObject(value)) continue;
      const left = Object.entries(value).filter(([name]) => !dropped.has(JSON.stringify([...section, name])));
      if (left.length === Object.keys(value).length) continue;
      const kept = Object.fromEntries(left);
      if (section.length === 1) copy.paths = kept;
      else copy.components = { ...copy.components, [section[1]]: kept };
    }
    return copy;
  };
  return [pruned(before), pruned(after)];
}

/**
 * The keys of a local `$ref` as api-smart-diff resolves it: split at `/`,
 * `~1` and `~0` undone, then each segment %-decoded (lib/spec's keysOfPointer
 * decodes the fragment first, as RFC 6901 reads a URI fragment: the two differ
 * on `%2F` and `%7E`). Null when it is no local pointer or does not decode.
 * @param {string} ref @returns {string[] | null}
 */
function refPathAsApiSmartDiffReads(ref) {
  if (!ref.startsWith('#/')) return null;
  try {
    return ref.slice(2).split('/').map((segment) => decodeURIComponent(unescapePointer(segment)));
  } catch {
    return null;
  }
}

/** A path template as api-smart-diff pairs path items: every `{…}` a wildcard. @param {string} path */
const templateOf = (path) => path.replace(/\{.*?\}/g, '*');

/** The documents cannot be compared: one is not OpenAPI 3, or api-smart-diff refused them. */
export class SpecDiffError extends Error {
  /** @param {string} message @param {{ cause?: unknown }} [options] */
  constructor(message, options) {
    super(message, options);
    this.name = 'SpecDiffError';
  }
}

/**
 * The changes from `before` to `after` (bundled documents, local $refs only),
 * one entry per change a reviewer should read, most severe first.
 * @throws {SpecDiffError} when a document is not OpenAPI 3 or api-smart-diff fails on it
 * @param {object} before
 * @param {object} after
 * @param {{ prune?: boolean }} [options] `prune: false` hands api-smart-diff the whole documents, not only what an edit can reach (withoutUnchangedParts): the same entries, slower; for the test that proves it
 * @returns {Entry[]}
 */
export function compareSpecs(before, after, { prune = true } = {}) {
  for (const [side, doc] of [['base', before], ['new', after]]) {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || typeof doc.openapi !== 'string' || !/^3\./.test(doc.openapi)) {
      throw new SpecDiffError(`the ${side} document is not an OpenAPI 3 document (openapi: ${JSON.stringify(doc?.openapi) ?? 'missing'})`);
    }
  }
  let diffs;
  try {
    // api-smart-diff rewrites the documents it is given: hand it copies.
    const [base, next] = prune ? withoutUnchangedParts(before, after) : [before, after];
    ({ diffs } = apiCompare(guarded(base), guarded(next)));
    diffs = diffs.map(unguarded);
  } catch (error) {
    throw new SpecDiffError(`api-smart-diff could not compare the documents: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const docs = [before, after];
  const entries = [];
  const groups = new Map();
  // Paths whose template only renamed its parameters (`/x/{id}` → `/x/{x_id}`): api-smart-diff pairs them.
  const renamedPaths = new Map(diffs.filter((d) => d.action === 'rename' && d.path.length === 1 && d.path[0] === 'paths').map((d) => [d.before, d.after]));
  for (const [was, now] of renamedPaths) {
    const methods = METHODS.filter((m) => valueAt(before, ['paths', was, m]));
    const subject = { text: `path ${code(was)}`, prefix: ['paths', was] };
    entries.push(entry('path-renamed', `Renamed path ${code(was)} → ${code(now)}`, subject, ['paths', now], sortOperations(methods.map((m) => ({ endpoint: `${m.toUpperCase()} ${was}`, parts: ['operation'] }))), []));
  }

  for (const diff of expand(diffs, before, after)) {
    const path = diff.path;
    if (diff.action === 'rename' && path.length === 1 && path[0] === 'paths') continue; // renamedPaths has it
    if (path.includes('discriminator')) continue; // discriminatorChanges reads the documents as written
    if (path[0] === 'security' || (path[0] === 'paths' && METHODS.includes(String(path[2])) && path[3] === 'security')) continue; // securityChanges has it
    // Operations: one entry each, whether the path item or the method came or went.
    if (path[0] === 'paths' && (path.length === 2 || (path.length === 3 && METHODS.includes(String(path[2])))) && diff.action !== 'replace') {
      const item = path.length === 2 ? (diff.action === 'add' ? diff.after : diff.before) : { [path[2]]: diff.action === 'add' ? diff.after : diff.before };
      for (const method of METHODS) {
        const operation = item?.[method];
        if (!operation) continue;
        const added = diff.action === 'add';
        const endpoint = `${method.toUpperCase()} ${path[1]}`;
        const id = typeof operation.operationId === 'string' ? ` ${code(operation.operationId)}` : '';
        entries.push(entry(added ? 'operation-added' : 'operation-removed', `${added ? 'Added' : 'Removed'} operation${id}`, { text: `operation ${code(endpoint)}`, prefix: ['paths', path[1], method] }, ['paths', path[1], method], [{ endpoint, parts: ['operation'] }], []));
      }
      continue;
    }
    // A parameter of an operation came or went: api-smart-diff pairs parameters by `in` and
    // name, so a renamed one (or one whose shared component was renamed) is one gone and one
    // come, wherever it is written; its value names it.
    const parameterMoved = diff.action !== 'replace' && path.length === 5 && path[3] === 'parameters' && operationOf(path) && isParameter(parameterOf(diff, before, after));
    const inAfter = renamedPaths.has(path[1]) && path[0] === 'paths' ? ['paths', renamedPaths.get(path[1]), ...path.slice(2)] : path;
    // A parameter written on the path item is one change for all its operations.
    const sharedParameter = parameterMoved && writtenAt(diff.action === 'remove' ? before : after, path);
    const origin = parameterMoved ? (sharedParameter && sharedParameter.length === 4 && sharedParameter[2] === 'parameters' ? sharedParameter : path) : writtenAt(diff.action === 'remove' ? before : after, diff.action === 'remove' ? path : inAfter) ?? writtenAt(before, path) ?? path;
    const shape = parameterMoved || (changedAt(diff, origin, before, after) && sameSite(path, before, after)) ? shapeOf(diff, origin, before, after) : retargeted(path, before, after);
    const echo = operationOf(path);
    if (!groups.has(shape.group)) groups.set(shape.group, { shape, diffs: [] });
    groups.get(shape.group).diffs.push({ diff, direction: echo ? directionOf(echo.part) : null });
  }

  for (const { shape, diffs: group } of groups.values()) {
    const subject = subjectOf(shape.key);
    const inner = shape.key.slice(subject.prefix.length);
    const operations = reachOf(subject, docs, inner);
    const fallback = group.map(({ diff, direction }) => ({ type: diff.type, direction }));
    if (shape.set) {
      const found = setChanges(shape.set, shape.key, before, after);
      if (found) {
        const field = fieldOf(inner.slice(0, -1));
        for (const change of found) entries.push({ ...entry(change.kind, change.words(shape.set === 'enum' ? (field ? ` of ${code(field)}` : '') : field), subject, shape.key, operations, fallback), name: change.name, field });
        continue;
      }
    }
    if (shape.kind) {
      const field = fieldOf(inner);
      const words = shape.words ?? `${shape.kind === 'property-added' ? 'Added' : 'Removed'} property ${code(field)}`;
      const made = entry(shape.kind, words, subject, shape.key, operations, fallback);
      if (shape.text) made.text = textOf(...shape.text);
      // A changed example: the words of its JSON that changed.
      if (shape.kind === 'example' && valueAt(before, shape.key) !== undefined && valueAt(after, shape.key) !== undefined) {
        made.text = wordDiff(JSON.stringify(resolved(before, shape.key)), JSON.stringify(resolved(after, shape.key))) || undefined;
      }
      if (shape.name !== undefined) Object.assign(made, { name: shape.name, field: fieldOf(inner.slice(0, -2)) });
      if (shape.target) made.target = shape.target;
      entries.push(made);
      continue;
    }
    if (shape.group.startsWith('retarget|')) {
      // What the new target changes, by our rules where they apply: a type, enum values.
      const kind = retargetKind(resolved(before, shape.key), resolved(after, shape.key));
      if (kind) {
        entries.push(entry(kind, shape.words, subject, shape.key, operations, fallback));
        continue;
      }
    }
    const described = group.find(({ diff }) => diff.description?.trim() && operationOf(diff.path)) ?? group.find(({ diff }) => diff.description?.trim()) ?? group[0];
    entries.push(entry(null, shape.words ?? smartWords(described.diff), subject, shape.key, operations, fallback));
  }

  for (const change of discriminatorChanges(before, after)) {
    const subject = subjectOf(change.path);
    entries.push({ ...entry(change.kind, change.words, subject, change.path, reachOf(subject, docs, change.path.slice(subject.prefix.length)), []), target: change.target });
  }

  for (const change of securityChanges(before, after)) {
    entries.push(entry(change.kind, change.words, subjectOf(change.path), change.path, change.operations, []));
  }

  return finish(entries, before, after);
}

/**
 * api-smart-diff's diffs, made one per reviewable thing: a whole `parameters`
 * or `tags` list that came or went becomes one diff per item, and a $ref
 * retargeted to a component of the same shape (a rename) is no change.
 */
function* expand(diffs, before, after) {
  for (const diff of diffs) {
    const last = diff.path.at(-1);
    const value = diff.action === 'add' ? diff.after : diff.before;
    if ((last === 'parameters' || last === 'tags') && diff.action !== 'replace' && Array.isArray(value)) {
      for (const [index, item] of value.entries()) yield { ...diff, path: [...diff.path, index], before: diff.action === 'remove' ? item : undefined, after: diff.action === 'add' ? item : undefined };
      continue;
    }
    if (last === '$ref' && diff.action === 'replace') {
      const [was, now] = [refPath(diff.before), refPath(diff.after)];
      if (was && now && isDeepStrictEqual(valueAt(before, was), valueAt(after, now))) continue;
    }
    yield diff;
  }
}

/** A changed text as its changed words, or the whole text when it came or went. */
function textOf(was, now) {
  if (typeof was === 'string' && typeof now === 'string') return wordDiff(was, now);
  const whole = typeof now === 'string' ? now : was;
  return typeof whole === 'string' ? inlineText(whole.length > 200 ? `${whole.slice(0, 199)}…` : whole) : undefined;
}

/** @returns {Entry & { kind: string|null }} */
function entry(kind, change, subject, key, operations, fallback) {
  const effects = effectsOf(kind, operations, fallback);
  return { kind, key, type: worst(effects.map((e) => e.type)), change, subject: subject.text, location: jsonPath(key), effects, operations };
}

/**
 * Folds entries that say one thing twice: a property added and made required
 * in the same schema, a variant added with its discriminator mapping, a
 * component removed and another added with the same shape (a rename).
 */
function finish(entries, before, after) {
  const drop = new Set();
  const same = (a, b) => a.subject === b.subject && a.field === b.field;
  for (const required of entries.filter((e) => e.kind === 'required-added' || e.kind === 'required-removed')) {
    const added = required.kind === 'required-added';
    const property = entries.find((e) => e.kind === (added ? 'property-added' : 'property-removed') && same(e, required) && e.name === required.name);
    if (!property) continue;
    drop.add(required);
    if (added) {
      Object.assign(property, entry('required-property-added', `Added required property ${code(property.field ? `${property.field}.${property.name}` : property.name)}`, { text: property.subject }, property.key, property.operations, []));
    }
  }
  // A shared parameter renamed: each operation's parameter gone and come is that one change.
  for (const renamed of entries.filter((e) => e.kind === 'parameter-renamed' || e.kind === 'path-parameter-renamed')) {
    if (renamed.key[0] !== 'components') continue;
    const ref = componentRef(renamed.key[1], renamed.key[2]);
    for (const e of entries) if (['parameter-added', 'parameter-added-required', 'parameter-removed'].includes(e.kind) && e.target === ref) drop.add(e);
  }
  // A new variant in a oneOf is reported by its discriminator mapping.
  for (const mapping of entries.filter((e) => e.kind === 'mapping-added')) {
    for (const e of entries) if ((e.kind === null || e.kind === 'variant-added' || e.kind === 'type-widened') && e.subject === mapping.subject && /\.oneOf\[\d+\]$/.test(e.location)) drop.add(e);
  }
  // Renames: a component gone and one come, of the same kind and shape.
  for (const removed of entries.filter((e) => e.kind === 'component-removed')) {
    const [, kind, name] = removed.key;
    const shape = valueAt(before, removed.key);
    const added = entries.find((e) => e.kind === 'component-added' && !drop.has(e) && e.key[1] === kind && isDeepStrictEqual(valueAt(after, e.key), shape));
    if (!added) continue;
    drop.add(removed);
    const operations = sortOperations([...new Map([...removed.operations, ...added.operations].map((o) => [o.endpoint, o])).values()]);
    Object.assign(added, entry('component-renamed', `Renamed ${KINDS[kind] ?? kind} ${code(name)} → ${code(added.key[2])}`, { text: added.subject }, added.key, operations, []));
  }
  // A new component referenced where the entry adds a reference (an example, a parameter, a response) is that entry's.
  const addedComponents = new Map(entries.filter((e) => e.kind === 'component-added').map((e) => [componentRef(e.key[1], e.key[2]), e]));
  for (const e of entries) {
    const component = addedComponents.get(valueAt(after, e.key)?.$ref ?? e.target);
    if (!component || component === e || drop.has(component) || drop.has(e)) continue;
    drop.add(component);
    (e.components ??= []).push(component.subject);
  }
  // Components that only added (removed) operations use are part of those operations' entries.
  for (const [verb, kind] of [['added', 'operation-added'], ['removed', 'operation-removed']]) {
    const operations = new Map(entries.filter((e) => e.kind === kind).map((e) => [e.operations[0].endpoint, e]));
    for (const component of entries.filter((e) => e.kind === `component-${verb}` && !drop.has(e))) {
      if (!component.operations.length || !component.operations.every((o) => operations.has(o.endpoint))) continue;
      drop.add(component);
      for (const { endpoint } of component.operations) (operations.get(endpoint).components ??= []).push(component.subject);
    }
  }
  return entries
    .filter((e) => !drop.has(e))
    .map(({ kind, key, name, field, target, ...rest }) => rest)
    .sort((a, b) => TYPES.indexOf(a.type) - TYPES.indexOf(b.type) || order(a.location).localeCompare(order(b.location)) || a.change.localeCompare(b.change));
}

/** A location to sort by: operations of one path in the usual method order (GET, PUT, POST, DELETE, …). */
function order(location) {
  return location.replace(/^(\$\.paths\['[^']*'\]\.)(\w+)/, (whole, prefix, method) => (METHODS.includes(method) ? `${prefix}${METHODS.indexOf(method)}` : whole));
}
