// Size: what our client adds to an app beyond openapi-fetch. src/index.ts
// bundled by esbuild (ESM, browser platform, openapi-fetch external, code
// splitting as an app's bundler does), minified, gzipped (level 9). The goal
// is about what every app loads: the entry and the chunks it imports
// statically. src/validate.ts is imported dynamically, only by clients made
// with validateResponses or validateRequests: true; its chunk (the bundled
// spec inside, Ajv and ajv-formats external, as
// the dependencies they are) is reported apart. openapi-fetch's own min+gz
// for context.
//
// The budget (issue 17): the main entry may not grow beyond what it was
// before issue 17 (the first parent of merge 6a05640) plus what the id
// checks alone cost. `node bench/size.mjs --baseline` measures both again:
// it checks that commit out in a scratch git worktree under the system's
// temp folder, measures it with this same build, applies
// bench/lib/size-id-check.patch (checkPathValue and the call to it, as
// src/safety.ts has them, and nothing else), measures again, and removes the
// worktree. Its figures are the BASELINE below. `--inputs` also lists, on
// stderr, the min bytes each source file puts into the main entry.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Measured by `node bench/size.mjs --baseline` (2026-11-30): min+gz bytes of the main entry. */
export const BASELINE = { commit: '4e44ca2de675d1797180b7c3893cea98c8bcd065', beforeGzBytes: 3705, withIdCheckGzBytes: 3859 };

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function minGz(options) {
  const result = await build({ bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, absWorkingDir: ROOT, logLevel: 'silent', ...options });
  const code = result.outputFiles[0].contents;
  return { minBytes: code.length, gzBytes: gz(code) };
}

/** The client split as an app's bundler splits it: what loads eagerly, and what only on demand. */
async function client(root = ROOT) {
  const outdir = join(root, 'bench-size-out'); // never written (write: false)
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
    absWorkingDir: root,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [relative(root, f.path), f.contents]));
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
  const lazyOf = (entryPoint) => lazy.filter((n) => outputs[n]?.entryPoint === entryPoint);
  // Min bytes each source file puts into the eager chunks (`--inputs`): where the entry's bytes come from.
  const inputs = {};
  for (const o of eager) for (const [file, v] of Object.entries(outputs[o].inputs)) inputs[file] = (inputs[file] ?? 0) + v.bytesInOutput;
  return { inputs, eager: { ...sum([...eager]), files: eager.size }, lazy: { ...sum(lazyOf('src/validate.ts')), files: lazyOf('src/validate.ts').length }, failure: { ...sum(lazyOf('src/failure.ts')), files: lazyOf('src/failure.ts').length } };
}

export async function run() {
  const { eager, lazy, failure, inputs } = await client();
  if (process.argv.includes('--inputs')) for (const [file, bytes] of Object.entries(inputs).sort((a, b) => b[1] - a[1])) console.error(`${String(bytes).padStart(6)} min bytes  ${file}`);
  const openapiFetch = await minGz({ stdin: { contents: "export { default } from 'openapi-fetch';", resolveDir: ROOT, loader: 'js' } });
  const budget = BASELINE.withIdCheckGzBytes;
  return { client: eager, lazyValidation: lazy, lazyFailure: failure, openapiFetch, budget: { ...BASELINE, gzBytes: budget, ratio: Math.round((eager.gzBytes / budget) * 1000) / 1000, met: eager.gzBytes <= budget } };
}

/** The baseline again, from git history: before issue 17, and before plus the id checks alone. */
async function baseline() {
  const dir = mkdtempSync(join(tmpdir(), 'size-baseline-'));
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  try {
    git('worktree', 'add', '--detach', dir, BASELINE.commit);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const before = await client(dir);
    execFileSync('git', ['apply', join(ROOT, 'bench/lib/size-id-check.patch')], { cwd: dir });
    const withIdCheck = await client(dir);
    return { commit: BASELINE.commit, beforeGzBytes: before.eager.gzBytes, withIdCheckGzBytes: withIdCheck.eager.gzBytes, idCheckGzBytes: withIdCheck.eager.gzBytes - before.eager.gzBytes };
  } finally {
    git('worktree', 'remove', '--force', dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function print(r) {
  return table(
    [
      { code: 'our client, loaded by every app (entry + static chunks; openapi-fetch external)', 'min bytes': r.client.minBytes, 'min+gz bytes': r.client.gzBytes },
      { code: '  only with validateResponses/validateRequests (src/validate.ts chunk with the spec; Ajv external)', 'min bytes': r.lazyValidation.minBytes, 'min+gz bytes': r.lazyValidation.gzBytes },
      ...(r.lazyFailure ? [{ code: "  only on a client's first failure (src/failure.ts chunk: errors, retry waits, redaction)", 'min bytes': r.lazyFailure.minBytes, 'min+gz bytes': r.lazyFailure.gzBytes }] : []),
      { code: 'openapi-fetch 0.17.0 (createClient), for context', 'min bytes': r.openapiFetch.minBytes, 'min+gz bytes': r.openapiFetch.gzBytes },
    ],
    ['code', 'min bytes', 'min+gz bytes'],
  ) + `\n\n${budgetLine(r)}`;
}

/** The issue 17 budget as one line: figure, budget, ratio, met or not. */
export function budgetLine(r) {
  const b = r.budget;
  return `budget (issue 17): main entry ${r.client.gzBytes} B / (before ${b.beforeGzBytes} B + id checks ${b.withIdCheckGzBytes - b.beforeGzBytes} B = ${b.gzBytes} B) = ${b.ratio}× ${b.met ? 'MET' : 'MISSED'}`;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--baseline')) {
  console.log(JSON.stringify(await baseline()));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run();
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else console.log(print(results));
}
