// Builds the package and compiles a consumer that imports it by name, as
// another repository would: valid calls compile, invalid ones must not.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runScript } from '../support/exec.js';

describe('a consumer of the built package', () => {
  it('compiles against the package name with the valid calls and rejects the invalid ones', () => {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { encoding: 'utf8' });
    expect(build.stderr.replace(/npm warn .*\n/g, '')).toBe('');
    expect(build.status).toBe(0);
    const { status, output } = runScript(['node_modules/typescript/bin/tsc', '-p', 'test/consumer/tsconfig.json']);
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
