// The stateful mock's store: what a frontend creates, it can read back.
//
// A pure module: no HTTP, no files, no clock of its own (both injectable).
// The server calls `store.handle({ operationId, params, query, body })`
// only after Prism has validated the request against the spec, and sends
// back the `{ status, body }` it answers. Persistence lives beside it
// (`state-file.mjs`), fed by `store.snapshot()` / `store.restore()`.
//
// Behaviour is read from the bundled spec wherever the spec says it:
// - the family of an operation (Relay or Fabric) from the schema of its 422
//   answer (`RelayValidationError` / `FabricValidationError`), which also
//   gives the shape of the store's own 422 (a duplicate username);
// - what an operation does (list, create, get, update, delete, list the
//   addresses, assign) from its method and the schema of its 2xx answer;
// - which fields an answer carries from the answer's schema: every listed
//   field is present, `const`s filled in, nullable ones `null` when unset;
// - which fields belong to which `call_handler` variant from the request
//   union (the variants with a `const` `call_handler`, against the variant
//   without one), so a change of handler clears exactly the old one's fields;
// - defaults from the request schemas (`encryption: default`), write-only
//   fields (`password`) from `writeOnly`, paging bounds from the parameters,
//   and the seeds from the examples of the 2xx answers.
// What the spec cannot say (the values a new endpoint gets for `send_as`,
// `ciphers` and `codecs` when the request leaves them out, the channels of
// a new address) is in `FALLBACKS` below, with its source.

import { randomUUID } from 'node:crypto';
import { errorMessage, errorsBody } from './family.mjs';
import { followRefs, isObject, keysOfPointer, listOperations, matchPath } from '../spec/index.mjs';

/** The component schemas whose instances the store keeps, by store kind. */
const KIND_BY_SCHEMA = {
  RelaySipEndpoint: 'relay',
  FabricSipCredential: 'fabric',
  FabricSubscriberSipCredential: 'subscriber',
  FabricAddress: 'address',
  FabricSipCredentialAssignment: 'assignment',
  FabricPhoneRouteAssignment: 'phone_route',
};

/**
 * Settings objects of which a project has exactly one (the SIP profile):
 * a GET and a PUT/PATCH on a path without parameters whose answer is one
 * object. Kept under this kind, one per path; always seeded, even with
 * `seed: false` (a project always has them). Their `default_<field>`
 * values are what new endpoints get for a `<field>` the request leaves out.
 */
const SINGLETON = 'singleton';
const SINGLETON_KEY = 'value';

/** The store kinds that hold SIP endpoints, whose usernames share one namespace (the project). */
const ENDPOINT_KINDS = ['relay', 'fabric', 'subscriber'];

/**
 * Values for required, non-nullable answer fields that a request may leave
 * out and the spec gives no default for. They are the values the spec's own
 * list examples show for an endpoint created without settings
 * (`relay-sip-endpoint-list.yaml`, `fabric-sip-credential-list.yaml`):
 * SignalWire fills them from the project's SIP profile.
 */
const FALLBACKS = { send_as: 'random', ciphers: [], codecs: ['PCMU', 'PCMA'] };

/** The Fabric handler an assignment sets, and the field that names the resource (D41). */
const ASSIGNED_HANDLER = 'resource';
const ASSIGNED_RESOURCE_FIELD = 'calling_handler_resource_id';

/** The paging parameters, which the links set themselves. */
const PAGING = new Set(['page_number', 'page_size', 'page_token']);

/** The format marker and version of `snapshot()`; `restore()` refuses anything else. */
export const STATE_FORMAT = 'sip-spec-mock-state';
export const STATE_VERSION = 1;

/** Thrown by `restore()` for a snapshot that is not one of ours; `message` is one line. */
export class StateError extends Error {
  name = 'StateError';
}

/**
 * @typedef {object} StoreRequest
 * @property {string} operationId the matched operation (`create_sip_endpoint`, …)
 * @property {Record<string, string>} [params] path parameters by name
 * @property {Record<string, unknown>} [query] query parameters by name (strings or already coerced values)
 * @property {unknown} [body] the parsed JSON body, already valid for the operation
 * @property {string} [origin] `http://host:port` the client called, for absolute paging links
 *
 * @typedef {object} StoreAnswer
 * @property {number} status an HTTP status the operation declares
 * @property {unknown} [body] the JSON body; absent for 204
 *
 * @typedef {object} StoreOptions
 * @property {boolean} [seed=true] start from the spec's examples (`false`: empty)
 * @property {() => Date} [now] the clock (tests pass a fixed one)
 * @property {() => string} [uuid] the id generator (tests pass a counter)
 *
 * @typedef {object} Store
 * @property {(request: StoreRequest) => StoreAnswer | undefined} handle answers an operation the store keeps, `undefined` for any other (the caller lets Prism answer)
 * @property {(operationId: string) => boolean} handles whether `handle` answers this operation
 * @property {() => object} snapshot the whole state as plain JSON (see `STATE_FORMAT`)
 * @property {(snapshot: unknown) => void} restore replaces the state; throws `StateError` on a malformed snapshot, leaving the state as it was
 * @property {(options?: { seed?: boolean }) => void} reset back to the seeds (or empty)
 * @property {number} version increments on every change, for persistence
 */

/**
 * Builds a store over a bundled spec (`generated/openapi.json`, parsed).
 * @param {any} spec the bundled OpenAPI document
 * @param {StoreOptions} [options]
 * @returns {Store}
 */
export function createStore(spec, options = {}) {
  const now = options.now ?? (() => new Date());
  const uuid = options.uuid ?? randomUUID;
  const model = analyze(spec);
  /** @type {Map<string, Map<string, Collection>>} kind → scope → collection */
  let state = new Map();
  let version = 0;

  const store = {
    handle,
    handles: (operationId) => model.ops.has(operationId),
    snapshot,
    restore,
    reset,
    get version() {
      return version;
    },
  };
  reset({ seed: options.seed ?? true });
  return store;

  // ---- state -----------------------------------------------------------

  /** The collection of a kind within a scope ('' for project-wide kinds). */
  function collection(kind, scope = '', create = true) {
    let scopes = state.get(kind);
    if (!scopes) state.set(kind, (scopes = new Map()));
    let found = scopes.get(scope);
    if (!found && create) scopes.set(scope, (found = { seq: 0, items: new Map() }));
    return found;
  }

  function insert(kind, scope, data) {
    const c = collection(kind, scope);
    c.items.set(kind === SINGLETON ? SINGLETON_KEY : idKey(data.id), { seq: ++c.seq, data });
    return data;
  }

  function timestamp() {
    return now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  function reset({ seed = options.seed ?? true } = {}) {
    state = new Map();
    if (seed) plantSeeds();
    plantSingletons();
    version++;
  }

  function snapshot() {
    // Null-prototype objects: a scope named `__proto__` (from a hand-edited
    // state file) stays a key instead of becoming a prototype.
    const stores = Object.create(null);
    for (const [kind, scopes] of state) {
      stores[kind] = Object.create(null);
      for (const [scope, c] of scopes) {
        stores[kind][scope] = { seq: c.seq, items: [...c.items.values()].map(({ seq, data }) => ({ seq, data })) };
      }
    }
    return { format: STATE_FORMAT, version: STATE_VERSION, stores };
  }

  function restore(snap) {
    const fail = (why) => {
      throw new StateError(why);
    };
    if (!isObject(snap) || snap.format !== STATE_FORMAT) fail(`not a mock state (no "format": "${STATE_FORMAT}")`);
    if (snap.version !== STATE_VERSION) fail(`state version ${JSON.stringify(snap.version)}, this mock reads version ${STATE_VERSION}`);
    if (!isObject(snap.stores)) fail('"stores" is not an object');
    const next = new Map();
    for (const [kind, scopes] of Object.entries(snap.stores)) {
      if (!Object.values(KIND_BY_SCHEMA).includes(kind) && kind !== SINGLETON) fail(`unknown store "${kind}"`);
      if (!isObject(scopes)) fail(`stores.${kind} is not an object`);
      const byScope = new Map();
      for (const [scope, c] of Object.entries(scopes)) {
        const at = `stores.${kind}[${JSON.stringify(scope)}]`;
        if (!isObject(c) || !Number.isSafeInteger(c.seq) || !Array.isArray(c.items)) fail(`${at} needs an integer "seq" and an "items" array`);
        const items = new Map();
        for (const [i, item] of c.items.entries()) {
          if (!isObject(item) || !Number.isSafeInteger(item.seq) || item.seq > c.seq || !isObject(item.data) || (kind !== SINGLETON && typeof item.data.id !== 'string')) {
            fail(`${at}.items[${i}] needs an integer "seq" up to ${c.seq} and a "data" object with a string "id"`);
          }
          const key = kind === SINGLETON ? SINGLETON_KEY : idKey(item.data.id);
          if (items.has(key)) fail(`${at}.items[${i}] repeats id ${key}`);
          items.set(key, { seq: item.seq, data: item.data });
        }
        const scopeKey = kind === SINGLETON ? scope : idKey(scope);
        if (byScope.has(scopeKey)) fail(`${at} repeats scope ${scopeKey}`);
        byScope.set(scopeKey, { seq: c.seq, items: new Map([...items].sort((a, b) => a[1].seq - b[1].seq)) });
      }
      next.set(kind, byScope);
    }
    state = next;
    version++;
  }

  // ---- seeds -------------------------------------------------------------

  /**
   * Seeds every kind from the examples of its operations' 2xx answers: the
   * single-item answers of get operations first, then list items, then
   * create answers; the first example of an id wins.
   */
  function plantSeeds() {
    const order = { get: 0, list: 1, create: 2, update: 3 };
    const ops = [...model.ops.values()].filter((op) => op.action in order).sort((a, b) => order[a.action] - order[b.action]);
    for (const op of ops) {
      if (op.kind === 'assignment' || op.kind === 'phone_route') continue;
      for (const example of op.examples) {
        const items = op.action === 'list' ? example.data ?? [] : [example];
        const scope = op.kind === 'subscriber' || op.kind === 'address' ? scopeFromLink(op, example) : '';
        if (scope === undefined) continue;
        for (const item of items) {
          if (!isObject(item) || typeof item.id !== 'string' || collection(op.kind, scope).items.has(idKey(item.id))) continue;
          insert(op.kind, scope, structuredClone(item));
        }
      }
    }
    // Every seeded credential has its address: the example's when its name
    // matches, otherwise one made the way a create makes it.
    const fabric = collection('fabric');
    const addresses = [...(state.get('address')?.values() ?? [])].flatMap((c) => [...c.items.values()].map((i) => i.data));
    state.delete('address');
    for (const { data } of fabric.items.values()) {
      const username = data.sip_endpoint?.username;
      const found = addresses.find((a) => a.name === username);
      insert('address', idKey(data.id), found ? structuredClone(found) : newAddress(username, data.created_at, data.id));
    }
  }

  /** Each settings object from the first example of its get (or update) answer, or shaped from its schema. */
  function plantSingletons() {
    for (const op of model.ops.values()) {
      if (op.kind !== SINGLETON || collection(SINGLETON, op.path).items.has(SINGLETON_KEY)) continue;
      const example = [...model.ops.values()].filter((o) => o.kind === SINGLETON && o.path === op.path && o.action === 'get').flatMap((o) => o.examples)[0] ?? op.examples[0];
      if (isObject(example)) insert(SINGLETON, op.path, structuredClone(example));
    }
  }

  /**
   * `<field>` → value, from every settings object's `default_<field>` that
   * is set: `null` and the empty string both say "none" (the SIP profile's
   * `default_send_as`: "null or an empty string" picks a number at random,
   * D45), so a new endpoint falls back as when the profile has none (D152).
   */
  function inheritedDefaults() {
    const out = new Map();
    for (const c of state.get(SINGLETON)?.values() ?? []) {
      for (const [name, value] of Object.entries(c.items.get(SINGLETON_KEY)?.data ?? {})) {
        if (name.startsWith('default_') && value !== null && value !== undefined && value !== '') out.set(name.slice('default_'.length), value);
      }
    }
    return out;
  }

  /** The subscriber or credential id a list example's `links.self` names, from the operation's path template. */
  function scopeFromLink(op, example) {
    const self = example?.links?.self;
    if (typeof self !== 'string') return undefined;
    const path = new URL(self, 'http://x').pathname;
    const scope = matchPath([op], op.method, path)?.params[op.scopeParam];
    return scope === undefined ? undefined : idKey(scope);
  }

  // ---- requests ----------------------------------------------------------

  /** @param {StoreRequest} request */
  function handle(request) {
    const op = model.ops.get(request.operationId);
    if (!op) return undefined;
    // A uuid in any case names the same item (RFC 9562 §4; the spec's uuid
    // pattern is case-free, D90), so ids are looked up in lower case (D150).
    const params = Object.fromEntries(Object.entries(request.params ?? {}).map(([name, value]) => [name, op.uuidParams.has(name) ? idKey(value) : value]));
    // An empty value is a parameter not given, as the validation before the
    // store read it (Prism's form-style deserializer: `page_size=` and
    // `page_token=` are left out, whatever the type).
    const query = Object.fromEntries(Object.entries(request.query ?? {}).filter(([, value]) => value !== ''));
    const body = request.body;
    switch (`${op.kind}:${op.action}`) {
      case 'relay:list':
      case 'fabric:list':
        return list(op, '', params, query, request.origin);
      case 'subscriber:list':
        return list(op, params[op.scopeParam], params, query, request.origin);
      case 'address:list':
        if (!collection('fabric').items.has(params.id)) return notFound();
        return list(op, params.id, params, query, request.origin);
      case 'relay:create':
      case 'fabric:create':
      case 'subscriber:create':
        return create(op, op.kind === 'subscriber' ? params[op.scopeParam] : '', body);
      case 'relay:get':
      case 'fabric:get':
      case 'subscriber:get': {
        const found = collection(op.kind, scopeOf(op, params), false)?.items.get(params.id);
        return found ? answer(op, op.status, found.data) : notFound();
      }
      case 'relay:update':
      case 'fabric:update':
      case 'subscriber:update':
        return update(op, scopeOf(op, params), params.id, body);
      case 'relay:delete':
      case 'fabric:delete':
      case 'subscriber:delete': {
        const c = collection(op.kind, scopeOf(op, params), false);
        if (!c?.items.delete(params.id)) return notFound();
        if (op.kind === 'fabric') state.get('address')?.delete(params.id);
        version++;
        return { status: op.status };
      }
      case 'assignment:assign':
        return assign(op, params.id, body);
      case 'phone_route:assign':
        return assignPhoneRoute(op, params.id, body);
      case `${SINGLETON}:get`: {
        const found = collection(SINGLETON, op.path).items.get(SINGLETON_KEY);
        return answer(op, op.status, found ? found.data : shape(model.resolve, op.itemSchema, {}));
      }
      case `${SINGLETON}:update`: {
        const c = collection(SINGLETON, op.path);
        const data = { ...(c.items.get(SINGLETON_KEY)?.data ?? {}), ...writable(op, body) };
        // The SIP profile's domain is derived from its identifier (its first label).
        if (typeof body?.domain_identifier === 'string' && typeof data.domain === 'string') data.domain = data.domain.replace(/^[^.]*/, body.domain_identifier);
        c.items.set(SINGLETON_KEY, { seq: c.items.get(SINGLETON_KEY)?.seq ?? ++c.seq, data });
        version++;
        return answer(op, op.status, shape(model.resolve, op.itemSchema, data));
      }
      default:
        return undefined;
    }
  }

  function scopeOf(op, params) {
    return op.kind === 'subscriber' ? params[op.scopeParam] : '';
  }

  function notFound() {
    return { status: 404, body: errorMessage('Not Found') };
  }

  /** 422 in the family's shape, naming one field. */
  function invalid(op, attribute, message) {
    return { status: 422, body: errorsBody(op.family, 422, [{ attribute, kind: 'invalid', message }]) };
  }

  /** Whether a username is taken in the project by an endpoint other than `exceptId`. */
  function usernameTaken(username, exceptId) {
    for (const kind of ENDPOINT_KINDS) {
      for (const c of state.get(kind)?.values() ?? []) {
        for (const [id, { data }] of c.items) {
          if (id !== exceptId && endpointOf(kind, data).username === username) return true;
        }
      }
    }
    return false;
  }

  /** The object holding the SIP endpoint's own fields (the inner `sip_endpoint` for Fabric). */
  function endpointOf(kind, data) {
    return kind === 'fabric' ? data[model.innerKey] : data;
  }

  function create(op, scope, body) {
    const handlers = model.handlers.get(op.kind);
    const fields = writable(op, body);
    if (usernameTaken(fields.username)) return invalid(op, 'username', 'username has already been taken');
    const variant = handlers?.variantOf(op.operationId, body);
    for (const [name, value] of Object.entries(variant?.defaults ?? op.defaults)) if (!(name in fields)) fields[name] = structuredClone(value);
    // What the request leaves out, the project's settings (SIP profile) give,
    // for fields the answer lists, as far as the field's schema allows them.
    // A field whose enum has a `default` member keeps saying `default`
    // (which means "the profile's"), as the issue and the create schemas say.
    const listed = model.resolve(op.kind === 'fabric' ? model.innerSchema : op.itemSchema)?.properties ?? {};
    for (const [name, value] of inheritedDefaults()) {
      if (name in fields || !(name in listed)) continue;
      const fitted = fit(model.resolve, listed[name], value);
      if (fitted !== undefined) fields[name] = fitted;
    }
    const id = uuid();
    const at = timestamp();
    let data;
    if (op.kind === 'fabric') {
      const inner = shape(model.resolve, model.innerSchema, { ...fields, id });
      data = shape(model.resolve, op.itemSchema, { id, project_id: model.projectId, display_name: fields.username, created_at: at, updated_at: at, [model.innerKey]: inner });
      insert('address', idKey(id), newAddress(fields.username, at, id));
    } else {
      data = shape(model.resolve, op.itemSchema, { ...fields, id });
    }
    insert(op.kind, scope, data);
    version++;
    return answer(op, op.status, data);
  }

  function update(op, scope, id, body) {
    const found = collection(op.kind, scope, false)?.items.get(id);
    if (!found) return notFound();
    const fields = writable(op, body);
    if ('username' in fields && usernameTaken(fields.username, id)) return invalid(op, 'username', 'username has already been taken');
    const target = endpointOf(op.kind, found.data);
    const handlers = model.handlers.get(op.kind);
    if (handlers && handlers.key in fields && fields[handlers.key] !== target[handlers.key]) {
      // A new handler: the old one's fields go (null where the answer lists them).
      for (const name of handlers.allFields) if (name in target) target[name] = null;
    }
    Object.assign(target, fields);
    if (op.kind === 'fabric') found.data.updated_at = timestamp();
    version++;
    return answer(op, op.status, found.data);
  }

  function assign(op, resourceId, body) {
    const wanted = body?.sip_endpoint_id;
    const fabric = collection('fabric');
    const key = typeof wanted === 'string' ? idKey(wanted) : undefined;
    const found = fabric.items.get(key) ?? [...fabric.items.values()].find(({ data }) => typeof data[model.innerKey]?.id === 'string' && idKey(data[model.innerKey].id) === key);
    if (!found) return notFound();
    const inner = found.data[model.innerKey];
    inner[model.handlerKeyFabric] = ASSIGNED_HANDLER;
    inner[ASSIGNED_RESOURCE_FIELD] = resourceId;
    found.data.updated_at = timestamp();
    version++;
    const address = collection('address', idKey(found.data.id)).items.values().next().value?.data ?? newAddress(inner.username, found.data.created_at);
    return answer(op, op.status, shape(model.resolve, op.itemSchema, { ...address, id: found.data.id }));
  }

  /**
   * Routes a phone number to a SIP credential (D68): the answer is the
   * credential's address as an application address; the route is kept by
   * phone route id (the last assignment of a route wins). A resource the
   * mock does not keep answers 404: there is no address to answer with.
   */
  function assignPhoneRoute(op, resourceId, body) {
    const found = collection('fabric').items.get(resourceId);
    if (!found) return notFound();
    const address = collection('address', idKey(found.data.id)).items.values().next().value?.data ?? newAddress(found.data[model.innerKey]?.username, found.data.created_at, found.data.id);
    const { type: _type, ...fields } = address;
    insert('phone_route', '', { id: body.phone_route_id, resource_id: resourceId, handler: body.handler, assigned_at: timestamp() });
    version++;
    return answer(op, op.status, shape(model.resolve, op.itemSchema, fields));
  }

  /** The body's fields without write-only ones (never stored, never answered). */
  function writable(op, body) {
    const out = {};
    for (const [name, value] of Object.entries(isObject(body) ? body : {})) {
      if (!op.writeOnly.has(name)) out[name] = structuredClone(value);
    }
    return out;
  }

  /** A new credential's address, as the spec's address example shows one. */
  function newAddress(username, at, resourceId) {
    return shape(model.resolve, model.addressSchema, {
      id: uuid(),
      ...(resourceId ? { resource_id: resourceId } : {}),
      name: username,
      display_name: username,
      locked: false,
      channels: { audio: `/private/${username}?channel=audio`, video: `/private/${username}?channel=video` },
      created_at: at ?? timestamp(),
    });
  }

  function answer(op, status, data) {
    return { status, body: structuredClone(data) };
  }

  // ---- lists -------------------------------------------------------------

  /**
   * One page of a collection, in creation order. `page_token` is a cursor:
   * `PA<n>` starts after the item created n-th, `PB<n>` ends before it, so
   * a client following `links.next` meets every item once even when items
   * are created or deleted between pages. `page_number` only labels pages.
   */
  function list(op, scope, params, query, origin) {
    const size = integer(query.page_size, op.paging.sizeDefault);
    const number = integer(query.page_number, op.paging.numberDefault);
    const token = query.page_token;
    if (number > 0 && token === undefined) return invalid(op, 'page_token', 'page_token is required when page_number is above 0');
    let cursor;
    if (token !== undefined) {
      const match = /^P([AB])(\d{1,15})$/.exec(String(token));
      if (!match) return invalid(op, 'page_token', 'page_token is not a token this server gave out');
      cursor = { after: match[1] === 'A', seq: Number(match[2]) };
    }
    let items = [...(collection(op.kind, scope, false)?.items.values() ?? [])];
    const filters = Object.entries(query).filter(([name, value]) => op.filters.has(name) && value !== undefined);
    for (const [name, value] of filters) {
      const field = op.filters.get(name);
      const needle = String(value).toLowerCase();
      items = items.filter(({ data }) => typeof data[field] === 'string' && data[field].toLowerCase().includes(needle));
    }
    let start = 0;
    let end;
    if (cursor?.after) start = indexWhere(items, (i) => i.seq > cursor.seq);
    if (cursor && !cursor.after) {
      end = indexWhere(items, (i) => i.seq >= cursor.seq);
      start = Math.max(0, end - size);
    } else {
      end = Math.min(items.length, start + size);
    }
    const page = items.slice(start, end);
    const base = fillPath(op.path, params);
    // Every declared parameter the request sent, except the paging trio, stays in the links.
    const kept = Object.entries(query)
      .filter(([name, value]) => op.queryNames.has(name) && !PAGING.has(name) && !op.fixedQuery.some(([n]) => n === name) && value !== undefined)
      .flatMap(([name, value]) => [value].flat().map((v) => [name, String(v)]));
    const link = (extra) => linkTo(origin, base, [...kept, ...extra, ...op.fixedQuery]);
    const links = {
      self: link([['page_number', String(number)], ['page_size', String(size)], ...(token !== undefined ? [['page_token', String(token)]] : [])]),
      first: link([['page_size', String(size)]]),
    };
    if (end < items.length && page.length) links.next = link([['page_number', String(number + 1)], ['page_size', String(size)], ['page_token', `PA${page.at(-1).seq}`]]);
    if (start > 0) {
      const seq = page.length ? page[0].seq : items[start - 1].seq + 1;
      links.prev = link([['page_number', String(Math.max(number - 1, 0))], ['page_size', String(size)], ['page_token', `PB${seq}`]]);
    }
    return { status: op.status, body: { data: page.map((i) => structuredClone(i.data)), links } };
  }

  function linkTo(origin, path, pairs) {
    const search = new URLSearchParams(pairs).toString();
    const relative = `${path}${search ? `?${search}` : ''}`;
    return model.absoluteLinks ? `${origin ?? 'http://127.0.0.1'}${relative}` : relative;
  }
}

// ---- the spec, read once -------------------------------------------------

/**
 * What the store needs from the spec, per operation and per kind.
 * @param {any} spec
 */
function analyze(spec) {
  const ops = new Map();
  const handlers = new Map();
  const schemaName = (node) => keysOfPointer(node?.$ref)?.at(-1);
  const byPath = new Map();
  // The operations as the spec module lists them: parameters merged and
  // dereferenced, and the family as the 422 response states it.
  for (const listed of listOperations({ document: spec })) {
    const { method, path, operationId } = listed;
    if (!operationId || !['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
    const success = Object.keys(listed.responses).filter((s) => /^2\d\d$/.test(s)).sort();
    // A create answers 201 when it declares it (D8); others their lowest 2xx.
    const status = Number(success.includes('201') ? '201' : success[0]);
    const content = listed.responses[String(status)]?.response.content?.['application/json'];
    const schemaRef = content?.schema;
    const schema = deref(spec, schemaRef);
    const listItem = schema?.properties?.data?.items;
    const itemName = schemaName(listItem) ?? schemaName(schemaRef);
    const entry = {
      operationId,
      method,
      path,
      status,
      family: listed.family ?? undefined,
      kind: KIND_BY_SCHEMA[itemName],
      isList: Boolean(listItem),
      itemSchema: deref(spec, listItem ?? schemaRef),
      examples: Object.values(content?.examples ?? {}).map((e) => deref(spec, e)?.value).filter((v) => v !== undefined),
      requestSchema: deref(spec, listed.requestSchema),
      parameters: listed.parameters,
    };
    byPath.set(`${method} ${path}`, entry);
  }
  for (const entry of byPath.values()) {
    // A delete answers no body: its kind is that of the get on the same path.
    if (!entry.kind) entry.kind = byPath.get(`get ${entry.path}`)?.kind;
    const pathParams = entry.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    if (!entry.kind && !pathParams.length && !entry.isList && ['get', 'put', 'patch'].includes(entry.method) && entry.itemSchema?.type === 'object' && byPath.has(`get ${entry.path}`)) {
      entry.kind = SINGLETON;
    }
    if (!entry.kind) continue;
    // An operation without a 422 (the SIP profile's GET) is in the family of the operations on its path.
    entry.family ??= [...byPath.values()].find((other) => other.path === entry.path && other.family)?.family;
    entry.action =
      entry.method === 'get'
        ? entry.isList ? 'list' : 'get'
        : entry.method === 'post'
          ? entry.kind === 'assignment' || entry.kind === 'phone_route' ? 'assign' : 'create'
          : entry.method === 'delete' ? 'delete' : 'update';
    entry.uuidParams = new Set(entry.parameters.filter((p) => p.in === 'path' && deref(spec, p.schema)?.format === 'uuid').map((p) => p.name));
    entry.scopeParam = pathParams.find((n) => n !== 'id') ?? (entry.kind === 'address' ? 'id' : undefined);
    const query = entry.parameters.filter((p) => p.in === 'query');
    entry.queryNames = new Set(query.map((p) => p.name));
    // A parameter with one possible value (Fabric's `type=sip_endpoint`) is in every link, as the spec's examples show.
    entry.fixedQuery = query
      .map((p) => [p.name, deref(spec, p.schema)?.enum])
      .filter(([, values]) => Array.isArray(values) && values.length === 1)
      .map(([name, values]) => [name, String(values[0])]);
    entry.filters = new Map(query.filter((p) => p.name.startsWith('filter_')).map((p) => [p.name, p.name.slice('filter_'.length)]));
    entry.paging = {
      sizeDefault: deref(spec, query.find((p) => p.name === 'page_size')?.schema)?.default ?? 50,
      numberDefault: deref(spec, query.find((p) => p.name === 'page_number')?.schema)?.default ?? 0,
    };
    entry.writeOnly = new Set();
    // The defaults of a body that is one object (no union): the subscriber credential's.
    const plain = variantsOf(spec, entry.requestSchema);
    entry.defaults = plain.length === 1 ? defaultsOf(plain[0]) : {};
    for (const variant of variantsOf(spec, entry.requestSchema)) {
      for (const [name, sub] of Object.entries(variant.properties ?? {})) if (deref(spec, sub)?.writeOnly) entry.writeOnly.add(name);
    }
    ops.set(entry.operationId, entry);
  }
  // The call_handler unions, per kind, from the create and update bodies.
  for (const kind of ENDPOINT_KINDS) {
    const bodies = [...ops.values()].filter((o) => o.kind === kind && (o.action === 'create' || o.action === 'update'));
    const analysed = bodies.map((o) => [o.operationId, handlerUnion(spec, o.requestSchema)]).filter(([, u]) => u);
    if (!analysed.length) continue;
    const byOp = new Map(analysed);
    const first = analysed[0][1];
    handlers.set(kind, {
      key: first.key,
      allFields: new Set(analysed.flatMap(([, u]) => [...u.allFields])),
      variantOf: (operationId, body) => byOp.get(operationId)?.variantOf(body),
    });
  }
  const fabricItem = [...ops.values()].find((o) => o.kind === 'fabric')?.itemSchema;
  const innerKey = Object.entries(fabricItem?.properties ?? {}).find(([, s]) => s?.$ref)?.[0] ?? 'sip_endpoint';
  const fabricSeed = [...ops.values()].filter((o) => o.kind === 'fabric').flatMap((o) => o.examples.flatMap((e) => (o.isList ? e.data ?? [] : [e])))[0];
  const links = deref(spec, spec.components?.schemas?.PaginationLinks);
  return {
    ops,
    handlers,
    innerKey,
    innerSchema: deref(spec, fabricItem?.properties?.[innerKey]),
    handlerKeyFabric: handlers.get('fabric')?.key ?? 'call_handler',
    addressSchema: [...ops.values()].find((o) => o.kind === 'address')?.itemSchema ?? {},
    projectId: fabricSeed?.project_id ?? randomUUID(),
    // `format: uri` needs an absolute link; a `uri-reference` takes a relative one.
    absoluteLinks: deref(spec, links?.properties?.next)?.format === 'uri',
    resolve: (node) => deref(spec, node),
  };
}

/**
 * A value shaped by an answer's schema: every property the schema lists is
 * present. One the value lacks gets the schema's `const`, else `null` when
 * the schema admits it, else the enum's `default` member (`encryption`,
 * Fabric's `call_handler`: SignalWire's "default" setting), else a
 * `FALLBACKS` value. Properties the value has are kept as they are.
 * @param {(node: unknown) => any} resolve `$ref` resolution in the bundle
 * @param {any} schema the object schema of the answer
 * @param {Record<string, unknown>} value what the store knows
 */
function shape(resolve, schema, value) {
  const out = {};
  for (const [name, sub] of Object.entries(resolve(schema)?.properties ?? {})) {
    const s = resolve(sub) ?? {};
    if (value[name] !== undefined) out[name] = value[name];
    else if (s.const !== undefined) out[name] = s.const;
    else if (nullable(resolve, s)) out[name] = null;
    else if (Array.isArray(s.enum) && s.enum.includes('default')) out[name] = 'default';
    else if (name in FALLBACKS) out[name] = structuredClone(FALLBACKS[name]);
  }
  // Fields the schema does not list stay, after the listed ones.
  for (const [name, v] of Object.entries(value)) if (!(name in out) && v !== undefined) out[name] = v;
  return out;
}

/**
 * A copy of `value` as far as `schema` takes it: `undefined` when the
 * schema's enum has a `default` member (the field says "inherit" itself) or
 * does not list the value; array items outside the items' enum dropped.
 * @param {(node: unknown) => any} resolve
 */
function fit(resolve, schema, value) {
  const branches = [schema, ...(resolve(schema)?.anyOf ?? []), ...(resolve(schema)?.oneOf ?? [])].map(resolve).filter(Boolean);
  const enums = branches.flatMap((b) => (Array.isArray(b.enum) ? [b.enum] : []));
  if (enums.some((e) => e.includes('default'))) return undefined;
  if (enums.length && !enums.some((e) => e.includes(value))) return undefined;
  const items = branches.map((b) => resolve(b.items)).find((i) => Array.isArray(i?.enum));
  if (Array.isArray(value) && items) return value.filter((v) => items.enum.includes(v));
  return structuredClone(value);
}

/** Whether a schema admits `null` (a `null` type, or a branch of a `oneOf`/`anyOf` that does). */
function nullable(resolve, schema) {
  if (!schema || typeof schema !== 'object') return false;
  if ([schema.type].flat().includes('null')) return true;
  return [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].some((b) => [resolve(b)?.type].flat().includes('null'));
}

/**
 * The `call_handler` union of a request body: its key (the discriminator's
 * `propertyName`), the fields each variant owns beyond the common ones, and
 * the defaults each variant declares.
 */
function handlerUnion(spec, schema) {
  const variants = variantsOf(spec, schema);
  const discriminated = findDiscriminator(spec, schema);
  if (!discriminated) return undefined;
  const key = discriminated.propertyName;
  const acceptsValue = (s) => {
    const d = deref(spec, s);
    return d !== false && d !== undefined && !(d?.type === 'null');
  };
  // Common fields are those every handler variant takes a value for; the
  // rest of a variant's fields are its own. (The variant without a handler
  // is left out: it may carry the current handler's fields.)
  const withHandler = variants.filter((v) => deref(spec, v.properties?.[key])?.const !== undefined);
  const takes = (v) => new Set(Object.entries(v.properties ?? {}).filter(([, s]) => acceptsValue(s)).map(([n]) => n));
  if (!withHandler.length) return undefined;
  const commonFields = withHandler.map(takes).reduce((a, b) => new Set([...a].filter((n) => b.has(n))));
  const byHandler = new Map();
  const allFields = new Set();
  for (const v of variants) {
    const handler = deref(spec, v.properties?.[key])?.const;
    const own = handler === undefined ? [] : [...takes(v)].filter((n) => n !== key && !commonFields.has(n));
    own.forEach((n) => allFields.add(n));
    const defaults = defaultsOf(v);
    byHandler.set(handler ?? null, { handler, own, defaults });
  }
  return {
    key,
    allFields,
    variantOf: (body) => byHandler.get(isObject(body) && key in body ? body[key] : null),
  };
}

/** The `default` of each property of an object schema that declares one (on the property itself, beside its `$ref`). */
function defaultsOf(schema) {
  return Object.fromEntries(
    Object.entries(schema?.properties ?? {})
      .filter(([, s]) => s && typeof s === 'object' && s.default !== undefined)
      .map(([n, s]) => [n, s.default]),
  );
}

function findDiscriminator(spec, schema, depth = 0) {
  const node = deref(spec, schema);
  if (!node || depth > 8) return undefined;
  if (node.discriminator) return node.discriminator;
  for (const branch of node.oneOf ?? []) {
    const found = findDiscriminator(spec, branch, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The leaf object schemas of a request body, through nested `oneOf`s. */
function variantsOf(spec, schema, depth = 0) {
  const node = deref(spec, schema);
  if (!node || typeof node !== 'object' || depth > 8) return [];
  if (Array.isArray(node.oneOf)) return node.oneOf.flatMap((b) => variantsOf(spec, b, depth + 1));
  return [node];
}

/** The node a local `$ref` chain from `node` ends at (lib/spec `followRefs`). */
function deref(spec, node) {
  return followRefs(spec, node).node;
}

/**
 * The key an id is kept and looked up under: its lower case, since a uuid is
 * case-insensitive (RFC 9562 §4) and the spec's uuid pattern lets either
 * case through (D90). Ids the store gives out are lower case already.
 * @param {string} id
 */
function idKey(id) {
  return id.toLowerCase();
}

function fillPath(template, params) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(params[name] ?? ''));
}

/** The index of the first item that passes, or the length when none does. */
function indexWhere(items, test) {
  const i = items.findIndex(test);
  return i === -1 ? items.length : i;
}

/**
 * A query integer as the validation before the store read it: Ajv coerces a
 * numeric string by `+value` (`0x10` is 16, `2.0` is 2); a value it refused
 * never gets here, and an empty one is left out before (handle). So: the
 * number, else the fallback.
 * @param {unknown} value a query value (a string from the URL; a number from the store's own tests)
 * @param {number} fallback
 */
function integer(value, fallback) {
  const n = typeof value === 'number' ? value : value === undefined ? NaN : Number(value);
  return Number.isSafeInteger(n) ? n : fallback;
}

/**
 * @typedef {{ seq: number, items: Map<string, { seq: number, data: any }> }} Collection
 */
