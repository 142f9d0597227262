// The package as consumers get it: packed by npm, checked by publint and
// arethetypeswrong, installed from the tarball into a scratch project, and a
// consumer compiled against it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const npm = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/npm warn .*\n/g, '') };
};

let work: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sip-spec-pack-'));
  // prepack builds dist/ first.
  const packed = npm(['pack', '--json', '--pack-destination', work]);
  expect(packed.status, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
  tarball = join(work, info.filename);
  files = info.files.map((f: { path: string }) => f.path).sort();
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
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
      'dist/src/has-call-handler.d.ts',
      'dist/src/has-call-handler.js',
      'dist/src/index.d.ts',
      'dist/src/index.js',
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

  it('contains no tests, fixtures or source maps', () => {
    expect(files.filter((f) => /(^|\/)test\/|fixtures|\.map$|\.test\./.test(f))).toEqual([]);
  });
});

describe('package checks', () => {
  it('pass publint (strict) and arethetypeswrong (esm-only)', () => {
    const publint = spawnSync('node_modules/.bin/publint', ['--strict'], { encoding: 'utf8' });
    expect(publint.stdout + publint.stderr).toContain('All good!');
    expect(publint.status).toBe(0);
    const attw = spawnSync('node_modules/.bin/attw', [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './openapi.yaml', '--format', 'json'], { encoding: 'utf8' });
    // esm-only: CommonJS (node10, node16-cjs) resolutions are out of scope.
    const problems = Object.values<Array<{ resolutionKind: string }>>(JSON.parse(attw.stdout).problems ?? {})
      .flat()
      .filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
    expect(problems).toEqual([]);
    expect(attw.status).toBe(0);
  });
});

describe('installed from the tarball', () => {
  it('compiles a consumer that imports it by name, and rejects the invalid calls', () => {
    const project = join(work, 'consumer');
    const repo = process.cwd();
    spawnSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const installed = npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
    expect(installed.status, installed.stderr).toBe(0);
    copyFileSync(join(repo, 'test/consumer/consumer.ts'), join(project, 'consumer.ts'));
    copyFileSync(join(repo, 'test/consumer/tsconfig.json'), join(project, 'tsconfig.json'));
    const tsc = spawnSync(process.execPath, [resolve(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // And it runs: the entry point loads and exposes the client.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', "import('@sip-spec/signalwire-sip-endpoints').then(m => console.log(typeof m.createSipClient, Object.keys(m.operationTable).length))"], { cwd: project, encoding: 'utf8' });
    expect(run.stdout.trim()).toMatch(/^function \d+$/);
    // The `default` condition: require() finds the entry where Node can load ESM that way (a flag on Node 20, default from 22.12).
    const required = spawnSync(process.execPath, ['--experimental-require-module', '--no-warnings', '-e', "const m = require('@sip-spec/signalwire-sip-endpoints'); console.log(typeof m.createSipClient, require.resolve('@sip-spec/signalwire-sip-endpoints/openapi.json').endsWith('dist/generated/openapi.json'))"], { cwd: project, encoding: 'utf8' });
    expect(required.stderr).toBe('');
    expect(required.stdout.trim()).toBe('function true');
    // Both validations load the shipped spec (dist/generated/openapi.json) by a relative path.
    const script = `
      import http from 'node:http';
      import { createSipClient } from '@sip-spec/signalwire-sip-endpoints';
      const server = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"links":{},"data":"nope"}'));
      server.listen(0, '127.0.0.1', async () => {
        const client = createSipClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, projectId: 'p', token: 't', validateResponses: true });
        try { await client.listSipEndpoints(); console.log('accepted'); } catch (e) { console.log(e.name); }
        const strict = createSipClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, projectId: 'p', token: 't', validateRequests: true });
        try { await strict.createSipCredential({ username: 'a' }); console.log('sent'); } catch (e) { console.log(e.name); } finally { server.close(); }
      });`;
    const validated = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8', timeout: 20_000 });
    expect(validated.stderr).toBe('');
    expect(validated.stdout.trim()).toBe('SignalWireResponseValidationError\nSignalWireRequestValidationError');
  }, 120_000);
});
