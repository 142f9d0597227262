// Bundles the spec source into a parsed document: as committed at a git ref
// (git archive, so uncommitted edits never leak into that side), or as the
// working tree has it now.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../bundle.mjs';

function fail(message) {
  console.error(message);
  process.exit(2);
}

/** Runs `fill(dir)` in a fresh temporary folder, then bundles `<root>/openapi/openapi.yaml`. */
function bundleIn(fill) {
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-diff-'));
  // run() and fail() end the process on error, skipping `finally`: clean up on exit too.
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanup);
  try {
    const out = join(dir, 'bundle');
    mkdirSync(out);
    // Exit 2 when a side does not bundle: npm run diff keeps 1 for a breaking change.
    bundle(out, fill(dir), { exitCode: 2 });
    return JSON.parse(readFileSync(join(out, 'openapi.json'), 'utf8'));
  } finally {
    cleanup();
    process.removeListener('exit', cleanup);
  }
}

export function bundleRef(ref) {
  const commit = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { encoding: 'utf8' });
  if (commit.status !== 0) fail(`diff: \`${ref}\` is not a commit here (in CI, check out with fetch-depth: 0 so the base branch is present).`);
  return bundleIn((dir) => {
    const archive = spawnSync('git', ['archive', '--format=tar', commit.stdout.trim(), 'openapi'], { maxBuffer: 256 * 1024 * 1024 });
    if (archive.status !== 0) fail(`diff: \`${ref}\` has no openapi/ folder to compare with.`);
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) fail(`diff: could not unpack openapi/ of \`${ref}\`: ${untar.stderr}`);
    return dir;
  });
}

export function bundleWorkingTree() {
  return bundleIn(() => process.cwd());
}
