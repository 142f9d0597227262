// Starts `scripts/mock.mjs` on a free loopback port and stops it. Used by the
// global setup (one mock per test run) and by tests of the mock command.
import { spawn, type ChildProcess } from 'node:child_process';

export type RunningMock = { url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> };

export async function startMock(extraArgs: string[] = [], timeoutMs = 30_000): Promise<RunningMock> {
  const child = spawn(process.execPath, ['scripts/mock.mjs', '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, child, output: () => output, stop };
}
