// The mock as frontend teams run it: dynamic mode, and no process left behind
// when whatever started it is killed.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { operations } from '../support/spec.js';
import { startMock, type RunningMock } from '../support/mock-process.js';
import { AUTH, concretePath, expectDeclared } from '../support/mock-client.js';

const started: RunningMock[] = [];
afterAll(() => Promise.all(started.map((m) => m.stop())));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** PIDs of Prism processes whose command line mentions `marker`. */
const prismPids = (marker: string) =>
  spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes('prism-cli') && line.includes(marker))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

describe('npm run mock -- --dynamic', () => {
  it('generates bodies that fit the declared schemas for every read operation', async () => {
    const mock = await startMock(['--dynamic']);
    started.push(mock);
    expect(mock.output()).toContain('dynamic examples');
    for (const op of operations().filter((o) => o.method === 'get')) {
      const response = await fetch(mock.url + concretePath(op), { headers: { authorization: AUTH } });
      const json = await response.json();
      expect(response.status, op.operationId).toBe(200);
      expect(expectDeclared(op, 200, json), op.operationId).toEqual([]);
    }
  });
});

describe('a killed parent', () => {
  it('takes the mock and its Prism with it', async () => {
    // A parent that starts the mock and is then SIGKILLed, as a killed test
    // run or closed terminal would be: no teardown runs.
    // A private copy of the spec: its path tells this mock's Prism from others.
    const dir = mkdtempSync(join(tmpdir(), 'sip-spec-orphan-'));
    for (const f of ['openapi.yaml', 'openapi.json']) copyFileSync(join('generated', f), join(dir, f));
    const marker = `--spec=${join(dir, 'openapi.yaml')}`;
    const parent = spawn(
      process.execPath,
      ['-e', `const c=require('node:child_process').spawn(process.execPath,['scripts/mock.mjs','--port','0','${marker}'],{stdio:['ignore','pipe','inherit']});c.stdout.on('data',d=>{if(/listening at/.test(d))console.log('MOCK_PID '+c.pid)});setInterval(()=>{},1000);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const mockPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('mock did not start')), 30_000);
      parent.stdout!.on('data', (d: Buffer) => {
        const m = /MOCK_PID (\d+)/.exec(d.toString());
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    const prism = prismPids(marker.replace('--spec=', ''));
    expect(alive(mockPid)).toBe(true);
    expect(prism.length).toBeGreaterThan(0);

    parent.kill('SIGKILL');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (alive(mockPid) || prism.some(alive))) await new Promise((r) => setTimeout(r, 100));
    expect(alive(mockPid)).toBe(false);
    expect(prism.filter(alive)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
