// `npm run mock [-- --dynamic] [-- --port N] [-- --spec FILE]`: the mock
// server (lib/mock/server.mjs), Prism in this process. Start-up problems
// print one line naming the problem and the fix, and exit 1.
import './lib/watchdog.cjs';
import { parseArgs } from 'node:util';
import { createMockServer } from '../lib/mock/server.mjs';

const HOST = '127.0.0.1';
const fail = (line) => {
  console.error(`mock: ${line}`);
  process.exit(1);
};

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '4010' },
      dynamic: { type: 'boolean', default: false },
      spec: { type: 'string', default: 'generated/openapi.yaml' },
    },
  }));
} catch (error) {
  fail(`${error.message.split('\n')[0]} Usage: npm run mock -- [--port N] [--dynamic] [--spec FILE]`);
}
if (!/^\d{1,5}$/.test(args.port) || Number(args.port) > 65535) {
  fail(`the port must be a whole number from 0 to 65535, got ${JSON.stringify(args.port)}. Fix: npm run mock -- --port 4011 (or PORT=4011)`);
}

let mock;
try {
  mock = await createMockServer({ spec: args.spec, dynamic: args.dynamic, port: Number(args.port), host: HOST, log: (line) => console.log(line) });
} catch (error) {
  if (error.code === 'EADDRINUSE') fail(`port ${args.port} on ${HOST} is in use (another mock?). Fix: stop that process, or npm run mock -- --port ${Number(args.port) + 1}`);
  if (error.code === 'EACCES') fail(`port ${args.port} needs privileges this user lacks. Fix: a port above 1023, e.g. npm run mock -- --port 4010`);
  if (error.code === 'ENOENT' || /ENOENT|no such file/i.test(String(error.message))) fail(`cannot read the spec ${args.spec}. Fix: npm run generate (or --spec <bundled file>)`);
  fail(`cannot start: ${String(error.message ?? error).split('\n')[0]}. Fix: npm run lint to check the spec, then npm run generate`);
}

const stop = () => {
  mock.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(`mock: listening at ${mock.url} (${args.dynamic ? 'dynamic' : 'static'} examples; Ctrl-C stops it)`);
console.log(`mock: try  curl -u any:thing ${mock.url}/api/fabric/resources/sip_endpoints`);
