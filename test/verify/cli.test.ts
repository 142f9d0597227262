// `npm run verify` against fake upstreams on 127.0.0.1. Its `main()`, what
// the command runs, is tested in this process (exit codes, the text and JSON
// reports, credentials kept out of every byte written, argument handling),
// with anything written past its `io` caught and counted as output too. One
// real process remains, for what only a process shows: a real SIGINT during
// --write ending in cleanup, and the exit code reaching the shell.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../tools/verify/cli.js';
import { BASIC, PROJECT, startFake, TOKEN, type Fake, type Override } from './fake-upstream.js';

let fake: Fake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Run = { code: number | null; stdout: string; stderr: string };


/** Runs the CLI the way `npm run verify` does; the fake answers from this process, so the child runs asynchronously. */
function cli(args: string[], env: Record<string, string | undefined> = { SIGNALWIRE_PROJECT_ID: PROJECT, SIGNALWIRE_API_TOKEN: TOKEN }, onStart?: (kill: (signal: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/verify/cli.ts', ...args], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
    onStart?.((signal) => child.kill(signal));
  });
}

const fast = ['--pause-ms', '0'];

describe('npm run verify (its main, in this process)', () => {
  it('exits 0 against a conforming server and prints one line per operation', async () => {
    fake = await startFake();
    const { code, stdout, stderr } = await inProcess(['--base-url', fake.baseUrl, ...fast]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`verify ${fake.baseUrl} against spec 0.1.0 (read-only; families: relay, fabric)`);
    expect(lines.slice(1, 6).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'PASS list_sip_endpoints',
      'PASS retrieve_sip_endpoint',
      'PASS list_sip_credentials',
      'PASS get_sip_credential',
      'PASS list_sip_credential_addresses',
    ]);
    expect(lines.at(-1)).toBe('5 passed, 0 failed, 0 errors, 0 skipped; 0 mismatches, 0 warnings; 5 requests (budget 60); exit 0');
  });

  it('exits 1 on a mismatch, and --json gives the same findings to machines', async () => {
    const override: Override = (route, next) => {
      if (route.operationId !== 'list_sip_credentials') return undefined;
      const page = next().body as any;
      page.data[0].sip_endpoint.codecs = ['AMR-WB'];
      return { status: 200, body: page };
    };
    fake = await startFake({ override });
    const { code, stdout } = await inProcess(['--base-url', fake.baseUrl, '--family', 'fabric', '--json', ...fast]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.exitCode).toBe(1);
    expect(report.summary).toMatchObject({ passed: 2, failed: 1, mismatches: 1 });
    expect(report.steps[0].mismatches).toEqual([
      expect.objectContaining({ operationId: 'list_sip_credentials', path: '$.data[0].sip_endpoint.codecs[0]', pointer: '/data/0/sip_endpoint/codecs/0', keyword: 'enum', got: '"AMR-WB"' }),
    ]);
  });

  it('never prints the credentials, even when the server echoes them back', async () => {
    const override: Override = (route, next) => {
      if (route.operationId === 'retrieve_sip_endpoint') {
        // A mismatch whose "got" is the token, an undocumented field holding the auth header, the project ID in a value.
        return { status: 200, body: { ...(next().body as any), encryption: TOKEN, echo: BASIC, caller_id: PROJECT } };
      }
      if (route.operationId === 'list_sip_credentials') return { status: 401, body: { error: `bad token ${TOKEN} for project ${PROJECT}` } };
      return undefined;
    };
    fake = await startFake({ override });
    const basic64 = BASIC.slice('Basic '.length);
    const text = await inProcess(['--base-url', fake.baseUrl, ...fast]);
    const json = await inProcess(['--base-url', fake.baseUrl, '--json', ...fast]);
    for (const { code, stdout, stderr } of [text, json]) {
      expect(code).toBe(1);
      for (const secret of [TOKEN, PROJECT, basic64]) {
        expect(stdout).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
      expect(stdout).toContain('[redacted]');
    }
    expect(text.stdout).toContain('mismatch retrieve_sip_endpoint $.encryption: expected one of "default", "required", "optional"; got "[redacted]"');
    expect(text.stdout).toContain('HTTP 401: bad token [redacted] for project [redacted]');
    // The server did get them.
    expect(fake.seen.every((s) => s.headers.authorization === BASIC)).toBe(true);
  });
});

describe('npm run verify (child process)', () => {
  it('when the report cannot be written (stdout on a full disk), says so on stderr with the report, and exits 3, not 0 or a crash', async () => {
    fake = await startFake();
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/verify/cli.ts', '--base-url', fake.baseUrl, '--write', '--family', 'relay', ...fast], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH, NO_COLOR: '1', SIGNALWIRE_PROJECT_ID: PROJECT, SIGNALWIRE_API_TOKEN: TOKEN },
      stdio: ['ignore', full, 'pipe'],
    });
    closeSync(full);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/^verify: could not write the report to stdout \(ENOSPC\); it follows here\.\n/);
    expect(stderr).not.toContain('Unhandled');
    expect(stderr).toMatch(/cleanup: deleted relay endpoint [0-9a-f-]+ \(sipspec-verify-relay-[^)]+\) after 1 attempt: 204/);
    expect(stderr).toContain('; exit 0\n');
    expect(code).toBe(3);
    expect(fake.relay.size).toBe(1);
  });

  it('on SIGINT during --write, stops, deletes what it created, reports it, and exits 130', async () => {
    fake = await startFake({
      // Hold the first update so the signal arrives while it is in flight.
      override: (route, next) => (route.operationId === 'update_sip_endpoint' ? { ...next(), delayMs: 5000 } : undefined),
    });
    const run = cli(['--base-url', fake.baseUrl, '--write', '--family', 'relay', ...fast], undefined, (kill) => {
      fake!.onRequest = (seen) => {
        if (seen.operationId === 'update_sip_endpoint') kill('SIGINT');
      };
    });
    const { code, stdout, stderr } = await run;
    expect(code).toBe(130);
    expect(stderr).toContain('SIGINT: stopping; deleting what this run created');
    const created = fake.seen.find((s) => s.operationId === 'create_sip_endpoint')!;
    const deleted = fake.seen.filter((s) => s.operationId === 'delete_sip_endpoint');
    expect(deleted).toHaveLength(1);
    expect(fake.relay.size).toBe(1);
    expect(fake.seen.filter((s) => s.operationId === 'update_sip_endpoint')).toHaveLength(1);
    expect(stdout).toContain(`cleanup: deleted relay endpoint ${deleted[0].id} (${(created.body as any).username}) after 1 attempt: 204`);
    expect(stdout).toContain('interrupted: the run stopped early');
  });
});

/**
 * Runs the CLI's main() in this process, with its own output, environment and
 * signals, as the command would. Anything written to this process's stdout or
 * stderr, or through console, while it runs (past `io`, where the command
 * would still print it) is appended to `stdout`/`stderr`, so a check on every
 * byte of output sees it; and there must be none.
 */
async function inProcess(args: string[], env: Record<string, string | undefined> = { SIGNALWIRE_PROJECT_ID: PROJECT, SIGNALWIRE_API_TOKEN: TOKEN }) {
  let stdout = '';
  let stderr = '';
  let stray = '';
  const catchWrite = (chunk: unknown) => ((stray += String(chunk)), true);
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(catchWrite),
    vi.spyOn(process.stderr, 'write').mockImplementation(catchWrite),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => vi.spyOn(console, name).mockImplementation((...parts: unknown[]) => void (stray += parts.join(' ')))),
  ];
  const signals = new EventEmitter();
  let code: number;
  try {
    code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, signals });
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  expect(stray, 'written past io').toBe('');
  return { code, stdout: stdout + stray, stderr: stderr + stray };
}

describe('a second signal (stop at once) names every endpoint that may exist', () => {
  // A create in flight, or one whose answer was unclear and is being looked for, may have made an
  // endpoint verify has no id for yet: "Nothing is left behind" would be a claim it cannot vouch for.
  it.each([
    ['while the create is in flight', (route: { operationId: string; query: URLSearchParams }) => route.operationId === 'create_sip_endpoint'],
    ['while the look-up after an unclear create is in flight', (route: { operationId: string; query: URLSearchParams }) => route.operationId === 'list_sip_endpoints' && route.query.has('filter_username')],
  ])('%s', async (_when, hold) => {
    const signals = new EventEmitter();
    let stderr = '';
    const exits: number[] = [];
    fake = await startFake({
      override: (route, next) => {
        if (!hold(route)) return route.operationId === 'create_sip_endpoint' ? (next(), { status: 502, raw: 'Bad Gateway' }) : undefined;
        setImmediate(() => (signals.emit('SIGINT', 'SIGINT'), signals.emit('SIGINT', 'SIGINT')));
        return { ...(route.operationId === 'create_sip_endpoint' ? next() : next()), delayMs: 300 };
      },
    });
    const code = await main(['--base-url', fake.baseUrl, '--write', '--family', 'relay', ...fast], {
      stdout: () => {},
      stderr: (t) => void (stderr += t),
      env: { SIGNALWIRE_PROJECT_ID: PROJECT, SIGNALWIRE_API_TOKEN: TOKEN },
      signals,
      exit: ((c: number) => void exits.push(c)) as never,
    });
    const username = (fake.seen.find((s) => s.operationId === 'create_sip_endpoint')!.body as any).username;
    expect(exits).toEqual([130]);
    expect(stderr).not.toContain('Nothing is left behind');
    expect(stderr).toContain(`verify: stopped at once. Left behind, delete these yourself:\n  relay endpoint named ${username} (possibly: its create was sent)`);
    expect(code).toBe(130);
  });
});

describe('npm run verify when stdout fails (in-process)', () => {
  it.each([
    ['throws', () => { throw Object.assign(new Error('EPIPE'), { code: 'EPIPE' }); }],
    ['rejects', () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' }))],
  ] as Array<[string, () => void]>)('stdout %s: the report goes to stderr, the exit is 3 (or the report\'s own when not 0)', async (_how, failing) => {
    for (const [override, reportCode] of [[undefined, 0], [((route: { operationId: string }) => (route.operationId === 'list_sip_endpoints' ? { status: 200, body: { data: 'no' } } : undefined)) as Override, 1]] as const) {
      fake = await startFake({ override });
      let stderr = '';
      const code = await main(['--base-url', fake.baseUrl, '--family', 'relay', ...fast], { stdout: failing, stderr: (t) => void (stderr += t), env: { SIGNALWIRE_PROJECT_ID: PROJECT, SIGNALWIRE_API_TOKEN: TOKEN }, signals: new EventEmitter() });
      expect(code).toBe(reportCode || 3);
      expect(stderr).toMatch(/^verify: could not write the report to stdout \((EPIPE|ENOSPC)\); it follows here\.\n/);
      expect(stderr).toContain(`; exit ${reportCode}\n`);
      await fake.close();
      fake = undefined;
    }
  });
});

describe('verify CLI arguments (in-process)', () => {
  it('exits 2 without credentials, and takes none from flags', async () => {
    const missing = await inProcess(['--base-url', 'http://127.0.0.1:1'], { SIGNALWIRE_PROJECT_ID: PROJECT });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('set SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN in the environment');
    const flag = await inProcess(['--base-url', 'http://127.0.0.1:1', '--token', TOKEN]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--token'");
    expect(flag.stderr).not.toContain(TOKEN);
  });

  it('exits 2 on where-to-go and number mistakes', async () => {
    const cases: Array<[string[], Record<string, string>, string]> = [
      [['--base-url', 'http://127.0.0.1:1', '--space', 'acme'], {}, 'pass --space or --base-url, not both'],
      [[], {}, 'say where to go: --space <name>, SIGNALWIRE_SPACE, or --base-url <url>'],
      [['--space', 'acme.evil.com/'], {}, '"acme.evil.com/" is not a space name'],
      [['--base-url', 'http://user:pw@127.0.0.1:1'], {}, 'put credentials in `projectId` and `token`, not in `baseUrl`'],
      [['--base-url', 'http://127.0.0.1:1', '--family', 'both'], {}, '--family is relay or fabric, not "both"'],
      [['--base-url', 'http://127.0.0.1:1', '--max-requests', 'lots'], {}, '--max-requests takes a whole number, not "lots"'],
      [['--base-url', 'http://127.0.0.1:1', '--max-requests', '0'], {}, 'maxRequests must be an integer >= 1'],
      [['--base-url', 'http://127.0.0.1:1', '--pause-ms', '99999999999999999999'], {}, 'pauseMs must be at most 2147483647'],
      [['--base-url', 'http://127.0.0.1:1', '--max-wait-ms', '2147483648'], {}, 'maxWaitMs must be at most 2147483647'],
      [['--base-url', 'http://127.0.0.1:1', '--timeout-ms', '9007199254740993'], {}, 'timeoutMs must be at most 2147483647'],
      [['--base-url', 'http://127.0.0.1:1', '--write', '--resource-id', 'res-1'], {}, 'update_sip_credential (resource) body would break the spec'],
      // A pasted smart quote or a trailing newline: no Basic header can carry it, and no request was sent (exit 2, not 3), the value never quoted.
      [['--base-url', 'http://127.0.0.1:1'], { SIGNALWIRE_API_TOKEN: `${TOKEN}\u2019` }, 'SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN must be printable Latin-1 text'],
      [['--base-url', 'http://127.0.0.1:1'], { SIGNALWIRE_API_TOKEN: `${TOKEN}\n` }, 'SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN must be printable Latin-1 text'],
      [['--base-url', 'http://127.0.0.1:1'], { SIGNALWIRE_PROJECT_ID: `\u0000${PROJECT}` }, 'SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN must be printable Latin-1 text'],
    ];
    for (const [args, env, message] of cases) {
      const { code, stderr, stdout } = await inProcess(args, { SIGNALWIRE_PROJECT_ID: PROJECT, SIGNALWIRE_API_TOKEN: TOKEN, ...env });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toContain(message);
      expect(stdout).toBe('');
      expect(stderr).not.toContain(TOKEN);
    }
  });

  it('takes the space from SIGNALWIRE_SPACE and prints usage on --help', async () => {
    const help = await inProcess(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run verify -- (--space <name> | --base-url <url>) [options]');
    fake = await startFake();
    // --base-url wins over SIGNALWIRE_SPACE, so nothing leaves this machine.
    const run = await inProcess(['--base-url', fake.baseUrl, '--family', 'relay', ...fast], { SIGNALWIRE_PROJECT_ID: PROJECT, SIGNALWIRE_API_TOKEN: TOKEN, SIGNALWIRE_SPACE: 'acme' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`verify ${fake.baseUrl} against spec`);
  });
});
