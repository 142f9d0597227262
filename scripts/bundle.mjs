// Bundles openapi/ into <dir>/openapi.yaml and <dir>/openapi.json.
// Run directly: writes generated/; with --check, fails when generated/ differs
// from a fresh bundle (a spec edit without `npm run generate`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { run } from './run.mjs';
import { staleFiles } from './stale.mjs';

export const BUNDLE_FILES = ['openapi.yaml', 'openapi.json'];

/**
 * Bundles `<root>/openapi/openapi.yaml` (the working tree by default) into `outDir`.
 * On a Redocly failure the process exits, with `exitCode` when given.
 */
export function bundle(outDir, root = '.', { exitCode } = {}) {
  const yamlPath = join(outDir, 'openapi.yaml');
  run('redocly', ['bundle', join(root, 'openapi/openapi.yaml'), '-o', yamlPath], { quiet: true, exitCode });
  writeFileSync(join(outDir, 'openapi.json'), JSON.stringify(parse(readFileSync(yamlPath, 'utf8')), null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--check')) {
    const dir = mkdtempSync(join(tmpdir(), 'sip-spec-bundle-'));
    // run() may exit the process on a tool failure: clean up on exit too.
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    try {
      bundle(dir);
      const stale = staleFiles(dir, 'generated', BUNDLE_FILES);
      if (stale.length) {
        console.error(`${stale.join(', ')} out of date with openapi/: run \`npm run generate\` and commit the result.`);
        process.exit(1);
      }
      console.log('bundle: generated/openapi.{yaml,json} match openapi/.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    bundle('generated');
    console.log('bundle: wrote generated/openapi.yaml and generated/openapi.json.');
  }
}
