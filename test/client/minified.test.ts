// The client as an app ships it: bundled and minified (esbuild here, as Vite
// does for production). A minifier renames classes, so anything read from a
// class's own name (`new.target.name`) turns into `t` or `$`: each error's
// `name`, its String() and its JSON must still say what it is.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../src/index.js';

// Inside the repo, so the bundle's `import "openapi-fetch"` resolves; ignored by git.
const DIR = resolve('node_modules', '.cache', 'sip-spec-minified');
const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
let minified: typeof source;
let bundleText: string;

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  const result = await build({ entryPoints: ['src/index.ts'], bundle: true, minify: true, format: 'esm', platform: 'neutral', target: 'es2022', external: ['openapi-fetch', 'ajv', 'ajv/*', 'ajv-formats'], write: false, logLevel: 'silent' });
  const file = join(DIR, `index-${process.pid}.mjs`);
  bundleText = result.outputFiles[0].text;
  writeFileSync(file, bundleText);
  minified = await import(pathToFileURL(file).href);
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** The exported error classes of a build of the package, by export name. */
const errorClassesOf = (m: typeof source) =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .filter((e): e is [string, typeof source.SignalWireError] => typeof e[1] === 'function' && (e[1] === m.SignalWireError || e[1].prototype instanceof m.SignalWireError));

describe('error names in a minified bundle', () => {
  it('the bundle renames the classes (else this test would prove nothing)', () => {
    // esbuild writes `var t=class extends …`: no class keeps its name in the code.
    expect(bundleText).toMatch(/=class extends/);
    for (const [exported] of errorClassesOf(source)) expect(bundleText, exported).not.toMatch(new RegExp(`class ${exported}\\b`));
  });

  it('every exported error class is named as it is exported, in the source and in the minified bundle', () => {
    const names = errorClassesOf(source).map(([exported]) => exported);
    expect(names).toHaveLength(10);
    for (const m of [source, minified]) {
      expect(errorClassesOf(m).map(([exported]) => exported)).toEqual(names);
      for (const [exported, errorClass] of errorClassesOf(m)) {
        expect(errorClass.prototype.name, exported).toBe(exported);
        // What loggers read as the error's type (pino: error.constructor.name).
        expect(errorClass.name, exported).toBe(exported);
      }
    }
  });

  // index.ts re-exports errors.ts whole (`export *`): a helper exported there for
  // the client's own use would become public API without a line in index.ts.
  it('the entry exports exactly the public names, errorClasses keyed by the exported classes', () => {
    const classes = errorClassesOf(source).map(([exported]) => exported);
    const others = ['basicAuth', 'createSipClient', 'errorClasses', 'hasCallHandler', 'isApiError', 'operationTable'];
    for (const m of [source, minified]) {
      expect(Object.keys(m).sort()).toEqual([...classes, ...others].sort());
      expect(Object.keys(m.errorClasses).sort()).toEqual(classes);
      expect(Object.isFrozen(m.errorClasses)).toBe(true);
      for (const name of classes) expect(m.errorClasses[name as keyof typeof m.errorClasses], name).toBe(m[name as keyof typeof m]);
    }
  });

  it('an error a failed call throws says its name in String(), JSON and the stack', async () => {
    const fetch = (async () => new Response('{"error":"Not Found"}', { status: 404, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
    const client = minified.createSipClient({ baseUrl: 'http://127.0.0.1:9', projectId: 'p', token: 't', fetch, retry: false });
    const error = await client.getSipCredential(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(minified.SignalWireApiError);
    expect(String(error)).toBe('SignalWireApiError: get_sip_credential failed with HTTP 404: Not Found');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'SignalWireApiError', status: 404 });
    expect((error as Error).stack).toMatch(/^SignalWireApiError: get_sip_credential failed with HTTP 404/);
  });

  it('a timeout, built in the main entry rather than the failure chunk, too', async () => {
    const fetch = ((_: unknown, init?: RequestInit) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof globalThis.fetch;
    const client = minified.createSipClient({ baseUrl: 'http://127.0.0.1:9', projectId: 'p', token: 't', fetch, timeoutMs: 20 });
    const error = await client.getSipCredential(ID).catch((e: unknown) => e);
    expect(String(error)).toBe('SignalWireTimeoutError: get_sip_credential timed out after 20 ms');
  });
});
