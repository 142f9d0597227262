// The mock as frontend teams run it: dynamic mode, start-up errors, and no
// process left behind when whatever started it is killed.
// Cost: a mock process loads Prism (about 2 s of CPU), so the dynamic mode's
// test and the SIGKILL on `npm run mock` share one `npm run mock --
// --dynamic` (the requests change nothing the kill checks); the start-up
// errors exit before Prism loads, and a bad port's values are read in this
// process (lib/mock/options.mjs), with one real process per way of giving one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mockOptions } from '../../lib/mock/options.mjs';
import { readBundle } from '../../lib/mock/start.mjs';
import { operations } from '../support/spec.js';
import { TEST_MOCK_ENV } from '../support/mock-process.js';
import { AUTH, concretePath, expectDeclared } from '../support/mock-client.js';

const dirs: string[] = [];
/** Every parent of `npm run mock` started, and its npm: killed after the file, whatever ran (a SIGKILL test kills them earlier). */
const parents: NpmMock[] = [];
afterAll(() => {
  for (const { parent, npmPid } of parents) {
    for (const pid of [npmPid, parent.pid!]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** PIDs of processes whose command line mentions `marker`. */
const pidsWith = (marker: string) =>
  spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

/** A private copy of the bundle: its path tells this test's processes from any other. */
function privateSpec(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-orphan-'));
  dirs.push(dir);
  for (const f of ['openapi.yaml', 'openapi.json']) copyFileSync(join('generated', f), join(dir, f));
  return join(dir, 'openapi.yaml');
}

/** JSON.parse's message for `text`, as this Node words it. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is JSON`);
}

/** Runs the mock command to its exit; its output and exit code. */
function runMock(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['scripts/mock.mjs', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A parent process running `npm run mock`, as a terminal or a test runner does; `output` is what the mock printed on stdout. */
type NpmMock = { parent: ChildProcess; npmPid: number; url: string; output: () => string; spec: string };

/**
 * Starts a parent that runs `npm run --silent mock -- --port 0
 * --spec=<private copy> …args`, forwards the mock's stdout and prints npm's
 * pid once the mock listens; resolves then, or rejects after 30 s.
 */
async function startNpmMock(args: string[] = []): Promise<NpmMock> {
  const spec = privateSpec();
  const argv = JSON.stringify(['run', '--silent', 'mock', '--', '--port', '0', `--spec=${spec}`, ...args]);
  const parent = spawn(
    process.execPath,
    [
      '-e',
      `const c=require('node:child_process').spawn('npm',${argv},{stdio:['ignore','pipe','inherit']});c.stdout.on('data',d=>{process.stdout.write(d);if(/listening at/.test(d))console.log('NPM_PID '+c.pid)});setInterval(()=>{},1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...TEST_MOCK_ENV } },
  );
  let output = '';
  const npmPid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock did not start:\n${output}`)), 30_000);
    parent.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /NPM_PID (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
  const started = { parent, npmPid, url, output: () => output.replace(/^NPM_PID \d+\n/m, ''), spec };
  parents.push(started);
  return started;
}

/** The one `npm run mock -- --dynamic`, started on first use: the dynamic test reads it, the SIGKILL on npm ends it. */
let dynamicMock: Promise<NpmMock> | undefined;
const npmDynamicMock = () => (dynamicMock ??= startNpmMock(['--dynamic']));

describe('npm run mock -- --dynamic', () => {
  it('generates bodies that fit the declared schemas for every read operation', async () => {
    const mock = await npmDynamicMock();
    expect(mock.output()).toContain('dynamic examples');
    for (const op of operations().filter((o) => o.method === 'get')) {
      const response = await fetch(mock.url + concretePath(op), { headers: { authorization: AUTH } });
      const json = await response.json();
      expect(response.status, op.operationId).toBe(200);
      expect(expectDeclared(op, 200, json), op.operationId).toEqual([]);
    }
  });
});

describe('start-up errors', () => {
  it('a port in use: one line naming it and the fix, exit 1, no stack', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { status, stdout, stderr } = runMock(['--port', String(port)]);
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([`mock: port ${port} on 127.0.0.1 is in use (another mock?). Fix: stop that process, or npm run mock -- --port ${port + 1}`]);
    } finally {
      blocker.close();
    }
  });

  // Each bad value, read as the command reads it (lib/mock/options.mjs), from the flag and from PORT ...
  it.each([['abc'], ['70000'], ['-1'], ['4010.5']])('a bad port %s (flag or PORT): one line', (port) => {
    for (const read of [mockOptions([`--port=${port}`], {}), mockOptions([], { PORT: port })]) {
      const problem = 'problem' in read ? read.problem : '';
      expect(problem).not.toBe('');
      expect(problem.trim().split('\n')).toHaveLength(1);
      expect(problem).toContain(`the port must be a whole number from 0 to 65535, got "${port}"`);
      expect(problem).not.toMatch(/\n\s+at /);
    }
  });

  // ... and one real process per way of giving it: that line after `mock: `, alone, and exit 1.
  it.each([
    ['--port', ['--port=abc'], {}, 'abc'],
    ['PORT', [], { PORT: '70000' }, '70000'],
  ])('a bad port given by %s: the process prints that line alone and exits 1', (_way, args, env, port) => {
    const { status, stdout, stderr } = runMock(args, env);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const read = mockOptions(args, env);
    expect(stderr.trim().split('\n')).toEqual(['problem' in read ? `mock: ${read.problem}` : 'no problem read']);
    expect(stderr).toContain(`the port must be a whole number from 0 to 65535, got "${port}"`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  // Flags parseArgs itself refuses: its whole message as one sentence, then the usage, on one line.
  it.each([
    ['a negative port after a space', ['--port', '-1'], "Option '--port' argument is ambiguous. Did you forget to specify the option argument for '--port'? To specify an option argument starting with a dash use '--port=-XYZ'."],
    ['a port flag without a value', ['--port'], "Option '--port <value>' argument missing."],
    ['an unknown flag', ['--bogus'], "Unknown option '--bogus'."],
    ['a value for a switch', ['--dynamic=yes'], "Option '--dynamic' does not take an argument."],
  ])('%s: parseArgs\' whole message and the usage, one line', (_name, argv, message) => {
    const read = mockOptions(argv, {});
    expect(read).toEqual({ problem: `${message} Usage: npm run mock -- [--port N] [--dynamic] [--spec FILE] [--stateful [--empty] [--state FILE]]` });
  });

  it('a spec that is not there: one line saying to run npm run generate', () => {
    const { status, stderr } = runMock(['--port', '0', '--spec', 'generated/nothing-here.yaml']);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('npm run generate');
  });

  // `--stateful` reads the .json twin of --spec: every way it can be unusable is one line, before Prism loads.
  describe('a --stateful spec whose .json twin cannot be used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-spec-twin-'));
    dirs.push(dir);
    const twin = (name: string, text?: string) => {
      if (text === undefined) mkdirSync(join(dir, `${name}.json`));
      else writeFileSync(join(dir, `${name}.json`), text);
      return join(dir, `${name}.yaml`);
    };
    const generate = 'Fix: npm run generate (or --spec <bundled file>)';
    it.each([
      ['missing', join(dir, 'missing.yaml'), `cannot read the spec ${join(dir, 'missing.json')}. ${generate}`],
      ['a folder', twin('folder'), `cannot read the spec ${join(dir, 'folder.json')} (EISDIR). ${generate}`],
      ['not JSON', twin('broken', '{bad'), `the spec ${join(dir, 'broken.json')} is not JSON (${jsonError('{bad')}). ${generate}`],
      ['empty', twin('empty', ''), `the spec ${join(dir, 'empty.json')} is not JSON (${jsonError('')}). ${generate}`],
      ['a JSON string', twin('string', '"x"'), `the spec ${join(dir, 'string.json')} is not a bundled OpenAPI document (no paths). ${generate}`],
      ['JSON null', twin('null', 'null'), `the spec ${join(dir, 'null.json')} is not a bundled OpenAPI document (no paths). ${generate}`],
      ['an object without paths', twin('nopaths', '{"openapi":"3.1.0"}'), `the spec ${join(dir, 'nopaths.json')} is not a bundled OpenAPI document (no paths). ${generate}`],
    ])('%s: one line naming the file and the fix', (_name, spec, problem) => {
      expect(readBundle(spec)).toEqual({ problem });
    });

    it('the bundle as generated', () => {
      const read = readBundle('generated/openapi.yaml');
      expect('bundle' in read && Object.keys(read.bundle.paths).length).toBeGreaterThan(0);
    });

    it('the command: not JSON is one line, exit 1, no stack', () => {
      const spec = twin('process', '{bad');
      copyFileSync('generated/openapi.yaml', spec); // the spec itself is there: only its twin is broken
      const { status, stdout, stderr } = runMock(['--port', '0', '--stateful', '--spec', spec]);
      expect([status, stdout]).toEqual([1, '']);
      expect(stderr.trim().split('\n')).toEqual([`mock: the spec ${join(dir, 'process.json')} is not JSON (${jsonError('{bad')}). ${generate}`]);
    });
  });

  it('an unknown flag: one line with the usage', () => {
    const { status, stderr } = runMock(['--prot', '4010']);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('Usage: npm run mock');
  });
});

describe('a killed parent', () => {
  // A parent that runs `npm run mock` and prints npm's pid, then is killed
  // itself or has npm killed, as a closed terminal or a killed test run
  // would: no teardown runs. The npm victim is the dynamic test's mock.
  it.each([['npm run mock'], ['the process that started npm run mock']])('SIGKILL on %s leaves nothing running', async (victim) => {
    const { parent, npmPid, spec } = victim === 'npm run mock' ? await npmDynamicMock() : await startNpmMock();
    const spawned = () => pidsWith(spec).filter((pid) => pid !== parent.pid); // npm, its shell, the mock's node
    const running = spawned();
    expect(running).toContain(npmPid);
    expect(running.length).toBeGreaterThan(1);
    try {
      process.kill(victim === 'npm run mock' ? npmPid : parent.pid!, 'SIGKILL');
      // npm exits once its shell and the mock have (the mock's watchdog polls every 0.5 s): seconds on a loaded machine.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (spawned().some(alive) || alive(npmPid))) await new Promise((r) => setTimeout(r, 100));
      expect(spawned().filter(alive)).toEqual([]);
      expect(alive(npmPid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
