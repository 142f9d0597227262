// Runs one of our scripts as a child process and captures what it printed.
import { spawnSync } from 'node:child_process';

export function runScript(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
