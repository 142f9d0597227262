// The mock as `npm run mock` composes it, for scripts/mock.mjs and the tests
// that start it in their own process (test/support/mock-process.ts): the
// stateful mode (lib/mock/stateful.mjs) when asked for, behind the server
// (lib/mock/server.mjs, Prism in this process).
import { readFileSync } from 'node:fs';
import { createStatefulMode } from './stateful.mjs';

/**
 * Reads the bundle the stateful mode's store needs: the `.json` twin of the
 * bundled spec `spec` (`generated/openapi.yaml` → `generated/openapi.json`),
 * parsed. Every way it can be unusable (missing, a folder, unreadable, not
 * JSON, not an object with `paths`) is a `problem`: the one line the mock
 * command prints after `mock: ` before it exits 1.
 * @param {string} spec the bundled spec's path (`--spec`)
 * @returns {{ bundle: { paths: Record<string, unknown> } & Record<string, unknown> } | { problem: string }}
 */
export function readBundle(spec) {
  const twin = spec.replace(/\.ya?ml$/, '.json');
  const fix = 'Fix: npm run generate (or --spec <bundled file>)';
  let text;
  try {
    text = readFileSync(twin, 'utf8');
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    return { problem: `cannot read the spec ${twin}${code === 'ENOENT' ? '' : ` (${code ?? String(error)})`}. ${fix}` };
  }
  let bundle;
  try {
    bundle = JSON.parse(text);
  } catch (error) {
    return { problem: `the spec ${twin} is not JSON (${String(/** @type {Error} */ (error).message).replace(/\s+/g, ' ').trim()}). ${fix}` };
  }
  if (typeof bundle?.paths !== 'object' || bundle.paths === null || Array.isArray(bundle.paths)) {
    return { problem: `the spec ${twin} is not a bundled OpenAPI document (no paths). ${fix}` };
  }
  return { bundle };
}

/**
 * Starts the mock. The stateful mode is built first and the server's
 * module (Prism's libraries, about 3 s of CPU) is loaded only after it, so a
 * state file that cannot be used is refused at once.
 *
 * @param {{
 *   spec?: string,
 *   bundle?: any,
 *   stateful?: boolean,
 *   empty?: boolean,
 *   statePath?: string,
 *   dynamic?: boolean,
 *   port?: number,
 *   host?: string,
 *   log?: (line: string) => void,
 *   logState?: (line: string) => void,
 *   warmUp?: boolean,
 * }} [options]
 *   - `spec`: the bundled OpenAPI file Prism reads (createMockServer's default when left out).
 *   - `bundle`: the same bundle parsed (its `.json` twin), the store's spec; needed with `stateful`.
 *   - `stateful`, `empty`, `statePath`: `--stateful`, `--empty`, `--state FILE`.
 *   - `dynamic`, `port`, `host`, `warmUp`: createMockServer's.
 *   - `log`: the server's lines; `logState`: the stateful mode's (default `log`).
 * @returns {Promise<{ url: string, mode: import('./stateful.mjs').StatefulMode | undefined, warmedUp: Promise<void>, close: () => Promise<void> }>}
 *   `close` does what the process does on SIGTERM: writes the state file one
 *   last time, then closes the server; calling it twice is harmless.
 * @throws {import('./state-file.mjs').StateFileError} a state file that cannot be used; the server's start-up error (listen, spec)
 */
export async function startMock({ spec, bundle, stateful = false, empty = false, statePath, dynamic = false, port, host, log, logState = log, warmUp } = {}) {
  const mode = stateful ? createStatefulMode({ spec: bundle, empty, statePath, log: logState }) : undefined;
  const { createMockServer } = await import('./server.mjs');
  const server = await createMockServer({ spec, dynamic, port, host, log, handler: mode?.handler, routes: mode?.route, warmUp });
  let closed;
  const close = () =>
    (closed ??= (async () => {
      mode?.close();
      await server.close();
    })());
  return { url: server.url, mode, warmedUp: server.warmedUp, close };
}
