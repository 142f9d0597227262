// The browser tests' finder (lib/browser/chromium.mjs) and `npm test`'s
// pretest (scripts/setup-chromium.mjs): CHROME_PATH first, then the usual
// places, then PATH, a headless shell before a full browser; a clear line,
// never a silent skip, when none is there.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_ENV, INSTALL_HINT, findChromium, isHeadlessShell, setupAction } from '../../lib/browser/chromium.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'chromium-finder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const notExecutable = join(scratch, 'plain-file');
writeFileSync(notExecutable, 'not a browser');
chmodSync(notExecutable, 0o644);
const binDir = join(scratch, 'bin');
mkdirSync(binDir);
symlinkSync(process.execPath, join(binDir, 'google-chrome'));
// Both kinds in one PATH folder: the headless shell is taken.
const bothDir = join(scratch, 'both');
mkdirSync(bothDir);
for (const name of ['chromium', 'google-chrome', 'chromium-headless-shell']) symlinkSync(process.execPath, join(bothDir, name));
// Folders carry the execute bit too: a folder named like a browser is not one.
const folderDir = join(scratch, 'folders');
for (const name of ['chromium-headless-shell', 'chromium']) mkdirSync(join(folderDir, name), { recursive: true });
symlinkSync(process.execPath, join(folderDir, 'google-chrome'));

describe('findChromium', () => {
  it.each([
    ['CHROME_PATH names an executable', { [BROWSER_ENV]: process.execPath, PATH: '' }, [], process.execPath],
    ['no variable, none installed', { PATH: '' }, [], undefined],
    ['no variable, the first executable usual place', { PATH: '' }, [join(scratch, 'missing'), notExecutable, process.execPath], process.execPath],
    ['no variable, found on PATH', { PATH: `${join(scratch, 'missing')}:${binDir}` }, [], join(binDir, 'google-chrome')],
    ['no variable, a headless shell and full browsers on PATH: the shell', { PATH: bothDir }, [], join(bothDir, 'chromium-headless-shell')],
    ['no variable, folders named like browsers on PATH: skipped', { PATH: folderDir }, [], join(folderDir, 'google-chrome')],
    ['no variable, a folder as a usual place: skipped', { PATH: '' }, [scratch, process.execPath], process.execPath],
    ['no variable, empty and relative PATH entries: ignored', { PATH: `::.:${binDir}:` }, [], join(binDir, 'google-chrome')],
  ])('%s', (_name, env, places, expected) => {
    expect(findChromium(env, places)).toBe(expected);
  });

  it.each([
    ['a missing file', join(scratch, 'missing')],
    ['a file that is not executable', notExecutable],
    ['a folder', scratch],
    ['a folder named like a headless shell', join(folderDir, 'chromium-headless-shell')],
    ['the current folder', '.'],
  ])('refuses a CHROME_PATH that names %s, naming it', (_name, path) => {
    expect(() => findChromium({ [BROWSER_ENV]: path, PATH: '' }, [process.execPath])).toThrow(`${BROWSER_ENV}=${path} is not an executable file`);
  });
});

describe('isHeadlessShell', () => {
  it.each([
    ['/usr/bin/chromium-headless-shell', true],
    ['/opt/chrome-headless-shell-linux64/chrome-headless-shell', true],
    ['/usr/bin/chromium', false],
    ['/usr/bin/google-chrome', false],
    ['/usr/lib/chromium-headless-shell/chromium', false],
    ['/tmp/not-chromium-headless-shell', false],
    ['/usr/bin/chromium-headless-shell.sh', false],
  ])('%s: %s', (path, expected) => {
    expect(isHeadlessShell(path)).toBe(expected);
  });
});

describe('what the pretest does (setupAction)', () => {
  const shell = '/usr/bin/chromium-headless-shell';
  const full = '/usr/bin/chromium';
  it.each([
    // CHROME_PATH is the user's choice: never an install.
    ['CHROME_PATH set, root on Debian', { named: true, found: full, root: true, debian: true }, 'use'],
    ['CHROME_PATH set, elsewhere', { named: true, found: full, root: false, debian: false }, 'use'],
    // A headless shell already there: nothing to do.
    ['a headless shell found, root on Debian', { named: false, found: shell, root: true, debian: true }, 'use'],
    ['a headless shell found, not root', { named: false, found: shell, root: false, debian: true }, 'use'],
    // Root on Debian without one: installed, the full browser (if any) as the fallback.
    ['a full browser found, root on Debian', { named: false, found: full, root: true, debian: true }, 'install'],
    ['nothing found, root on Debian', { named: false, found: undefined, root: true, debian: true }, 'install'],
    // Nothing may be installed: the browser found, or a clear failure.
    ['a full browser found, not root', { named: false, found: full, root: false, debian: true }, 'use'],
    ['a full browser found, root elsewhere', { named: false, found: full, root: true, debian: false }, 'use'],
    ['nothing found, not root on Debian', { named: false, found: undefined, root: false, debian: true }, 'fail'],
    ['nothing found, root elsewhere', { named: false, found: undefined, root: true, debian: false }, 'fail'],
  ])('%s: %s', (_name, situation, expected) => {
    expect(setupAction(situation)).toBe(expected);
  });
});

describe('npm run setup:chromium (the pretest)', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['scripts/setup-chromium.mjs'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });

  it('does nothing, silently, when a browser is found', () => {
    const result = run({ [BROWSER_ENV]: process.execPath });
    expect([result.status, result.stdout, result.stderr]).toEqual([0, '', '']);
  });

  it.each([
    ['a missing file', join(scratch, 'missing')],
    ['a folder', scratch],
  ])('fails with one line naming the variable when CHROME_PATH names %s', (_name, path) => {
    const result = run({ [BROWSER_ENV]: path });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([`setup-chromium: ${BROWSER_ENV}=${path} is not an executable file: point it at Chrome or Chromium, or unset it.`]);
  });

  it('says what to install in one line', () => {
    expect(INSTALL_HINT).toMatch(/^No Chrome or Chromium found .*apt-get install chromium-headless-shell, or chromium;.*brew install --cask chromium.*CHROME_PATH=/);
    expect(INSTALL_HINT).not.toContain('\n');
  });
});
