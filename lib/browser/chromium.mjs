// Where the browser tests find Chrome or Chromium, on any developer's machine:
// the one documented variable, then the usual install places, then PATH.
// Chromium's headless shell comes first wherever it is installed (D147).
// Nothing here downloads a browser (this workplace and most CI images can't).
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';

/** The one environment variable that names a browser binary (the same name chrome-launcher and Lighthouse read). */
export const BROWSER_ENV = 'CHROME_PATH';

/**
 * Debian's package of Chromium's headless shell: the same Blink and V8
 * without the browser's UI (Playwright's own default for headless runs).
 * The browser tests take about a third less CPU with it than with the full
 * browser in its headless mode (BENCHMARKS.md §4, D147).
 */
export const HEADLESS_SHELL_PACKAGE = 'chromium-headless-shell';

/** Usual absolute install places: the headless shell, then Linux browsers, then macOS. */
const PLACES = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Names looked up on PATH when no usual place has one. */
const NAMES = ['chromium-headless-shell', 'chrome-headless-shell', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/**
 * Headless launch flags for a closed network: no background connections, no
 * sandbox when running as root (Chromium refuses to start as root with one).
 */
export const CHROMIUM_ARGS = [
  '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** True when `path` is (or links to) a regular file this user may execute: a folder has the execute bit too, but is no browser. */
function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The browser binary to drive: `$CHROME_PATH` when set (it must then exist and
 * be executable, else a clear Error names it), else the first usual install
 * place or PATH entry that is executable.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {readonly string[]} [places] absolute places tried before PATH (tests pass their own)
 * @returns {string | undefined} an absolute path, or undefined when none is installed
 * @throws {Error} when CHROME_PATH names no executable file
 */
export function findChromium(env = process.env, places = PLACES) {
  const named = env[BROWSER_ENV];
  if (named) {
    if (!executable(named)) throw new Error(`${BROWSER_ENV}=${named} is not an executable file: point it at Chrome or Chromium, or unset it.`);
    return named;
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => NAMES.map((name) => join(dir, name)));
  return [...places, ...onPath].find(executable);
}

/** True when `path` is a headless shell (Debian's chromium-headless-shell, or Chrome for Testing's chrome-headless-shell). */
export function isHeadlessShell(path) {
  return /^chrom(e|ium)-headless-shell$/.test(basename(path));
}

/**
 * What `npm test`'s pretest (scripts/setup-chromium.mjs) does, decided from
 * what it found:
 * - `use`: drive `found` as it is (CHROME_PATH names the browser; a headless
 *   shell is found; or nothing may be installed here and some browser is);
 * - `install`: apt-get installs HEADLESS_SHELL_PACKAGE (root on Debian, no
 *   headless shell found, no CHROME_PATH); `found`, if any, is the fallback
 *   should apt-get fail;
 * - `fail`: no browser, and none can be installed here.
 * @param {{ named: boolean, found: string | undefined, root: boolean, debian: boolean }} situation
 *   `named`: CHROME_PATH is set (and names an executable); `found`: what findChromium returned
 * @returns {'use' | 'install' | 'fail'}
 */
export function setupAction({ named, found, root, debian }) {
  if (named || (found && isHeadlessShell(found))) return 'use';
  if (root && debian) return 'install';
  return found ? 'use' : 'fail';
}

/** True on Debian or a derivative (where `apt-get install chromium` brings Debian's build). */
export function isDebian() {
  if (existsSync('/etc/debian_version')) return true;
  try {
    return /^ID(_LIKE)?=.*\bdebian\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/** The one line printed when no browser is found and none can be installed here. */
export const INSTALL_HINT =
  `No Chrome or Chromium found for the browser tests: install one (Debian: sudo apt-get install ${HEADLESS_SHELL_PACKAGE}, or chromium; Ubuntu: sudo apt-get install chromium; ` +
  `macOS: brew install --cask chromium), or set ${BROWSER_ENV}=/path/to/chrome.`;
