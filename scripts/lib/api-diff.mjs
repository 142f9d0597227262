// Compares two bundled OpenAPI documents and returns one entry per change a
// reviewer should read. api-smart-diff finds and classifies the changes; this
// module folds its echoes together (it reports a change once per place a
// $ref reaches it), applies our own rules where its classes are too lenient,
// and checks discriminator mappings, which it leaves unclassified.
import { apiCompare } from 'api-smart-diff';

export const TYPES = ['breaking', 'deprecated', 'non-breaking', 'annotation', 'unclassified'];
const SEVERITY = ['annotation', 'non-breaking', 'unclassified', 'deprecated', 'breaking'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `$.paths['/api/x'].post.requestBody` style, readable and unambiguous. */
export function jsonPath(path) {
  return '$' + path.map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `['${key}']`)).join('');
}

/** The node at `path` in the document as written (no $ref followed), or undefined. */
function at(doc, path) {
  return path.reduce((node, key) => (node !== null && typeof node === 'object' ? node[key] : undefined), doc);
}

/** Local $refs reachable from `node`, following each once. */
function reachableRefs(doc, node, seen = new Set()) {
  if (node === null || typeof node !== 'object') return seen;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/') && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    reachableRefs(doc, at(doc, node.$ref.slice(2).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))), seen);
  }
  for (const value of Object.values(node)) reachableRefs(doc, value, seen);
  return seen;
}

/** "POST /api/x" for every operation of `doc` that uses components.<kind>.<name>. */
function operationsUsing(doc, kind, name) {
  const ref = `#/components/${kind}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const out = [];
  for (const [url, item] of Object.entries(doc?.paths ?? {})) {
    // Parameters of the path item apply to each of its operations.
    for (const method of METHODS) if (item[method] && reachableRefs(doc, [item[method], item.parameters]).has(ref)) out.push(`${method.toUpperCase()} ${url}`);
  }
  return out;
}

/** Orders "METHOD /path" by path, then by the usual method order. */
function byPath(a, b) {
  const [ma, pa] = a.split(' ');
  const [mb, pb] = b.split(' ');
  return pa.localeCompare(pb) || METHODS.indexOf(ma.toLowerCase()) - METHODS.indexOf(mb.toLowerCase());
}

/** The operation a `paths` diff belongs to, and which part of it. */
function operationOf(path) {
  if (path[0] !== 'paths' || !METHODS.includes(path[2])) return null;
  const part = path[3] === 'requestBody' ? 'request body' : path[3] === 'responses' ? `response ${path[4]}` : path[3] ?? 'operation';
  return { endpoint: `${path[2].toUpperCase()} ${path[1]}`, part };
}

/** A value short enough for one line; objects are named by the description instead. */
function show(value) {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(Array.isArray(value) && value.every((v) => typeof v !== 'object'))) return null;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Our rules on top of api-smart-diff's: where a change breaks generated clients too. */
function reclassify(diff) {
  const [parent, key] = diff.path.slice(-2);
  // Examples document; they change no contract (api-smart-diff leaves them unclassified).
  if (diff.path.includes('examples') || key === 'example') return 'annotation';
  // A removed or renamed enum value breaks both directions: requests that send
  // it, and typed clients that compare a response with it (GitHub's rule).
  if (parent === 'enum' && diff.action !== 'add') return 'breaking';
  // Generated clients and the typed operations map are keyed by operationId.
  if (key === 'operationId' && diff.action !== 'add') return 'breaking';
  return diff.type;
}

/** Words for the changes api-smart-diff leaves undescribed (those it met only under components). */
function fallbackWording({ action, path, before, after }) {
  const [parent, key] = path.slice(-2);
  const verb = { add: 'Added', remove: 'Removed', replace: 'Replaced', rename: 'Renamed' }[action];
  if (parent === 'required') return action === 'add' ? `Made \`${after}\` required` : action === 'remove' ? `Made \`${before}\` optional` : 'Changed a required field';
  if (parent === 'enum') return `${verb} enum value`;
  if (parent === 'properties') return `${verb} property \`${key}\``;
  return `${verb} \`${path.slice(-2).join('.')}\``;
}

function describe(diff) {
  const [before, after] = [show(diff.before), show(diff.after)];
  const values = diff.action === 'add' ? after && `added ${after}` : diff.action === 'remove' ? before && `removed ${before}` : before && after && `${before} → ${after}`;
  // Drop api-smart-diff's "in Response 200 content (…)": a group spans several places.
  const text = diff.description?.replace(/\s*in [A-Z][\w ]*? content \([^)]*\)$/, '').trim();
  const what = text || fallbackWording(diff);
  return values ? `${what}: ${values}` : what;
}

/** Mapping keys present in `before` but gone or retargeted in `after`, and new keys. */
function discriminatorChanges(before, after) {
  const changes = [];
  const walk = (node, path) => {
    if (node === null || typeof node !== 'object') return;
    const mapping = node.discriminator?.mapping;
    if (mapping && typeof mapping === 'object') {
      const next = at(after, [...path, 'discriminator', 'mapping']) ?? {};
      for (const [key, target] of Object.entries(mapping)) {
        const where = [...path, 'discriminator', 'mapping', key];
        if (!(key in next)) changes.push({ type: 'breaking', action: 'remove', path: where, before: target, description: `Removed discriminator mapping \`${key}\`` });
        else if (next[key] !== target) changes.push({ type: 'breaking', action: 'replace', path: where, before: target, after: next[key], description: `Retargeted discriminator mapping \`${key}\`` });
      }
      for (const [key, target] of Object.entries(next)) {
        if (!(key in mapping)) changes.push({ type: 'non-breaking', action: 'add', path: [...path, 'discriminator', 'mapping', key], after: target, description: `Added discriminator mapping \`${key}\`` });
      }
    }
    for (const [key, value] of Object.entries(node)) walk(value, [...path, Array.isArray(node) ? Number(key) : key]);
  };
  walk(before, []);
  return changes;
}

/**
 * The changes from `before` to `after`, one entry per change:
 * { type, description, locations: [JSON path], affects: [{ endpoint: 'POST /api/x', parts: ['request body'] }] }.
 */
export function compareSpecs(before, after) {
  // api-smart-diff rewrites the documents it is given: hand it copies.
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  const all = diffs.filter((d) => !d.path.includes('discriminator')).concat(discriminatorChanges(before, after));

  // One group per change: same action, same key (with its parent for an
  // array index), same scalar values. Echoes differ only in the path before.
  const groups = new Map();
  for (const diff of all) {
    const scalar = (v) => (v !== null && typeof v === 'object' ? '{}' : JSON.stringify(v));
    const tail = typeof diff.path.at(-1) === 'number' ? diff.path.slice(-2) : diff.path.slice(-1);
    const key = [diff.action, tail.join('/'), scalar(diff.before), scalar(diff.after)].join('|');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(diff);
  }

  const changes = [];
  for (const group of groups.values()) {
    const inPaths = group.filter((d) => operationOf(d.path));
    // Operation-level diffs know the direction (request or response): they classify.
    const judged = inPaths.length ? inPaths : group;
    const type = judged.map(reclassify).reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a));
    // Where the change is written: paths that exist in the document as written.
    const real = group.filter((d) => at(d.action === 'add' ? after : before, d.path) !== undefined);
    const shown = real.length ? real : [group.reduce((a, b) => (b.path.length < a.path.length ? b : a))];
    const locations = [...new Set(shown.map((d) => jsonPath(d.path)))];
    // Endpoints the change reaches, with the parts of each (request body, response 200…).
    const affects = new Map();
    const reach = (endpoint, part) => {
      if (!affects.has(endpoint)) affects.set(endpoint, new Set());
      if (part) affects.get(endpoint).add(part);
    };
    for (const d of inPaths) reach(operationOf(d.path).endpoint, operationOf(d.path).part);
    for (const d of shown) {
      if (d.path[0] === 'components') for (const doc of [before, after]) operationsUsing(doc, d.path[1], String(d.path[2])).forEach((e) => reach(e));
    }
    const described = group.find((d) => d.description?.trim() && operationOf(d.path)) ?? group.find((d) => d.description?.trim()) ?? group[0];
    changes.push({
      type,
      description: describe(described),
      locations,
      affects: [...affects].map(([endpoint, parts]) => ({ endpoint, parts: [...parts].sort() })).sort((a, b) => byPath(a.endpoint, b.endpoint)),
    });
  }
  return changes.sort((a, b) => TYPES.indexOf(a.type) - TYPES.indexOf(b.type) || a.locations[0].localeCompare(b.locations[0]));
}
