// `npm run mock -- --stateful [--empty] [--state FILE]`: the store behind the
// mock's validation hook, its state file, and the reset route.
//
// The server calls `handler(ctx)` only after Prism accepted the request, so
// the 400, 401 and 422 answers are Prism's (as rewritten by the stateless
// mock); only valid requests reach the store. Requests that ask Prism for a
// particular answer (`Prefer: code=…` / `example=…` / `dynamic=…`, or the
// `__code`/`__example`/`__dynamic` query forms, as Prism's decoder reads
// them) are left to Prism, so a frontend can still force an error in
// stateful mode.
//
// Outside `/api`, `/__mock/state` belongs to the mock itself:
//   GET    /__mock/state              the whole state, as the state file holds it
//   DELETE /__mock/state              back to the start: the seeds (none with --empty)
//   DELETE /__mock/state?seed=false   empty, whatever the start
//   DELETE /__mock/state?seed=true    the seeds, whatever the start

import { createStore, StateError } from './store.mjs';
import { createStateWriter, readStateFile, StateFileError } from './state-file.mjs';

/** The path of the mock's own state route. */
export const STATE_ROUTE = '/__mock/state';

/**
 * @typedef {object} StatefulOptions
 * @property {any} spec the bundled spec (`generated/openapi.json`, parsed)
 * @property {boolean} [empty] start without the seeds
 * @property {string} [statePath] keep the store in this JSON file
 * @property {(line: string) => void} [log] one line per event (write failures)
 *
 * @typedef {import('./server.mjs').HandlerContext} HookContext
 *
 * @typedef {object} StatefulMode
 * @property {(ctx: HookContext) => { status: number, headers?: Record<string, string>, body?: unknown } | undefined} handler the server's `handler` (called after Prism's validation passed)
 * @property {(method: string, url: string) => { status: number, headers?: Record<string, string>, body?: unknown } | undefined} route the server's `routes`: answers `/__mock/state…`, `undefined` for any other path
 * @property {() => void} close writes the state file one last time (synchronously)
 * @property {import('./store.mjs').Store} store
 * @property {string} description one line for the start-up banner
 */

/**
 * Builds the stateful mode: a store, loaded from `statePath` when that file
 * exists, else seeded (or empty).
 * @param {StatefulOptions} options
 * @returns {StatefulMode}
 * @throws {StateFileError} when the state file exists and cannot be used (the file is not touched), or cannot be created
 */
export function createStatefulMode({ spec, empty = false, statePath, log = () => {} }) {
  const store = createStore(spec, { seed: !empty });
  let origin = 'seeds';
  if (empty) origin = 'empty';
  if (statePath) {
    const saved = readStateFile(statePath);
    if (saved !== undefined) {
      try {
        store.restore(saved);
      } catch (error) {
        if (error instanceof StateError) throw new StateFileError(`state file ${statePath} is not a state this mock wrote (${error.message})`);
        throw error;
      }
      origin = `loaded from ${statePath}`;
    }
  }
  const writer = statePath ? createStateWriter(statePath, () => store.snapshot(), { onError: (e) => log(`mock: could not write ${statePath} (${e.code ?? e.message}); still serving`) }) : undefined;
  let written = store.version;
  const persist = () => {
    if (!writer || store.version === written) return;
    written = store.version;
    writer.schedule();
  };
  // The file exists from the start (seeded or empty), so a restart finds it.
  if (writer && origin !== `loaded from ${statePath}`) {
    const error = writer.flush({ report: false });
    if (error) throw new StateFileError(`cannot write state file ${statePath} (${error.code ?? error.message})`, 'Fix: a --state FILE in a folder that exists and that this user may write');
  }

  /** @param {HookContext} ctx */
  function handler(ctx) {
    // A request that asks Prism for dynamic data (or for a status or an
    // example, which the server already leaves to Prism) gets Prism's answer,
    // as Prism's decoder read the Prefer header or its query forms (D151).
    if (ctx.prefer?.code !== undefined || ctx.prefer?.exampleKey !== undefined || ctx.prefer?.dynamic !== undefined) return undefined;
    const answer = store.handle({ operationId: ctx.operation.operationId, params: ctx.pathParams, query: ctx.query, body: ctx.body, origin: originOf(ctx.headers) });
    if (!answer) return undefined;
    persist();
    return answer;
  }

  function route(method, url) {
    // The request target as sent (origin-form): the path before `?`, exactly.
    const cut = url.indexOf('?');
    const pathname = cut === -1 ? url : url.slice(0, cut);
    if (pathname !== STATE_ROUTE && pathname !== `${STATE_ROUTE}/`) return undefined;
    const search = new URLSearchParams(cut === -1 ? '' : url.slice(cut + 1));
    if (method === 'GET') return { status: 200, body: store.snapshot() };
    if (method === 'DELETE') {
      const seeds = search.getAll('seed');
      const seed = seeds.length ? seeds[0] : null;
      // One value: `?seed=false&seed=true` says two things (as a repeated page_size, which the API's routes refuse).
      if (seeds.length > 1) return { status: 400, body: { error: 'seed given more than once; give it once, true or false' } };
      if (seed !== null && seed !== 'true' && seed !== 'false') return { status: 400, body: { error: 'seed must be true or false' } };
      store.reset({ seed: seed === null ? !empty : seed === 'true' });
      persist();
      return { status: 204 };
    }
    return { status: 405, headers: { allow: 'GET, DELETE' }, body: { error: 'Method Not Allowed' } };
  }

  return {
    handler,
    route,
    store,
    close: () => writer?.flush(),
    description: `stateful, ${origin}${statePath ? `, kept in ${statePath}` : ''}`,
  };
}

/** `http://<Host header>` for absolute paging links, when the header is a plain host[:port]. */
function originOf(headers) {
  const host = headers?.host;
  return typeof host === 'string' && /^([\w.-]+|\[[\d:a-f.]+\])(:\d{1,5})?$/i.test(host) ? `http://${host}` : undefined;
}

export { StateFileError };
