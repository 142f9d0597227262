// `npm test`'s pretest: make sure the browser tests have a Chrome or Chromium.
// Found (CHROME_PATH, the usual places, PATH): nothing to do. Missing, as root
// on Debian: apt-get installs Debian's chromium. Missing anywhere else: one
// line saying what to install, exit 1 (the tests never skip silently).
import { spawnSync } from 'node:child_process';
import { INSTALL_HINT, findChromium, isDebian } from '../lib/browser/chromium.mjs';

let found;
try {
  found = findChromium();
} catch (error) {
  console.error(`setup-chromium: ${error.message}`);
  process.exit(1);
}
if (found) process.exit(0);

if (process.getuid?.() === 0 && isDebian()) {
  console.log('setup-chromium: no browser found; installing Debian chromium with apt-get (running as root).');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-q'], ['install', '-y', '-q', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (run.status !== 0) {
      console.error(`setup-chromium: apt-get ${args.join(' ')} failed (exit ${run.status}). ${INSTALL_HINT}`);
      process.exit(1);
    }
  }
  if (findChromium()) process.exit(0);
}
console.error(`setup-chromium: ${INSTALL_HINT}`);
process.exit(1);
