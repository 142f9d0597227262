// Turns Prism's 422 violations (its `sl-violations` header) into the body
// the family's own 422 schema describes, naming each field at fault.
//
// Prism validates a body against every branch of a oneOf and reports the
// errors of all of them. The body's `call_handler` says which branch it
// meant (the spec's discriminator mapping), so we keep only the violations
// that branch can produce. Nothing is validated here: every message comes
// from Prism, filtered and reworded.

const FABRIC_ERROR_URL = 'https://developer.signalwire.com/rest/overview/error-codes';
const PREFIX = /^Request (body property|body|query parameter|path parameter|header parameter) /;

/** Builds a matcher from request method + path to the spec's operation. */
export function operationMatcher(spec) {
  const routes = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === 'object' && op.operationId) routes.push({ method: method.toUpperCase(), pattern, op, template });
    }
  }
  return (method, pathname) => routes.find((r) => r.method === method && r.pattern.test(pathname));
}

/** The 422 body for one request, in the family of its path. */
export function readable422({ spec, route, body, violations }) {
  const family = route.template.startsWith('/api/relay/') ? 'relay' : 'fabric';
  const problems = describe(spec, route.op, body, violations);
  return family === 'relay' ? { errors: problems.map(relayItem) } : { errors: problems.map(fabricItem) };
}

function relayItem({ message, kind }) {
  return { detail: message, status: '422', title: kind === 'invalid' ? 'Invalid Attribute' : kind === 'missing' ? 'Missing Attribute' : 'Unknown Attribute', code: '422' };
}

function fabricItem({ attribute, message, kind }) {
  const code = { missing: 'missing_required_parameter', unknown: 'unknown_parameter', invalid: 'invalid_parameter_value' }[kind];
  return { type: 'validation_error', code, message, attribute, url: FABRIC_ERROR_URL };
}

function describe(spec, op, body, violations) {
  const problems = [];
  const seen = new Set();
  const add = (attribute, kind, message) => {
    if (seen.has(message)) return;
    seen.add(message);
    problems.push({ attribute, kind, message });
  };
  const branch = chooseBranch(spec, op, body);
  for (const v of violations) {
    const [, where, field, ...rest] = v.location;
    if (where !== 'body') {
      add(field ?? where, 'invalid', `${v.message.replace(PREFIX, '')}`);
      continue;
    }
    if (branch?.unknownHandler) continue; // reported once below
    if (v.code === 'oneOf' || (v.code === 'const' && field === 'call_handler')) continue;
    if (v.code === 'required') {
      const missing = /'([^']+)'/.exec(v.message)?.[1] ?? field;
      if (branch && !branch.schema.required?.includes(missing)) continue;
      add(missing, 'missing', `${missing} is required${branch?.handler ? ` when call_handler is ${branch.handler}` : ''}`);
      continue;
    }
    if (v.code === 'additionalProperties' || v.code === 'false schema') {
      const extra = /found '([^']+)'/.exec(v.message)?.[1] ?? field;
      if (branch && branch.schema.properties?.[extra] !== undefined && branch.schema.properties[extra] !== false) continue;
      add(extra, 'unknown', unknownFieldMessage(spec, op, extra, branch?.handler));
      continue;
    }
    if (branch && field && !canProduce(spec, branch.schema, [field, ...rest], v)) continue;
    add(field ?? 'body', 'invalid', v.message.replace(PREFIX, ''));
  }
  if (branch?.unknownHandler) {
    add('call_handler', 'invalid', `call_handler ${JSON.stringify(body.call_handler)} is not allowed here; allowed values: ${branch.allowed.join(', ')}`);
  }
  if (!problems.length) {
    for (const v of violations) add(v.location[2] ?? v.location[1] ?? 'request', 'invalid', v.message.replace(PREFIX, ''));
  }
  return problems;
}

/** The request-body branch the body chose by its call_handler, from the discriminator. */
function chooseBranch(spec, op, body) {
  const schema = resolve(spec, op.requestBody?.content?.['application/json']?.schema);
  if (!schema?.oneOf || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const withHandler = schema.oneOf.map((s) => resolve(spec, s)).find((s) => s.discriminator);
  const noHandler = schema.oneOf.map((s) => resolve(spec, s)).find((s) => s.properties?.call_handler === false);
  if (!('call_handler' in body)) return noHandler && { schema: noHandler };
  const mapping = withHandler?.discriminator?.mapping ?? {};
  const target = typeof body.call_handler === 'string' ? mapping[body.call_handler] : undefined;
  if (!target) return { unknownHandler: true, allowed: Object.keys(mapping) };
  return { handler: body.call_handler, schema: resolve(spec, { $ref: target }) };
}

/** "X is not allowed…", saying which handler X belongs to when one does. */
function unknownFieldMessage(spec, op, field, handler) {
  const schema = resolve(spec, op.requestBody?.content?.['application/json']?.schema);
  const withHandler = schema?.oneOf?.map((s) => resolve(spec, s)).find((s) => s.discriminator);
  const owners = Object.entries(withHandler?.discriminator?.mapping ?? {})
    .filter(([, ref]) => resolve(spec, { $ref: ref }).properties?.[field] !== undefined)
    .map(([value]) => value);
  const context = handler ? ` when call_handler is ${handler}` : owners.length ? ' without a call_handler' : '';
  const hint = owners.length && !owners.includes(handler) ? ` (it belongs to call_handler ${owners.join(', ')})` : '';
  return `${field} is not allowed${context}${hint}`;
}

/** Whether the branch's schema at this path has the keyword Prism reports. */
function canProduce(spec, schema, path, violation) {
  let at = schema;
  for (const segment of path) {
    at = resolve(spec, at);
    if (!at) return false;
    at = /^\d+$/.test(segment) ? at.items : at.properties?.[segment];
  }
  at = resolve(spec, at);
  if (!at || typeof at !== 'object') return false;
  if (violation.code === 'type') {
    const expected = /must be (\w+)/.exec(violation.message)?.[1];
    const types = [at.type].flat().filter(Boolean);
    return !expected || types.includes(expected);
  }
  return violation.code in at || (violation.code === 'format' && 'format' in at);
}

function resolve(spec, node) {
  let at = node;
  for (let hops = 0; at?.$ref && hops < 10; hops++) {
    at = at.$ref
      .slice(2)
      .split('/')
      .reduce((o, key) => o?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return at;
}
