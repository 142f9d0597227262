// `npm run upstream -- <file or URL> [--json] [--ours <bundle>] [--out <file>] [--json-out <file>] [--summary]`:
// compares our bundle with SignalWire's published OpenAPI document and says,
// for every difference, which decision explains it or that none does.
// Exit: 0 every difference explained, 1 something unexplained, 2 usage or a
// document that cannot be read. The command line is lib/upstream/cli.mjs.
import { main } from '../lib/upstream/cli.mjs';

process.exitCode = await main(process.argv.slice(2));
