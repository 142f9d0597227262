// Runs one of our scripts as a child process and captures what it printed.
import { spawn, spawnSync } from 'node:child_process';

const env = (extra: Record<string, string> = {}) => ({ ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...extra });

export function runScript(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: env() });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * `runScript` without blocking this process, for scripts that talk to a
 * server the test itself runs. Killed after `timeoutMs` (status null then);
 * `env` adds variables to this process's environment.
 */
export function runScriptAsync(args: string[], { cwd = process.cwd(), timeoutMs = 60_000, env: extra = {} as Record<string, string> } = {}): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}
