// @ts-check
// `npm run upstream`: the command line of the upstream check (lib/upstream/index.mjs).
//   npm run upstream -- <file or URL> [--json] [--ours <bundle>] [--out <file>] [--json-out <file>] [--summary]
// --out writes what is printed to a file too, --json-out the JSON report
// (whatever is printed), --summary appends the Markdown to
// $GITHUB_STEP_SUMMARY (CI). scripts/upstream.mjs only calls `main` with the
// process's arguments, environment and streams; tests call it in their own
// process.
import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { makeDirectory } from '../files/index.mjs';
import { runUpstreamCheck, shownSource } from './index.mjs';

export const USAGE = 'usage: npm run upstream -- <upstream file or URL> [--json] [--ours generated/openapi.json] [--out report.md] [--json-out report.json] [--summary]';

/** Writes `text` to `file`, creating its folder. */
function save(/** @type {string} */ file, /** @type {string} */ text) {
  makeDirectory(dirname(file));
  writeFileSync(file, text);
}

/**
 * Runs the command; resolves to its exit code: 0 every difference explained
 * (or `--help`), 1 something unexplained, 2 a usage error or a document,
 * DECISIONS.md or output file that cannot be read or written. Never rejects.
 * @param {string[]} argv the arguments after the script name
 * @param {{ env?: Record<string, string|undefined>, stdout?: { write(text: string): unknown }, stderr?: { write(text: string): unknown } }} [io]
 *   env: for $GITHUB_STEP_SUMMARY (default process.env); stdout: the report
 *   (Markdown, or JSON with --json) and the usage for --help; stderr: errors,
 *   one line each with a trailing newline (defaults: the process's streams)
 * @returns {Promise<0 | 1 | 2>}
 */
export async function main(argv, { env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        ours: { type: 'string' },
        out: { type: 'string' },
        'json-out': { type: 'string' },
        summary: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const { markdown, json, exitCode } = await runUpstreamCheck({ upstream: positionals[0], ours: values.ours });
    const text = values.json ? json : markdown;
    if (values.out) save(values.out, text);
    if (values['json-out']) save(values['json-out'], json);
    if (values.summary && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
    stdout.write(text);
    return exitCode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The message quotes the sources as given (fetch's own error too): show them redacted.
    /** @type {string[]} */
    const sources = [positionals[0], values.ours ?? ''].filter(Boolean);
    const shown = sources.reduce((text, source) => text.replaceAll(source, shownSource(source)), message);
    stderr.write(`upstream: ${shown}\n`);
    return 2;
  }
}
