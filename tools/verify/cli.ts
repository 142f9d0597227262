// `npm run verify -- --space <name> [--write] [--json] …`: checks a real
// SignalWire space (or any server) against the bundled spec. Credentials come
// from the environment only, never from flags, and never appear in output.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolveBaseUrl } from '../../src/client.js';
import { formatJson, formatText } from './report.js';
import { redactText as redact } from '../../src/redact.js';
import { DEFAULTS, exitCode, FAMILIES, runVerify, secretsOf, UsageError, type Created, type Family, type VerifyEvent, type VerifyOptions } from './verify.js';

export const USAGE = `Usage: npm run verify -- (--space <name> | --base-url <url>) [options]

Checks every answer of a SignalWire space against the bundled OpenAPI spec:
the status must be one the operation declares, the body must validate against
the schema declared for it; fields the spec does not describe are warnings.

Credentials come from the environment (never from flags):
  SIGNALWIRE_PROJECT_ID    project ID (the Basic auth user name)
  SIGNALWIRE_API_TOKEN     API token (the Basic auth password)
  SIGNALWIRE_SPACE         space name, when --space and --base-url are not given

Read-only by default: lists Relay SIP endpoints and Fabric SIP credentials and
reads the first of each (5 GET requests).

Options:
  --space <name>              https://<name>.signalwire.com
  --base-url <url>            any other server (a mock, a proxy)
  --family relay|fabric       check one family only (default both)
  --write                     also create one endpoint per family, update it
                              through several call_handler variants, read it and
                              delete it; what it creates is always deleted
  --json                      the report as JSON
  --max-requests <n>          most requests, cleanup aside (default ${DEFAULTS.maxRequests})
  --pause-ms <ms>             pause between requests (default ${DEFAULTS.pauseMs})
  --max-wait-ms <ms>          longest wait a 429 Retry-After may ask (default ${DEFAULTS.maxWaitMs})
  --timeout-ms <ms>           timeout of one request (default ${DEFAULTS.timeoutMs})
  --max-response-bytes <n>    largest answer body read (default ${DEFAULTS.maxResponseBytes}, 10 MiB)
  --delete-attempts <n>       attempts to delete each created endpoint (default ${DEFAULTS.deleteAttempts})
  --page-size <n>             page_size of the list calls (default: the server's)
  --webhook-url <url>         call_request_url of the laml_webhooks update
  --script-url <url>          call_relay_script_url of the relay_script update
Handlers that need a real resource of your space are skipped unless given:
  --video-room-id <uuid>  --call-flow-id <uuid>  --ai-agent-id <uuid>
  --laml-application-id <id>  --dialogflow-agent-id <id>
  --relay-application <name>  --resource-id <uuid> (Fabric "resource")

Exit: 0 conforms; 1 a mismatch; 2 usage; 3 a call or the cleanup failed,
something may be left behind, --max-requests left steps unsent, or the
report could not be written (it goes to stderr then); 4 the
target does not answer like a SignalWire space (check the space name);
130/143 interrupted (after cleanup).
`;

type SignalListener = (signal: NodeJS.Signals) => void;
export type Signals = { on(event: NodeJS.Signals, listener: SignalListener): unknown; off(event: NodeJS.Signals, listener: SignalListener): unknown };

export type Io = {
  /** Where the report goes; may throw or reject (a full disk, a closed pipe): the report then goes to `stderr`. */
  stdout: (text: string) => void | Promise<void>;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Where SIGINT/SIGTERM are listened for (default `process`). */
  signals?: Signals;
  exit?: (code: number) => never;
};

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}

const FLAGS = {
  space: { type: 'string' },
  'base-url': { type: 'string' },
  family: { type: 'string' },
  write: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'max-requests': { type: 'string' },
  'pause-ms': { type: 'string' },
  'max-wait-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-response-bytes': { type: 'string' },
  'delete-attempts': { type: 'string' },
  'page-size': { type: 'string' },
  'webhook-url': { type: 'string' },
  'script-url': { type: 'string' },
  'video-room-id': { type: 'string' },
  'call-flow-id': { type: 'string' },
  'ai-agent-id': { type: 'string' },
  'laml-application-id': { type: 'string' },
  'dialogflow-agent-id': { type: 'string' },
  'relay-application': { type: 'string' },
  'resource-id': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Flags = ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: false; options: typeof FLAGS }>>['values'];

/** Where the run goes and which families it checks, from the flags and the environment; a UsageError when that is unclear. */
function target(v: Flags, env: NodeJS.ProcessEnv, credentials: { projectId: string; token: string }): { baseUrl: string; families: Family[] } {
  if (!credentials.projectId || !credentials.token) throw new UsageError('set SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN in the environment (credentials are never taken from flags)');
  // A Basic auth header carries Latin-1 without control characters only (a pasted smart quote, a trailing newline); the value is never quoted back.
  if (![credentials.projectId, credentials.token].every((value) => /^[\x20-\x7e\xa0-\xff]+$/.test(value))) {
    throw new UsageError('SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN must be printable Latin-1 text (no control characters, no characters such as \u2019 a copy may add)');
  }
  if (v.space !== undefined && v['base-url'] !== undefined) throw new UsageError('pass --space or --base-url, not both');
  const space = v['base-url'] === undefined ? (v.space ?? (env.SIGNALWIRE_SPACE || undefined)) : undefined;
  if (space === undefined && v['base-url'] === undefined) throw new UsageError('say where to go: --space <name>, SIGNALWIRE_SPACE, or --base-url <url>');
  let baseUrl: string;
  try {
    baseUrl = resolveBaseUrl(space !== undefined ? { space } : { baseUrl: v['base-url'] });
  } catch (error) {
    throw new UsageError((error as Error).message.replace('createSipClient: ', ''));
  }
  if (v.family !== undefined && !FAMILIES.includes(v.family as Family)) throw new UsageError(`--family is relay or fabric, not ${JSON.stringify(v.family)}`);
  return { baseUrl, families: v.family ? [v.family as Family] : [...FAMILIES] };
}

/** The options of runVerify that come from flags (a UsageError for a number that is not one). */
function flagOptions(v: Flags): Partial<VerifyOptions> {
  return {
    write: v.write,
    maxRequests: integer('max-requests', v['max-requests']),
    pauseMs: integer('pause-ms', v['pause-ms']),
    maxWaitMs: integer('max-wait-ms', v['max-wait-ms']),
    timeoutMs: integer('timeout-ms', v['timeout-ms']),
    maxResponseBytes: integer('max-response-bytes', v['max-response-bytes']),
    deleteAttempts: integer('delete-attempts', v['delete-attempts']),
    pageSize: integer('page-size', v['page-size']),
    webhookUrl: v['webhook-url'],
    scriptUrl: v['script-url'],
    ids: {
      videoRoomId: v['video-room-id'],
      callFlowId: v['call-flow-id'],
      aiAgentId: v['ai-agent-id'],
      lamlApplicationId: v['laml-application-id'],
      dialogflowAgentId: v['dialogflow-agent-id'],
      relayApplication: v['relay-application'],
      fabricResourceId: v['resource-id'],
    },
  };
}

/**
 * SIGINT/SIGTERM while a run goes on. First: stop after the request in flight
 * and clean up (the returned signal aborts). Second: stop at once and say
 * what is left to delete (`left`, kept up to date by `onEvent`).
 */
function watchSignals(io: Io, say: (text: string) => void) {
  const controller = new AbortController();
  const left = new Map<string, Created>();
  /** Creates sent whose endpoint is neither registered (`left`) nor proven absent: it may exist. */
  const pending = new Map<string, { family: Family; username: string }>();
  let signalled: NodeJS.Signals | undefined;
  const exit = io.exit ?? ((code: number) => process.exit(code));
  const onSignal = (signal: NodeJS.Signals) => {
    if (!signalled) {
      signalled = signal;
      say(`verify: ${signal}: stopping; deleting what this run created (${signal} again to stop at once)\n`);
      controller.abort(signal);
      return;
    }
    const items = [
      ...[...left.values()].map((c) => `  ${c.family} ${c.id} (${c.username})`),
      ...[...pending.values()].map((p) => `  ${p.family} endpoint named ${p.username} (possibly: its create was sent)`),
    ].join('\n');
    say(`verify: stopped at once.${items ? ` Left behind, delete these yourself:\n${items}` : ' Nothing is left behind.'}\n`);
    exit(signal === 'SIGINT' ? 130 : 143);
  };
  const signals: Signals = io.signals ?? process;
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  const onEvent = (event: VerifyEvent) => {
    if (event.type === 'creating') pending.set(`${event.family}/${event.username}`, event);
    if (event.type === 'settled') pending.delete(`${event.family}/${event.username}`);
    if (event.type === 'created') {
      left.set(`${event.resource.family}/${event.resource.id}`, event.resource);
      pending.delete(`${event.resource.family}/${event.resource.username}`);
    }
    if (event.type === 'cleaned' && event.record.deleted) left.delete(`${event.record.family}/${event.record.id}`);
  };
  const dispose = () => {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  };
  return { signal: controller.signal, onEvent, dispose };
}

/** The CLI: parses `argv`, runs verify, prints the report (redacted) on `io`; resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let v: Flags;
  try {
    v = parseArgs({ args: argv, strict: true, allowPositionals: false, options: FLAGS }).values;
  } catch (error) {
    io.stderr(`verify: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (v.help) {
    io.stdout(USAGE);
    return 0;
  }
  const credentials = { projectId: io.env.SIGNALWIRE_PROJECT_ID ?? '', token: io.env.SIGNALWIRE_API_TOKEN ?? '' };
  const secrets = secretsOf(credentials);
  const say = (text: string) => io.stderr(redact(text, secrets));
  let where: { baseUrl: string; families: Family[] };
  try {
    where = target(v, io.env, credentials);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    say(`verify: ${error.message}\n\nRun with --help for usage.\n`);
    return 2;
  }
  const url = new URL(where.baseUrl);
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    say(`verify: warning: ${url.origin} is not HTTPS; your credentials travel unencrypted.\n`);
  }
  const watch = watchSignals(io, say);
  try {
    const report = await runVerify({ ...where, ...credentials, ...flagOptions(v), signal: watch.signal, onEvent: watch.onEvent });
    const text = v.json ? formatJson(report, secrets) : formatText(report, secrets);
    const code = exitCode(report);
    try {
      await io.stdout(text);
    } catch (error) {
      // The report (its LEFT BEHIND lines above all) must reach the operator, and a lost report vouches for nothing: never 0.
      const why = (error as { code?: unknown }).code ?? (error as Error).message;
      say(`verify: could not write the report to stdout (${String(why)}); it follows here.\n${text}`);
      return code || 3;
    }
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      say(`verify: ${error.message}\n\nRun with --help for usage.\n`);
      return 2;
    }
    say(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  } finally {
    watch.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // A write error (ENOSPC, EPIPE) reaches the write's callback; without a listener it would also crash the process.
  process.stdout.on('error', () => {});
  const code = await main(process.argv.slice(2), {
    stdout: (text) => new Promise<void>((resolve, reject) => void process.stdout.write(text, (error) => (error ? reject(error) : resolve()))),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  });
  process.exitCode = code;
}
