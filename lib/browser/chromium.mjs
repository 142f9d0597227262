// Where the browser tests find Chrome or Chromium, on any developer's machine:
// the one documented variable, then the usual install places, then PATH.
// Nothing here downloads a browser (this workplace and most CI images can't).
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The one environment variable that names a browser binary (the same name chrome-launcher and Lighthouse read). */
export const BROWSER_ENV = 'CHROME_PATH';

/** Usual absolute install places, Linux first, then macOS. */
const PLACES = [
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
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/**
 * Headless launch flags for a closed network: no background connections, no
 * sandbox when running as root (Chromium refuses to start as root with one).
 */
export const CHROMIUM_ARGS = [
  '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
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
  `No Chrome or Chromium found for the browser tests: install one (Debian/Ubuntu: sudo apt-get install chromium; ` +
  `macOS: brew install --cask chromium), or set ${BROWSER_ENV}=/path/to/chrome.`;
