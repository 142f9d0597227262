// @ts-check
// Output files (reports, docs, the bundle, generated/): their folders made
// without `mkdir -p`'s hang.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes `dir` and its missing parents, one `mkdir` each, outermost first.
 * Node 20's `mkdirSync(dir, { recursive: true })` (and its promise form)
 * never returns when `mkdir` answers ENOENT for a parent that exists
 * (under `/proc`): it retries forever at full CPU. Here that ENOENT is
 * thrown like any other error.
 *
 * @param {string} dir a folder path, relative to the working directory or absolute
 * @returns {void}
 * @throws {NodeJS.ErrnoException} the first `mkdir` that fails (ENOENT, EACCES, ENOTDIR, …), EEXIST excepted
 */
export function makeDirectory(dir) {
  /** @type {string[]} */
  const missing = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by someone else: fine.
      if (!(error instanceof Error && /** @type {NodeJS.ErrnoException} */ (error).code === 'EEXIST')) throw error;
    }
  }
}
