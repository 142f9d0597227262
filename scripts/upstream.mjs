// Compares our bundle with SignalWire's published OpenAPI document and says,
// for every difference, which decision explains it or that none does.
//   npm run upstream -- <file or URL> [--json] [--ours <bundle>] [--out <file>] [--json-out <file>] [--summary]
// --out writes what is printed to a file too, --json-out the JSON report
// (whatever is printed), --summary appends the Markdown to
// $GITHUB_STEP_SUMMARY (CI). Exit: 0 every difference explained, 1 something
// unexplained, 2 usage or a document that cannot be read. The work is in
// lib/upstream/.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runUpstreamCheck } from '../lib/upstream/index.mjs';

const usage = 'usage: npm run upstream -- <upstream file or URL> [--json] [--ours generated/openapi.json] [--out report.md] [--json-out report.json] [--summary]';

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      ours: { type: 'string' },
      out: { type: 'string' },
      'json-out': { type: 'string' },
      summary: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (positionals.length !== 1) {
  console.error(usage);
  process.exit(2);
}

/** Writes `text` to `file`, creating its folder. */
function save(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

try {
  const { markdown, json, exitCode } = await runUpstreamCheck({ upstream: positionals[0], ours: values.ours });
  const text = values.json ? json : markdown;
  if (values.out) save(values.out, text);
  if (values['json-out']) save(values['json-out'], json);
  if (values.summary && process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
  process.stdout.write(text);
  process.exitCode = exitCode;
} catch (error) {
  console.error(`upstream: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
