// The mock in tests, two ways. `startMock` runs `scripts/mock.mjs` as a
// process on a free loopback port, for the tests that are about the process
// (flags, exit codes, signals, restart). `startMockInProcess` builds the same
// server in the test's own process (lib/mock/server.mjs, as scripts/mock.mjs
// does): Prism's libraries load once per worker instead of once per process
// (about 3 s of CPU each); `useMock()` (mock-client.ts) gives a file one.
import { spawn, type ChildProcess } from 'node:child_process';
import type { StatefulMode } from '../../lib/mock/stateful.mjs';

/** A mock process: `stop(signal)` sends `signal` (default SIGTERM; SIGKILL 5 s later if it is still running) and waits for the exit. */
export type RunningMock = { url: string; child: ChildProcess; output: () => string; stop: (signal?: NodeJS.Signals) => Promise<void> };

/**
 * Environment of the mock processes tests start: no background warm-up
 * (MOCK_WARM_UP=off, scripts/mock.mjs), since they live for a few requests
 * and the warm-up would compile every operation's validators for nothing
 * (DECISIONS.md D121).
 */
export const TEST_MOCK_ENV = { MOCK_WARM_UP: 'off' };

/**
 * Starts `node scripts/mock.mjs --port 0 …extraArgs` and resolves once it
 * prints its URL; rejects (with everything it printed) when it exits first
 * or after `timeoutMs`. `env` adds to this process's environment.
 */
export async function startMock(extraArgs: string[] = [], timeoutMs = 30_000, env: Record<string, string> = {}): Promise<RunningMock> {
  const child = spawn(process.execPath, ['scripts/mock.mjs', '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock exited (${code}) before listening:\n${output}`));
    });
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, child, output: () => output, stop };
}

/** A mock in this process: its URL, the stateful mode when there is one, and `stop`, which does what the process does on SIGTERM. */
export type InProcessMock = { url: string; mode?: StatefulMode; stop: () => Promise<void>; warmedUp: Promise<void> };

/**
 * Starts the mock in this process on 127.0.0.1 and a free port, through
 * lib/mock/start.mjs as `npm run mock` does: `--stateful [--empty]
 * [--state FILE]` and `--dynamic` as options. No warm-up unless `warmUp`
 * (D121; `warmedUp` settles when it is done, at once without one). `stop`
 * writes the state file one last time, as the process does on SIGTERM, and
 * closes the server; calling it twice is harmless.
 * @throws the stateful mode's StateFileError, or the server's start-up error
 */
export async function startMockInProcess({ stateful = false, empty = false, statePath, dynamic = false, log, warmUp = false }: { stateful?: boolean; empty?: boolean; statePath?: string; dynamic?: boolean; log?: (line: string) => void; warmUp?: boolean } = {}): Promise<InProcessMock> {
  // Imported here, not above: a file that only spawns mock processes (`startMock`) loads neither Prism nor the spec.
  const [{ startMock: start }, { spec }] = await Promise.all([import('../../lib/mock/start.mjs'), import('./spec.js')]);
  const mock = await start({ bundle: spec, stateful, empty, statePath, dynamic, port: 0, log, warmUp });
  return { url: mock.url, mode: mock.mode, stop: mock.close, warmedUp: mock.warmedUp };
}
