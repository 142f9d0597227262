// `npm test`'s pretest: make sure the browser tests have a Chrome or Chromium.
// What it does is `setupAction` (lib/browser/chromium.mjs): CHROME_PATH set,
// or a headless shell found: nothing. Root on Debian without a headless shell:
// apt-get installs Debian's chromium-headless-shell, the browser tests' lighter
// Chromium (D147), falling back to a browser already found if that fails.
// Anywhere else: the browser found, or one line saying what to install and
// exit 1 (the tests never skip silently).
import { spawnSync } from 'node:child_process';
import { BROWSER_ENV, HEADLESS_SHELL_PACKAGE, INSTALL_HINT, findChromium, isDebian, setupAction } from '../lib/browser/chromium.mjs';

let found;
try {
  found = findChromium();
} catch (error) {
  console.error(`setup-chromium: ${error.message}`);
  process.exit(1);
}
const action = setupAction({ named: Boolean(process.env[BROWSER_ENV]), found, root: process.getuid?.() === 0, debian: isDebian() });
if (action === 'use') process.exit(0);

/** apt-get with its arguments, non-interactive, its output shown; its exit status; 127 (a shell's "not found") when it could not run or ended by a signal. */
const aptGet = (...args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status ?? 127;

if (action === 'install') {
  console.log(`setup-chromium: installing Debian's ${HEADLESS_SHELL_PACKAGE} with apt-get (running as root), the browser tests' headless Chromium.`);
  // The package lists are read as they are first; refreshed only when that fails (a fresh image has none).
  const status = aptGet('install', '-y', '-q', HEADLESS_SHELL_PACKAGE) === 0 ? 0 : aptGet('update', '-q') || aptGet('install', '-y', '-q', HEADLESS_SHELL_PACKAGE);
  const now = findChromium();
  if (now) {
    if (status !== 0) console.log(`setup-chromium: apt-get install ${HEADLESS_SHELL_PACKAGE} failed (exit ${status}); the browser tests use ${now}.`);
    process.exit(0);
  }
  console.error(`setup-chromium: apt-get install ${HEADLESS_SHELL_PACKAGE} failed (exit ${status}). ${INSTALL_HINT}`);
  process.exit(1);
}
console.error(`setup-chromium: ${INSTALL_HINT}`);
process.exit(1);
