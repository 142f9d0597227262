// @ts-check
// The mock command's flags (`npm run mock -- …`, scripts/mock.mjs), read and
// checked before anything loads: the options, or the one line that says
// what is wrong and how to fix it (the command prints it after `mock: ` and
// exits 1). Tests check each bad value here and keep one real process per
// way of giving it (flag, PORT): DECISIONS.md D141.
import { parseArgs } from 'node:util';

/** The usage line of a flag the command does not know. */
const USAGE = 'Usage: npm run mock -- [--port N] [--dynamic] [--spec FILE] [--stateful [--empty] [--state FILE]]';

/**
 * @typedef {{ port: string, dynamic: boolean, spec: string, stateful: boolean, empty: boolean, state?: string }} MockOptions
 * `port`: digits, 0-65535 (0: any free port); `spec`: the bundled spec file
 * (default generated/openapi.yaml); `state`: the state file of `--stateful`.
 */

/**
 * Reads the command's arguments.
 * @param {string[]} argv the arguments after the script name
 * @param {Record<string, string | undefined>} env `PORT` is the default port (else 4010)
 * @returns {{ options: MockOptions } | { problem: string }} `problem`: the line to print after `mock: `
 */
export function mockOptions(argv, env) {
  let args;
  try {
    ({ values: args } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: env.PORT ?? '4010' },
        dynamic: { type: 'boolean', default: false },
        spec: { type: 'string', default: 'generated/openapi.yaml' },
        stateful: { type: 'boolean', default: false },
        empty: { type: 'boolean', default: false },
        state: { type: 'string' },
      },
    }));
  } catch (error) {
    // parseArgs' message, whole, on one line (its `--port -1` advice is on its later lines), as a sentence.
    const message = String(error instanceof Error ? error.message : error).split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
    return { problem: `${message}${/[.?!]$/.test(message) ? '' : '.'} ${USAGE}` };
  }
  if ((args.empty || args.state !== undefined) && !args.stateful) return { problem: '--empty and --state work with --stateful only. Fix: npm run mock -- --stateful --state mock-state.json' };
  if (args.state === '') return { problem: '--state needs a file name. Fix: npm run mock -- --stateful --state mock-state.json' };
  if (!/^\d{1,5}$/.test(args.port) || Number(args.port) > 65535) {
    return { problem: `the port must be a whole number from 0 to 65535, got ${JSON.stringify(args.port)}. Fix: npm run mock -- --port 4011 (or PORT=4011)` };
  }
  return { options: /** @type {MockOptions} */ (args) };
}
