// `npm run diff -- <git-ref> [--markdown FILE]` and `npm run diff:report`:
// the API change report (lib/diff/cli.mjs says what each does).
// Exit: 0 no unmarked breaking change, 1 unmarked breaking change, 2 usage, git or bundle error.
import { bundleRef, bundleWorkingTree } from '../lib/diff/bundle-source.mjs';
import { main } from '../lib/diff/cli.mjs';

process.exitCode = await main(process.argv.slice(2), process.env, { bundleRef, bundleWorkingTree });
