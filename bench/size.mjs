// Size: what our client adds to an app beyond openapi-fetch. src/index.ts
// bundled by esbuild (ESM, browser platform, openapi-fetch external, code
// splitting as an app's bundler does), minified, gzipped (level 9). The goal
// is about what every app loads: the entry and the chunks it imports
// statically. src/validate.ts is imported dynamically, only by clients made
// with validateResponses or validateRequests: true; its chunk (the bundled
// spec inside, Ajv and ajv-formats external, as
// the dependencies they are) is reported apart. openapi-fetch's own min+gz
// for context.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function minGz(options) {
  const result = await build({ bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, absWorkingDir: ROOT, logLevel: 'silent', ...options });
  const code = result.outputFiles[0].contents;
  return { minBytes: code.length, gzBytes: gz(code) };
}

/** The client split as an app's bundler splits it: what loads eagerly, and what only on demand. */
async function client() {
  const outdir = join(ROOT, 'bench-size-out'); // never written (write: false)
  const result = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir,
    metafile: true,
    external: ['openapi-fetch', 'ajv', 'ajv/*', 'ajv-formats'],
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [relative(ROOT, f.path), f.contents]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint === 'src/index.ts');
  // The entry and everything it imports statically.
  const eager = new Set();
  const visit = (o) => {
    if (eager.has(o) || !outputs[o]) return;
    eager.add(o);
    for (const i of outputs[o].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  const sum = (names) => names.reduce((acc, n) => ({ minBytes: acc.minBytes + files.get(n).length, gzBytes: acc.gzBytes + gz(files.get(n)) }), { minBytes: 0, gzBytes: 0 });
  const lazy = [...files.keys()].filter((n) => n.endsWith('.js') && !eager.has(n));
  return { eager: { ...sum([...eager]), files: eager.size }, lazy: { ...sum(lazy), files: lazy.length } };
}

export async function run() {
  const { eager, lazy } = await client();
  const openapiFetch = await minGz({ stdin: { contents: "export { default } from 'openapi-fetch';", resolveDir: ROOT, loader: 'js' } });
  return { client: eager, lazyValidation: lazy, openapiFetch };
}

export function print(r) {
  return table(
    [
      { code: 'our client, loaded by every app (entry + static chunks; openapi-fetch external)', 'min bytes': r.client.minBytes, 'min+gz bytes': r.client.gzBytes },
      { code: '  only with validateResponses/validateRequests (src/validate.ts chunk with the spec; Ajv external)', 'min bytes': r.lazyValidation.minBytes, 'min+gz bytes': r.lazyValidation.gzBytes },
      { code: 'openapi-fetch 0.17.0 (createClient), for context', 'min bytes': r.openapiFetch.minBytes, 'min+gz bytes': r.openapiFetch.gzBytes },
    ],
    ['code', 'min bytes', 'min+gz bytes'],
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run();
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else console.log(print(results));
}
