// `npm run mock [-- --dynamic] [-- --port N] [-- --spec FILE]
//                [-- --stateful [--empty] [--state FILE]]`: the mock
// server (lib/mock/server.mjs), Prism in this process. Start-up problems
// print one line naming the problem and the fix, and exit 1.
// `--stateful` puts the store of lib/mock/stateful.mjs behind Prism's
// validation: what a client creates, it can read back.
// Everything that can be checked without Prism (the flags, the spec file,
// the state file, a port in use) is checked before Prism's libraries load
// (about 3 s of CPU), so a mistake is answered at once.
import '../lib/mock/watchdog.cjs';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { mockOptions } from '../lib/mock/options.mjs';
import { StateFileError } from '../lib/mock/state-file.mjs';
import { readBundle, startMock } from '../lib/mock/start.mjs';

const HOST = '127.0.0.1';
const fail = (line) => {
  console.error(`mock: ${line}`);
  process.exit(1);
};

const parsed = mockOptions(process.argv.slice(2), process.env);
if ('problem' in parsed) fail(parsed.problem);
const args = parsed.options;

const specMissing = () => fail(`cannot read the spec ${args.spec}. Fix: npm run generate (or --spec <bundled file>)`);
if (!existsSync(args.spec)) specMissing();

/** The listen errors, as one line each with the fix. */
const listenFailed = (error) => {
  if (error.code === 'EADDRINUSE') fail(`port ${args.port} on ${HOST} is in use (another mock?). Fix: stop that process, or npm run mock -- --port ${Number(args.port) + 1}`);
  if (error.code === 'EACCES') fail(`port ${args.port} needs privileges this user lacks. Fix: a port above 1023, e.g. npm run mock -- --port 4010`);
};
// A port already taken fails here, before Prism loads; the real listen below still reports a port taken meanwhile.
if (Number(args.port) !== 0) {
  await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => {
      listenFailed(error);
      resolve(undefined); // any other error: left to the real listen
    });
    probe.listen(Number(args.port), HOST, () => probe.close(resolve));
  });
}

let bundle;
if (args.stateful) {
  // The store reads the bundle as JSON (the .json twin of --spec); every way it can be unusable is one line.
  const read = readBundle(args.spec);
  if ('problem' in read) fail(read.problem);
  else bundle = read.bundle;
}

// The stateful mode is built before Prism loads (lib/mock/start.mjs), so its problems are answered at once too.
let mock;
try {
  mock = await startMock({
    spec: args.spec,
    bundle,
    stateful: args.stateful,
    empty: args.empty,
    statePath: args.state,
    dynamic: args.dynamic,
    port: Number(args.port),
    host: HOST,
    log: (line) => console.log(line),
    logState: (line) => console.error(line),
    // MOCK_WARM_UP=off: no background compile of every operation's validators
    // (for the tests' short-lived mocks; DECISIONS.md D121).
    warmUp: process.env.MOCK_WARM_UP !== 'off',
  });
} catch (error) {
  if (error instanceof StateFileError) fail(`${error.message}. ${error.fix}`);
  listenFailed(error);
  if (error.code === 'ENOENT' || /ENOENT|no such file/i.test(String(error.message))) specMissing();
  fail(`cannot start: ${String(error.message ?? error).split('\n')[0]}. Fix: npm run lint to check the spec, then npm run generate`);
}

const stop = () => {
  mock.close().finally(() => process.exit(0));
};
// Ctrl-C, a stop from a process manager, and a closed terminal alike: the state file is written, exit 0.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
console.log(`mock: listening at ${mock.url} (${mock.mode ? mock.mode.description : `${args.dynamic ? 'dynamic' : 'static'} examples`}; Ctrl-C stops it)`);
if (mock.mode) console.log(`mock: reset the store with  curl -X DELETE ${mock.url}/__mock/state`);
console.log(`mock: try  curl -u any:thing ${mock.url}/api/fabric/resources/sip_endpoints`);
