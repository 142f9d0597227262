// @ts-check
// The two sides of `npm run diff`, bundled in this process (lib/spec/bundle.mjs):
// the spec source as committed at a git ref (git archive, so uncommitted
// edits never leak into that side), and as the working tree has it now.
// Each failure (not a commit, no openapi/, a spec that does not bundle) is a
// DiffSourceError: the command prints it and exits 2, keeping 1 for a
// breaking change. Redocly's library loads on the first bundle, not on
// import, so a bad ref or a usage error fails without loading it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One side of the diff could not be bundled; `message` says why (file and line for a bundle error). */
export class DiffSourceError extends Error {
  name = 'DiffSourceError';
}

/**
 * Bundles `<root>/openapi/openapi.yaml`, with `<cwd>/redocly.yaml`.
 * @param {string} root
 * @param {string} side what the side is, for the message (`HEAD~1`, `the working tree`)
 * @param {string} cwd the repository's working directory (where redocly.yaml is)
 * @returns {Promise<any>} the bundled document
 */
async function bundleSide(root, side, cwd) {
  const { BundleError, bundleSpec } = await import('../spec/bundle.mjs');
  try {
    return (await bundleSpec(root, { configRoot: cwd })).document;
  } catch (error) {
    if (error instanceof BundleError) throw new DiffSourceError(`diff: redocly bundle failed on ${side}:\n${error.problems.join('\n')}`);
    throw error;
  }
}

/**
 * openapi/ as committed at `ref`, bundled.
 * @param {string} ref any git revision (`main`, `HEAD~1`, a hash)
 * @param {string} [cwd] the git working directory (default: this process's)
 * @returns {Promise<any>} the bundled document
 * @throws {DiffSourceError} when `ref` is no commit, has no openapi/, or does not bundle
 */
export async function bundleRef(ref, cwd = process.cwd()) {
  const commit = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, encoding: 'utf8' });
  if (commit.status !== 0) throw new DiffSourceError(`diff: \`${ref}\` is not a commit here (in CI, check out with fetch-depth: 0 so the base branch is present).`);
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-diff-'));
  try {
    const archive = spawnSync('git', ['archive', '--format=tar', commit.stdout.trim(), 'openapi'], { cwd, maxBuffer: 256 * 1024 * 1024 });
    if (archive.status !== 0) throw new DiffSourceError(`diff: \`${ref}\` has no openapi/ folder to compare with.`);
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) throw new DiffSourceError(`diff: could not unpack openapi/ of \`${ref}\`: ${untar.stderr}`);
    return await bundleSide(dir, `\`${ref}\``, cwd);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * openapi/ as the working tree has it now, bundled.
 * @param {string} [cwd] the working tree (default: this process's working directory)
 * @returns {Promise<any>} the bundled document
 * @throws {DiffSourceError} when it does not bundle
 */
export function bundleWorkingTree(cwd = process.cwd()) {
  return bundleSide(cwd, 'the working tree', cwd);
}

/**
 * The text of `path` as committed at `ref`, '' when the ref has no such file
 * (or is no commit: bundleRef says so). For CHANGELOG.md at the compared ref.
 * @param {string} ref any git revision
 * @param {string} path a path from the repository's root (`CHANGELOG.md`)
 * @param {string} [cwd] the git working directory (default: this process's)
 * @returns {string}
 */
export function fileAtRef(ref, path, cwd = process.cwd()) {
  const commit = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, encoding: 'utf8' });
  if (commit.status !== 0) return '';
  const show = spawnSync('git', ['show', `${commit.stdout.trim()}:${path}`], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return show.status === 0 ? show.stdout : '';
}
