// Runs one of our scripts as a child process and captures what it printed.
import { spawn, spawnSync } from 'node:child_process';

const env = (extra: Record<string, string> = {}) => ({ ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...extra });

export function runScript(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: env() });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** What a command printed and how it ended: `status` null when it was killed (timeout) or could not start. */
export type CommandResult = { status: number | null; stdout: string; stderr: string; output: string };

/**
 * Runs any command without blocking this process (so a test can run several
 * at once), with this process's environment plus `env`, killed after
 * `timeoutMs`. Never rejects: a command that cannot start resolves with
 * status null and the error in `stderr`. `output` is stdout and stderr
 * interleaved as they arrived.
 */
export function runCommand(command: string, args: string[], { cwd = process.cwd(), timeoutMs = 60_000, env: extra = {} as Record<string, string> } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const result: CommandResult = { status: null, stdout: '', stderr: '', output: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((result.stdout += chunk), (result.output += chunk)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((result.stderr += chunk), (result.output += chunk)));
    child.on('error', (error) => resolve({ ...result, stderr: result.stderr + String(error) }));
    child.on('close', (status) => resolve({ ...result, status }));
  });
}

/**
 * `runScript` without blocking this process, for scripts that talk to a
 * server the test itself runs. Killed after `timeoutMs` (status null then);
 * `env` adds variables to this process's environment.
 */
export async function runScriptAsync(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<{ status: number | null; output: string }> {
  const { status, output } = await runCommand(process.execPath, args, options);
  return { status, output };
}
