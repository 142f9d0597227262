// `npm run lint`: Redocly's lint of the source files, in this process
// (lib/lint/index.mjs); fails on any problem, warnings included.
import { lintSpec } from '../lib/lint/index.mjs';

const { findings, ignored, report } = await lintSpec();
if (findings.length) {
  console.log(report);
  console.error(`\nlint: ${findings.length} problem${findings.length === 1 ? '' : 's'}.`);
  process.exit(1);
}
console.log('lint: Redocly reports no problems.');
if (ignored) console.log(`lint: ${ignored} known problem${ignored === 1 ? '' : 's'} skipped by .redocly.lint-ignore.yaml (DECISIONS.md D35, D46).`);
