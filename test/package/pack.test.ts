// The package as consumers get it: built, packed by npm (once), checked by
// publint and arethetypeswrong on that tarball, installed from it into a
// scratch project, and a consumer compiled against it. The checks of the
// tarball are independent: they start together once it is packed, and each
// test awaits its own.
//
// npm pack runs the prepack script, `npm run build` (remove dist/, then
// `tsc -p tsconfig.build.json`). This file runs that build itself, tsc's own
// compiler in this process (test/support/compile.ts: the consumer's compile
// below reuses the declaration files it parsed), then `npm pack
// --ignore-scripts`: the same tarball, without two more npm processes and a
// tsc process. The first test holds package.json to exactly that build, so a
// change to the scripts fails here rather than being silently skipped (D126).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publint } from 'publint';
import { runCommand, type CommandResult } from '../support/exec.js';
import { compileProject, type CompileResult } from '../support/compile.js';

const NPM_ENV = { npm_config_update_notifier: 'false' };
const npm = async (args: string[], cwd = process.cwd()) => {
  const r = await runCommand('npm', args, { cwd, env: NPM_ENV, timeoutMs: 120_000 });
  return { ...r, stderr: r.stderr.replace(/npm warn .*\n/g, '') };
};

let work: string;
let tarball: string;
let files: string[];
/** What the in-process build (prepack's `npm run build`) gave. */
let built: CompileResult;
/** The checks of the tarball, started in beforeAll. */
let checks: { publint: ReturnType<typeof publint>; attw: Promise<CommandResult>; consumer: Promise<Consumer> };

/** The scratch project with the tarball installed, and what the consumer's compile and runs gave. */
type Consumer = { installed: CommandResult; tsc?: CompileResult; run?: CommandResult; required?: CommandResult };

/** The lifecycle scripts `npm pack` runs (npm docs, "Life Cycle Operation Ordering"). */
const PACK_SCRIPTS = ['prepack', 'prepare', 'postpack'];
/** What this file runs in place of prepack: `npm run build`, i.e. this command. */
const BUILD = `node -e "require('fs').rmSync('dist',{recursive:true,force:true})" && tsc -p tsconfig.build.json`;

async function installAndUse(): Promise<Consumer> {
  const project = join(work, 'consumer');
  const repo = process.cwd();
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const installed = await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  if (installed.status !== 0) return { installed };
  copyFileSync(join(repo, 'test/consumer/consumer.ts'), join(project, 'consumer.ts'));
  copyFileSync(join(repo, 'test/consumer/tsconfig.json'), join(project, 'tsconfig.json'));
  const node = (args: string[], timeoutMs = 60_000) => runCommand(process.execPath, args, { cwd: project, timeoutMs });
  // One ESM process: it runs (the entry point loads by name and exposes the
  // client), then both validations, which load the shipped spec
  // (dist/generated/openapi.json) by a relative path.
  const script = `
      import http from 'node:http';
      import * as m from '@sip-spec/signalwire-sip-endpoints';
      const { createSipClient } = m;
      console.log(typeof m.createSipClient, Object.keys(m.operationTable).length);
      const server = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"links":{},"data":"nope"}'));
      server.listen(0, '127.0.0.1', async () => {
        const client = createSipClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, projectId: 'p', token: 't', validateResponses: true });
        try { await client.listSipEndpoints(); console.log('accepted'); } catch (e) { console.log(e.name); }
        const strict = createSipClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, projectId: 'p', token: 't', validateRequests: true });
        try { await strict.createSipCredential({ username: 'a' }); console.log('sent'); } catch (e) { console.log(e.name); } finally { server.close(); }
      });`;
  // tsc -p tsconfig.json in the scratch project, in this process (test/support/compile.ts), while the runs below go.
  const runs = Promise.all([
    // The `default` condition: require() finds the entry where Node can load ESM that way (a flag on Node 20, default from 22.12).
    node(['--experimental-require-module', '--no-warnings', '-e', "const m = require('@sip-spec/signalwire-sip-endpoints'); console.log(typeof m.createSipClient, require.resolve('@sip-spec/signalwire-sip-endpoints/openapi.json').endsWith('dist/generated/openapi.json'))"]),
    node(['--input-type=module', '-e', script], 20_000),
  ]);
  const tsc = compileProject(join(project, 'tsconfig.json'));
  const [required, run] = await runs;
  return { installed, tsc, run, required };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sip-spec-pack-'));
  // prepack's build (BUILD), done here: dist/ removed, then the build project compiled and emitted.
  rmSync('dist', { recursive: true, force: true });
  built = compileProject('tsconfig.build.json');
  const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
  expect(packed.status, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
  tarball = join(work, info.filename);
  files = info.files.map((f: { path: string }) => f.path).sort();
  checks = {
    // publint lints the tarball itself (no second pack), through its API: what its CLI runs for `publint run <tarball> --strict`.
    publint: (async () => {
      const data = readFileSync(tarball);
      return publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, strict: true });
    })(),
    attw: runCommand('node_modules/.bin/attw', [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './openapi.yaml', '--format', 'json']),
    consumer: installAndUse(),
  };
}, 120_000);
afterAll(async () => {
  // Every check has ended (or was killed at its timeout) before the scratch folder goes.
  if (checks) await Promise.all(Object.values(checks));
  rmSync(work, { recursive: true, force: true });
}, 130_000);

describe('npm pack', () => {
  it('builds as prepack does: package.json\'s build is the one done here, and it compiles without a diagnostic', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(PACK_SCRIPTS.filter((name) => name in scripts)).toEqual(['prepack']);
    expect(scripts.prepack).toBe('npm run build');
    expect(scripts.build).toBe(BUILD);
    expect(built.output).toBe('');
    expect(built.status).toBe(0);
    // Every file emitted is under dist/, and dist/ holds nothing else.
    const listed = readdirSync('dist', { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => resolve(d.parentPath, d.name)).sort();
    expect(built.emitted.map((f) => resolve(f)).sort()).toEqual(listed);
  });

  it('ships exactly the built client, its declarations, the generated types and the bundled spec', () => {
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'dist/generated/client.d.ts',
      'dist/generated/client.js',
      'dist/generated/openapi.json',
      'dist/generated/operations.d.ts',
      'dist/generated/operations.js',
      'dist/generated/schema.d.ts',
      'dist/generated/schema.js',
      'dist/src/client.d.ts',
      'dist/src/client.js',
      'dist/src/errors.d.ts',
      'dist/src/errors.js',
      'dist/src/failure.d.ts',
      'dist/src/failure.js',
      'dist/src/has-call-handler.d.ts',
      'dist/src/has-call-handler.js',
      'dist/src/index.d.ts',
      'dist/src/index.js',
      'dist/src/redact.d.ts',
      'dist/src/redact.js',
      'dist/src/retry-after.d.ts',
      'dist/src/retry-after.js',
      'dist/src/retry.d.ts',
      'dist/src/retry.js',
      'dist/src/safety.d.ts',
      'dist/src/safety.js',
      'dist/src/send.d.ts',
      'dist/src/send.js',
      'dist/src/spec-document.d.ts',
      'dist/src/spec-document.js',
      'dist/src/spec-validation.d.ts',
      'dist/src/spec-validation.js',
      'dist/src/types.d.ts',
      'dist/src/types.js',
      'dist/src/validate.d.ts',
      'dist/src/validate.js',
      'generated/openapi.yaml',
      'package.json',
    ]);
  });

  it('ships the spec once: dist/generated/openapi.json is both what validation imports and the ./openapi.json export', () => {
    expect(files.filter((f) => f.endsWith('openapi.json'))).toEqual(['dist/generated/openapi.json']);
  });

  // The consumer's compile checks every declaration file but TypeScript's own
  // lib.*.d.ts (skipDefaultLibCheck, D127): a package can only make those
  // fail by declaring globals, which none of its declaration files does.
  it('declares no globals: every shipped declaration file is a module that augments nothing', () => {
    const declarations = files.filter((f) => f.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(0);
    for (const file of declarations) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).toMatch(/^(import|export) /m);
      expect(text, file).not.toMatch(/declare\s+(global|module|namespace)\b|\/\/\/\s*<reference/);
    }
  });

  it('contains no tests, fixtures or source maps', () => {
    expect(files.filter((f) => /(^|\/)test\/|fixtures|\.map$|\.test\./.test(f))).toEqual([]);
  });
});

describe('package checks', () => {
  it('pass publint (strict) and arethetypeswrong (esm-only)', async () => {
    // The CLI prints "All good!" and exits 0 exactly when there is no message (--strict: warnings count as errors).
    const { messages, pkg } = await checks.publint;
    expect(messages).toEqual([]);
    expect(pkg.name).toBe('@sip-spec/signalwire-sip-endpoints');
    const attw = await checks.attw;
    // esm-only: CommonJS (node10, node16-cjs) resolutions are out of scope.
    const problems = Object.values<Array<{ resolutionKind: string }>>(JSON.parse(attw.stdout).problems ?? {})
      .flat()
      .filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
    expect(problems).toEqual([]);
    expect(attw.status).toBe(0);
  });
});

describe('installed from the tarball', () => {
  it('compiles a consumer that imports it by name, and rejects the invalid calls', async () => {
    const { installed, tsc, run, required } = await checks.consumer;
    expect(installed.status, installed.stderr).toBe(0);
    expect(tsc!.output).toBe('');
    expect(tsc!.status).toBe(0);
    const [loaded, ...validations] = run!.stdout.trim().split('\n');
    expect(loaded).toMatch(/^function \d+$/);
    expect(required!.stderr).toBe('');
    expect(required!.stdout.trim()).toBe('function true');
    expect(run!.stderr).toBe('');
    expect(validations).toEqual(['SignalWireResponseValidationError', 'SignalWireRequestValidationError']);
  }, 120_000);
});
