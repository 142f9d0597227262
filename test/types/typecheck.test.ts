// Compiles the project with tsc, plus one file written from every valid
// fixture, each body typed as its family's request union and as the exact
// variant it was written for. Type errors fail this test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFixtures } from '../support/fixtures.js';
import { pascal, variantSchema } from '../support/names.js';
import { runScript } from '../support/exec.js';

function fixtureModule(): string {
  const lines = ["import type * as T from '../../../src/index.js';"];
  allFixtures.forEach(({ file, schema, valid }) => {
    valid.forEach(({ name, variant, body }, i) => {
      const id = `${pascal(file)}${i}`;
      lines.push(`// ${file}: ${name}`);
      lines.push(`export const ${id}: T.${schema} = ${JSON.stringify(body)};`);
      if (variant) lines.push(`export const ${id}Variant: T.${variantSchema(file, variant)} = ${JSON.stringify(body)};`);
    });
  });
  return lines.join('\n') + '\n';
}

describe('types', () => {
  it('compile the project, every valid fixture, and reject every @ts-expect-error case', () => {
    // Inside the repo so tsc finds node_modules/@types; ignored by git.
    const dir = join('node_modules', '.cache', 'sip-spec-typecheck');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'fixtures.ts'), fixtureModule());
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../../tsconfig.json', include: ['../../../src', '../../../generated/*.ts', '../../../test', '../../../tools', './fixtures.ts'] }),
    );
    const { status, output } = runScript([join('node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')]);
    expect(output).toBe('');
    expect(status).toBe(0);
    // One whole-project tsc run: well over the default 30 s on a loaded two-core machine.
  }, 180_000);
});
