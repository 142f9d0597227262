// `npm run bundle`: bundles openapi/ into generated/openapi.yaml and .json, in
// this process (lib/spec/bundle.mjs). With --check (`npm run check:bundle`),
// fails when generated/ differs from a fresh bundle (a spec edit without
// `npm run generate`). A spec that does not bundle exits 1, naming file and line.
import { BundleError, bundleSpec, writeBundle } from '../lib/spec/bundle.mjs';
import { staleFiles, staleMessage } from '../lib/generate/stale.mjs';

try {
  if (process.argv.includes('--check')) {
    const { yaml, json } = await bundleSpec();
    const stale = staleFiles({ 'openapi.yaml': yaml, 'openapi.json': json }, 'generated');
    if (stale.length) {
      console.error(staleMessage(stale));
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
