// @ts-check
// Drift between what openapi/ generates now and what generated/ holds: which
// committed files are out of date, and the one message `npm run
// check:generated` and `npm run check:bundle` print about them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files whose committed copy differs from a fresh generation (or is
 * missing), in the order of `fresh`.
 * @param {Record<string, string>} fresh file name (`openapi.yaml`) → the text generated now
 * @param {string} committedDir where the committed copies are (`generated`, or `<root>/generated`)
 * @returns {string[]} the stale file names (`openapi.yaml`), empty when all match
 */
export function staleFiles(fresh, committedDir) {
  return Object.keys(fresh).filter((name) => {
    try {
      return readFileSync(join(committedDir, name), 'utf8') !== fresh[name];
    } catch {
      return true;
    }
  });
}

/**
 * What a check prints when `stale` is not empty.
 * @param {string[]} stale file names from staleFiles
 */
export const staleMessage = (stale) => `${stale.map((name) => `generated/${name}`).join(', ')} out of date with openapi/: run \`npm run generate\` and commit the result.`;
