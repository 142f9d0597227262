// Runs a tool from node_modules/.bin and exits with its status when it fails,
// so each script reads as a list of steps. Redocly's Node-version banner is
// filtered out: it is noise, not a finding.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const banner = /^\s*[╔║╚]|Node\.js 20 (support|reached)|Future Redocly CLI|You are using Node|Update Node\.js/;

/**
 * Runs `tool` with `args`; on failure prints its output and exits with its
 * status, or with `exitCode` when given (a caller whose own exit codes mean
 * something else, like `npm run diff`, where 1 is a breaking change).
 */
export function run(tool, args, { quiet = false, exitCode } = {}) {
  const bin = join(process.cwd(), 'node_modules', '.bin', tool);
  const result = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  if (result.error) {
    console.error(`${tool}: could not start (${result.error.message}). Run npm ci first.`);
    process.exit(exitCode ?? 1);
  }
  const output = (result.stdout + result.stderr)
    .split('\n')
    .filter((line) => !banner.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (result.status !== 0 || !quiet) console.log(output);
  if (result.status !== 0) {
    console.error(`${tool} ${args[0]} failed (exit ${result.status}).`);
    process.exit(exitCode ?? result.status ?? 1);
  }
  return output;
}
