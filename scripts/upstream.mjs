// Compares our bundle with SignalWire's published OpenAPI document and says,
// for every difference, which decision explains it or that none does.
//   npm run upstream -- <file or URL> [--json] [--ours <bundle>] [--out <file>]
// Exit: 0 every difference explained, 1 something unexplained, 2 usage or a
// document that cannot be read. The work is in lib/upstream/.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runUpstreamCheck } from '../lib/upstream/index.mjs';

const usage = 'usage: npm run upstream -- <upstream file or URL> [--json] [--ours generated/openapi.json] [--out report.md]';

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, ours: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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

try {
  const { text, exitCode } = await runUpstreamCheck({ upstream: positionals[0], ours: values.ours, json: values.json === true });
  if (values.out) writeFileSync(values.out, text);
  process.stdout.write(text);
  process.exitCode = exitCode;
} catch (error) {
  console.error(`upstream: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
