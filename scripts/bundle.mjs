// `npm run bundle`: bundles openapi/ into generated/openapi.yaml and .json, in
// this process (lib/spec/bundle.mjs). With --check (`npm run check:bundle`),
// fails when generated/ differs from a fresh bundle (a spec edit without
// `npm run generate`). A spec that does not bundle exits 1, naming file and line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, BundleError, bundleSpec, writeBundle } from '../lib/spec/bundle.mjs';

try {
  if (process.argv.includes('--check')) {
    const { yaml, json } = await bundleSpec();
    const fresh = { 'openapi.yaml': yaml, 'openapi.json': json };
    const stale = BUNDLE_FILES.filter((name) => {
      try {
        return readFileSync(join('generated', name), 'utf8') !== fresh[name];
      } catch {
        return true;
      }
    }).map((name) => join('generated', name));
    if (stale.length) {
      console.error(`${stale.join(', ')} out of date with openapi/: run \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log('bundle: generated/openapi.{yaml,json} match openapi/.');
  } else {
    await writeBundle('generated');
    console.log('bundle: wrote generated/openapi.yaml and generated/openapi.json.');
  }
} catch (error) {
  if (!(error instanceof BundleError)) throw error;
  console.error(error.message);
  process.exit(1);
}
