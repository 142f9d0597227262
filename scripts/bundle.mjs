// Bundles openapi/ into generated/openapi.yaml and generated/openapi.json.
// With --check, bundles into a temporary folder instead and fails when the
// committed files differ, so a spec edit without `npm run bundle` is caught.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run } from './run.mjs';

const check = process.argv.includes('--check');
const outDir = check ? mkdtempSync(join(tmpdir(), 'sip-spec-bundle-')) : 'generated';
const yamlPath = join(outDir, 'openapi.yaml');

run('redocly', ['bundle', 'openapi/openapi.yaml', '-o', yamlPath], { quiet: true });
const json = JSON.stringify(parse(readFileSync(yamlPath, 'utf8')), null, 2) + '\n';
writeFileSync(join(outDir, 'openapi.json'), json);

if (check) {
  const stale = ['openapi.yaml', 'openapi.json'].filter((name) => {
    const committed = join('generated', name);
    return !existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(join(outDir, name), 'utf8');
  });
  rmSync(outDir, { recursive: true, force: true });
  if (stale.length) {
    console.error(`generated/${stale.join(', generated/')} out of date with openapi/: run \`npm run bundle\` and commit the result.`);
    process.exit(1);
  }
  console.log('bundle: generated/openapi.{yaml,json} match openapi/.');
} else {
  console.log(`bundle: wrote ${yamlPath} and ${join(outDir, 'openapi.json')}.`);
}
