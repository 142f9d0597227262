// `npm run docs [-- --spec FILE] [-- --out FILE]`: renders the spec source as
// it is now into one offline HTML file (lib/docs/build.mjs).
import { parseArgs } from 'node:util';
import { DocsBuildError, buildDocs } from '../lib/docs/build.mjs';

const { values: args } = parseArgs({
  options: {
    spec: { type: 'string', default: 'openapi/openapi.yaml' },
    out: { type: 'string', default: 'artifacts/docs/index.html' },
  },
});
try {
  const { bytes } = buildDocs({ spec: args.spec, out: args.out });
  console.log(`docs: wrote ${args.out} (${Math.round(bytes / 1024)} KiB, offline).`);
} catch (error) {
  if (!(error instanceof DocsBuildError)) throw error;
  console.error(error.message);
  process.exit(1);
}
