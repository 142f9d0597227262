// `npm run verify`: calls a real SignalWire space (or any server) and checks
// every answer against the bundled spec with the shared validator.
//
// Read-only by default: list both families, follow the first item of each.
// With `write`, also creates one endpoint per family under a unique name,
// updates it through several handler variants, reads it back and deletes it;
// whatever it created is deleted in the end, whatever happened in between.
import { randomBytes } from 'node:crypto';
import { createSipClient } from '../../src/client.js';
import type { FabricCreateBody, FabricUpdateBody, RelayCreateBody, RelayUpdateBody } from '../../src/types.js';
import { operationTable, type OperationId } from '../../generated/operations.js';
import { declaredStatuses, requestSchemaPointer as requestPointer, spec, validateAt, variantPointer } from '../bundled-spec.js';
import { checkResponse, mismatchesFrom, type Mismatch, type Warning } from './check.js';
import { BudgetExhausted, Interrupted, sleep as realSleep, TimeoutError, Transport, type Attempt, type Exchange, type Sleep } from './transport.js';

export type Family = 'relay' | 'fabric';
export const FAMILIES: readonly Family[] = ['relay', 'fabric'];

/** Ids of real resources in your space, for handlers that need one. Without them those handlers are skipped. */
export type ResourceIds = {
  /** Relay `video_room`: a Video Room id. */
  videoRoomId?: string;
  /** Relay `call_flow`: a Call Flow id. */
  callFlowId?: string;
  /** Relay `ai_agent`: an AI Agent id. */
  aiAgentId?: string;
  /** Relay `laml_application`: a cXML application id. */
  lamlApplicationId?: string;
  /** Relay `dialogflow`: a Dialogflow agent id. */
  dialogflowAgentId?: string;
  /** Relay `relay_application`: the name of a Relay application. */
  relayApplication?: string;
  /** Fabric `resource`: the Fabric resource outbound calls run. */
  fabricResourceId?: string;
};

export type VerifyOptions = {
  /** Where requests go: https://<space>.signalwire.com or any other server. */
  baseUrl: string;
  projectId: string;
  token: string;
  /** Also create, update and delete one endpoint per family (default false). */
  write?: boolean;
  /** The families to check (default both). */
  families?: readonly Family[];
  /** Most requests the run sends, cleanup aside (default 60). */
  maxRequests?: number;
  /** Pause between requests in ms (default 250). */
  pauseMs?: number;
  /** Longest wait for one 429 in ms (default 30 000). */
  maxWaitMs?: number;
  /** Repeats of one request after 429s (default 3). */
  rateLimitRetries?: number;
  /** Timeout of one request in ms (default 30 000). */
  timeoutMs?: number;
  /** Attempts to delete each endpoint the run created (default 4). */
  deleteAttempts?: number;
  /** First pause between delete attempts in ms, doubled each time (default 1000, at most maxWaitMs). */
  deleteBackoffMs?: number;
  /** `page_size` of the list calls (default: the server's). */
  pageSize?: number;
  /** Ids of real resources, for the handlers that need them. */
  ids?: ResourceIds;
  /** `call_request_url` of the Relay laml_webhooks update (default https://example.com/sip-spec-verify/cxml). */
  webhookUrl?: string;
  /** `call_relay_script_url` of the Relay relay_script update (default https://example.com/sip-spec-verify/script.swml). */
  scriptUrl?: string;
  /** Prefix of the usernames the run creates (default sipspec-verify). */
  namePrefix?: string;
  /** Aborting it stops the run after the request in flight and goes on to cleanup. */
  signal?: AbortSignal;
  /** Called as the run progresses (the CLI uses it to know what is left to delete). */
  onEvent?: (event: VerifyEvent) => void;
  sleep?: Sleep;
  fetch?: typeof globalThis.fetch;
};

export type VerifyEvent =
  | { type: 'step'; step: Step }
  | { type: 'created'; resource: Created }
  | { type: 'cleaned'; record: CleanupRecord };

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

/** One call of one operation and what came of it. */
export type Step = {
  operationId: OperationId;
  /** The operationId, plus the variant for writes: `update_sip_endpoint (laml_webhooks)`. */
  label: string;
  method: string;
  /** The path template of the operation. */
  path: string;
  /** The `{id}` the call used. */
  id?: string;
  phase: 'read' | 'write' | 'cleanup';
  /** passed: declared status, body conforms, call succeeded; failed: a mismatch; error: a declared error status or no answer; skipped: not sent. */
  outcome: Outcome;
  /** The final HTTP status. */
  status?: number;
  reason?: string;
  /** Every answer, retries included. */
  attempts: Attempt[];
  durationMs: number;
  mismatches: Mismatch[];
  warnings: Warning[];
  /** Why this answer looks like the wrong server rather than a SignalWire space: a 404, a non-JSON page, a DNS failure. */
  notApi?: string;
  /** Not sent because the request budget (--max-requests) was spent. */
  unsent?: boolean;
};

/** Something this run may have created but cannot prove it did not: a create without a clear answer whose look-up failed, or an id verify refuses to follow. */
export type Unverified = { family: Family; username: string; id?: string; reason: string };

export type Created = { family: Family; id: string; username: string };
export type CleanupRecord = Created & { deleted: boolean; attempts: number; statuses: Array<number | string>; note?: string };

export type VerifyReport = {
  target: string;
  mode: 'read-only' | 'write';
  families: Family[];
  specVersion: string;
  startedAt: string;
  durationMs: number;
  requests: number;
  maxRequests: number;
  interrupted: boolean;
  /** The abort reason when it was a signal name (`SIGINT`, `SIGTERM`). */
  interruptedBy?: string;
  /** An unexpected failure of verify itself (cleanup still ran). */
  fatal?: string;
  /** Every list answered like something other than a SignalWire space (404s, HTML pages, DNS failure): check the space name. */
  wrongSpace?: string;
  /** Why nothing was created although --write was given (the reads answered 401, say). */
  writesSkipped?: string;
  steps: Step[];
  cleanup: CleanupRecord[];
  summary: {
    passed: number;
    failed: number;
    errors: number;
    skipped: number;
    mismatches: number;
    warnings: number;
    created: number;
    deleted: number;
    leftBehind: Created[];
    /** May exist, unproven either way: printed as LEFT BEHIND with the username and how to find it. */
    unverified: Unverified[];
    /** Steps not sent because the request budget was spent. */
    unsent: number;
  };
};

/** A problem with the options, found before any request is sent. */
export class UsageError extends Error {}

const ROUTES = {
  relay: { list: 'list_sip_endpoints', create: 'create_sip_endpoint', get: 'retrieve_sip_endpoint', update: 'update_sip_endpoint', delete: 'delete_sip_endpoint' },
  fabric: { list: 'list_sip_credentials', create: 'create_sip_credential', get: 'get_sip_credential', update: 'update_sip_credential', delete: 'delete_sip_credential', addresses: 'list_sip_credential_addresses' },
} as const satisfies Record<Family, Record<string, OperationId>>;

const NAMES: Record<Family, string> = { relay: 'Relay SIP endpoint', fabric: 'Fabric SIP credential' };

/** Ids verify follows into URLs: what a uuid is made of, nothing that could change the path. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** Statuses worth retrying a delete for; retried answers with these are warnings when the spec does not declare them. */
const TRANSIENT = new Set([429, 500, 502, 503, 504]);
/** Most pages a look-up reads before it gives up (and reports what it could not rule out). */
const MAX_LOOKUP_PAGES = 50;
/** Errors of a name that resolves nowhere. */
const DNS_CODES = /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/;

export const DEFAULTS = {
  maxRequests: 60,
  pauseMs: 250,
  maxWaitMs: 30_000,
  rateLimitRetries: 3,
  timeoutMs: 30_000,
  deleteAttempts: 4,
  deleteBackoffMs: 1000,
  webhookUrl: 'https://example.com/sip-spec-verify/cxml',
  scriptUrl: 'https://example.com/sip-spec-verify/script.swml',
  namePrefix: 'sipspec-verify',
} as const;

type Variant<B> = { label: string; body?: B; needs?: string };

/** The update bodies of a write run: handlers that need a real resource only when its id is given. */
export function updateVariants(options: Pick<VerifyOptions, 'ids' | 'webhookUrl' | 'scriptUrl'>): { relay: Variant<RelayUpdateBody>[]; fabric: Variant<FabricUpdateBody>[] } {
  const ids = options.ids ?? {};
  const webhookUrl = options.webhookUrl ?? DEFAULTS.webhookUrl;
  const scriptUrl = options.scriptUrl ?? DEFAULTS.scriptUrl;
  const when = <B>(label: string, value: string | undefined, flag: string, body: (v: string) => B): Variant<B> =>
    value === undefined ? { label, needs: `needs a real resource of your space: pass ${flag}` } : { label, body: body(value) };
  return {
    relay: [
      { label: 'relay_connector', body: { call_handler: 'relay_connector' } },
      { label: 'laml_webhooks', body: { call_handler: 'laml_webhooks', call_request_url: webhookUrl, call_request_method: 'POST' } },
      { label: 'relay_context', body: { call_handler: 'relay_context', call_relay_context: 'sip-spec-verify' } },
      { label: 'relay_topic', body: { call_handler: 'relay_topic', call_relay_topic: 'sip-spec-verify' } },
      { label: 'relay_script', body: { call_handler: 'relay_script', call_relay_script_url: scriptUrl } },
      when('relay_application', ids.relayApplication, '--relay-application', (v) => ({ call_handler: 'relay_application', call_relay_application: v })),
      when('laml_application', ids.lamlApplicationId, '--laml-application-id', (v) => ({ call_handler: 'laml_application', call_laml_application_id: v })),
      when('dialogflow', ids.dialogflowAgentId, '--dialogflow-agent-id', (v) => ({ call_handler: 'dialogflow', call_dialogflow_agent_id: v })),
      when('video_room', ids.videoRoomId, '--video-room-id', (v) => ({ call_handler: 'video_room', call_video_room_id: v })),
      when('call_flow', ids.callFlowId, '--call-flow-id', (v) => ({ call_handler: 'call_flow', call_flow_id: v })),
      when('ai_agent', ids.aiAgentId, '--ai-agent-id', (v) => ({ call_handler: 'ai_agent', call_ai_agent_id: v })),
      { label: 'no call_handler', body: { caller_id: 'SIP Spec Verify', codecs: ['PCMU', 'PCMA'] } },
    ],
    fabric: [
      { label: 'passthrough', body: { call_handler: 'passthrough' } },
      { label: 'block-pstn', body: { call_handler: 'block-pstn' } },
      when('resource', ids.fabricResourceId, '--resource-id', (v) => ({ call_handler: 'resource', calling_handler_resource_id: v })),
      { label: 'default', body: { call_handler: 'default', calling_handler_resource_id: null } },
      { label: 'no call_handler', body: { caller_id: 'SIP Spec Verify', codecs: ['PCMU', 'PCMA'] } },
    ],
  };
}

/** Refuses, before any request, a body the spec itself would refuse (a flag's id that is not a uuid, say). */
function assertValidRequest(operationId: OperationId, label: string, body: unknown): void {
  const pointer = requestPointer(operationId);
  if (validateAt(pointer, body).valid) return;
  // Name the errors of the variant the body selects, not those of every branch of the union.
  const variant = variantPointer(pointer, body);
  const { errors } = validateAt(variant ?? pointer, body);
  const detail = mismatchesFrom(operationId, errors, body)
    .map((m) => `${m.path}: expected ${m.expected}; got ${m.got}`)
    .join('; ');
  throw new UsageError(`the ${label} body would break the spec's request schema: ${detail}`);
}

const uniqueName = (prefix: string, family: Family) => `${prefix}-${family}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
/** A SIP password for the Relay endpoint: long, random, never printed. */
const newPassword = () => `Sv1-${randomBytes(18).toString('base64url')}`;

/** The credentials in every form they could be printed in: as given, Basic-encoded, URL- and JSON-escaped. */
export function secretsOf(credentials: { projectId: string; token: string }, extra: readonly string[] = []): string[] {
  const plain = [credentials.token, credentials.projectId, ...extra];
  const basic = Buffer.from(`${credentials.projectId}:${credentials.token}`).toString('base64');
  const forms = [...plain, basic, ...plain.map(encodeURIComponent), ...plain.map((s) => JSON.stringify(s).slice(1, -1))];
  return [...new Set(forms)].filter((s) => s.length >= 4);
}

/** Replaces every secret in `text` by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}

/** Why a request got no answer: the system error code (ECONNREFUSED) or the innermost message. */
function noAnswer(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code;
    if (typeof e.message === 'string') message = e.message;
  }
  return message;
}

/** The message of a Relay or Fabric error body, when it has one. */
function errorMessage(json: unknown): string | undefined {
  const b = json as { error?: unknown; errors?: Array<Record<string, unknown>> } | undefined;
  if (typeof b?.error === 'string') return b.error;
  const first = Array.isArray(b?.errors) ? b.errors[0] : undefined;
  const text = first?.detail ?? first?.message;
  return typeof text === 'string' ? text : undefined;
}

const get = (value: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as VerifyOptions;
  const o = { ...DEFAULTS, ...given };
  const families = [...new Set(o.families ?? FAMILIES)];
  for (const [name, value, min] of [
    ['maxRequests', o.maxRequests, 1],
    ['pauseMs', o.pauseMs, 0],
    ['maxWaitMs', o.maxWaitMs, 0],
    ['rateLimitRetries', o.rateLimitRetries, 0],
    ['timeoutMs', o.timeoutMs, 1],
    ['deleteAttempts', o.deleteAttempts, 1],
    ['deleteBackoffMs', o.deleteBackoffMs, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} must be an integer >= ${min}`);
  }
  if (o.maxRequests > 1000) throw new UsageError('maxRequests must be at most 1000');
  if (o.pageSize !== undefined && (!Number.isInteger(o.pageSize) || o.pageSize < 1 || o.pageSize > 1000)) throw new UsageError('pageSize must be an integer from 1 to 1000');
  if (o.deleteAttempts > 10) throw new UsageError('deleteAttempts must be at most 10');

  // Plan every body first: nothing is sent when one of them is invalid.
  const variants = updateVariants(o);
  const plans = o.write
    ? families.map((family) => {
        const username = uniqueName(o.namePrefix, family);
        const create: RelayCreateBody | FabricCreateBody = { username, password: newPassword() };
        assertValidRequest(ROUTES[family].create, `${ROUTES[family].create}`, create);
        for (const v of variants[family]) if (v.body) assertValidRequest(ROUTES[family].update, `${ROUTES[family].update} (${v.label})`, v.body);
        return { family, username, create, updates: variants[family] as Variant<unknown>[] };
      })
    : [];

  const secrets = secretsOf(o, plans.flatMap((p) => ('password' in p.create ? [p.create.password] : [])));
  const scrub = (text: string) => redact(text, secrets);
  const sleep = o.sleep ?? realSleep;
  const stop = o.signal;
  const client = createSipClient({ baseUrl: o.baseUrl, projectId: o.projectId, token: o.token, timeoutMs: 0 });
  const transport = new Transport({
    maxRequests: o.maxRequests,
    pauseMs: o.pauseMs,
    maxWaitMs: o.maxWaitMs,
    rateLimitRetries: o.rateLimitRetries,
    timeoutMs: o.timeoutMs,
    stop,
    sleep,
    fetch: o.fetch,
  });

  const started = Date.now();
  const report: VerifyReport = {
    target: client.baseUrl,
    mode: o.write ? 'write' : 'read-only',
    families,
    specVersion: spec.info.version,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    requests: 0,
    maxRequests: o.maxRequests,
    interrupted: false,
    steps: [],
    cleanup: [],
    summary: { passed: 0, failed: 0, errors: 0, skipped: 0, mismatches: 0, warnings: 0, created: 0, deleted: 0, leftBehind: [], unverified: [], unsent: 0 },
  };
  const created: Created[] = [];
  const unverified: Unverified[] = [];
  const emit = (event: VerifyEvent) => o.onEvent?.(event);

  const skip = (operationId: OperationId, label: string, phase: Step['phase'], reason: string, id?: string): Step => {
    const { method, path } = operationTable[operationId];
    const step: Step = { operationId, label, method, path, id, phase, outcome: 'skipped', reason, attempts: [], durationMs: 0, mismatches: [], warnings: [] };
    report.steps.push(step);
    emit({ type: 'step', step });
    return step;
  };

  type Call = { id?: string; body?: unknown; query?: Record<string, unknown>; label?: string; phase: Step['phase']; cleanup?: boolean; abortable?: boolean; attempts?: number };
  type Result = { step: Step; json: unknown; answered: boolean };

  /** One operation, one step: sends it (repeating a delete on transient answers), checks every answer. */
  async function call(operationId: OperationId, c: Call): Promise<Result> {
    const { method, path } = operationTable[operationId];
    const label = c.label ? `${operationId} (${c.label})` : operationId;
    if (!c.cleanup && stop?.aborted) return { step: skip(operationId, label, c.phase, 'interrupted', c.id), json: undefined, answered: false };
    const step: Step = { operationId, label, method, path, id: c.id, phase: c.phase, outcome: 'skipped', attempts: [], durationMs: 0, mismatches: [], warnings: [] };
    const t0 = Date.now();
    let json: unknown;
    let answered = false;
    const tries = c.attempts ?? 1;
    for (let attempt = 1; attempt <= tries; attempt++) {
      const last = attempt === tries;
      const exchange: Exchange = { attempts: step.attempts, text: '', contentType: null };
      const firstAttempt = step.attempts.length;
      let failure: string | undefined;
      try {
        await client.raw.request(method.toLowerCase() as never, path as never, {
          params: { path: c.id === undefined ? {} : { id: c.id }, query: c.query },
          body: c.body,
          parseAs: 'text',
          fetch: transport.fetchFor(exchange, { cleanup: c.cleanup, abortable: c.abortable ?? true }),
        } as never);
      } catch (error) {
        if (error instanceof BudgetExhausted) {
          step.outcome = 'skipped';
          step.reason = `not sent: ${error.message}`;
          step.unsent = true;
          break;
        }
        if (error instanceof Interrupted && error.sent) {
          // It reached the server, which may have acted on it: an error, not a SKIP.
          step.outcome = 'error';
          step.reason = error.message;
          step.attempts.push({ status: 0 });
          break;
        }
        if (error instanceof Interrupted) {
          step.outcome = 'skipped';
          step.reason = 'interrupted';
          break;
        }
        const code = noAnswer(error);
        failure = error instanceof TimeoutError ? error.message : `no answer (${code})`;
        if (DNS_CODES.test(code)) step.notApi = `the name does not resolve (${code})`;
        step.attempts.push({ status: 0 });
      }
      if (failure !== undefined) {
        step.outcome = 'error';
        step.status = undefined;
        step.reason = scrub(failure);
        if (!last) {
          step.warnings.push({ operationId, kind: 'retried', path: '$', message: `attempt ${attempt}: ${step.reason}; retried` });
          await sleep(Math.min(o.deleteBackoffMs * 2 ** (attempt - 1), o.maxWaitMs));
          continue;
        }
        break;
      }
      answered = true;
      step.reason = undefined; // an earlier attempt's
      const status = exchange.status!;
      const check = checkResponse(operationId, status, exchange.text, exchange.contentType);
      const retryable = !last && TRANSIENT.has(status);
      const rateLimits = step.attempts.slice(firstAttempt).filter((a) => a.status === 429 && a.waitedMs !== undefined).length;
      if (rateLimits) {
        step.warnings.push({ operationId, kind: 'retried', path: '$', message: `answered 429${declaredStatuses(operationId).includes('429') ? '' : ' (not declared by the spec)'} ${rateLimits} time(s); waited as Retry-After asked and retried` });
      }
      if (retryable) {
        // A transient answer that will be retried: an undeclared status is a warning, a declared one is checked.
        const undeclared = check.mismatches.length === 1 && check.mismatches[0].keyword === 'status';
        if (!undeclared) step.mismatches.push(...check.mismatches.map((m) => ({ ...m, got: scrub(m.got), expected: scrub(m.expected) })));
        step.warnings.push({ operationId, kind: 'retried', path: '$', message: `attempt ${attempt}: HTTP ${status}${undeclared ? ' (not declared by the spec)' : ''}; retried` });
        await sleep(Math.min(o.deleteBackoffMs * 2 ** (attempt - 1), o.maxWaitMs));
        continue;
      }
      step.status = status;
      json = check.json;
      step.notApi = status === 404 ? 'HTTP 404' : check.json === undefined && exchange.text.trim() ? `HTTP ${status} with a ${exchange.contentType ?? 'untyped'} page, not JSON` : undefined;
      step.mismatches.push(...check.mismatches.map((m) => ({ ...m, got: scrub(m.got), expected: scrub(m.expected) })));
      step.warnings.push(...check.warnings);
      if (exchange.gaveUp) step.warnings.push({ operationId, kind: 'retried', path: '$', message: `429 not retried: ${exchange.gaveUp}` });
      if (step.mismatches.length) step.outcome = 'failed';
      else if (status >= 200 && status < 300) step.outcome = 'passed';
      else {
        step.outcome = 'error';
        const message = errorMessage(json);
        step.reason = scrub(`HTTP ${status}${message ? `: ${message}` : ''}`);
      }
      break;
    }
    if (step.mismatches.length && step.outcome !== 'failed') step.outcome = 'failed';
    step.durationMs = Date.now() - t0;
    report.steps.push(step);
    emit({ type: 'step', step });
    return { step, json, answered };
  }

  const followable = (id: unknown): id is string => typeof id === 'string' && SAFE_ID.test(id);

  async function readFamily(family: Family): Promise<void> {
    const r = ROUTES[family];
    const list = await call(r.list, { phase: 'read', query: o.pageSize ? { page_size: o.pageSize } : undefined });
    const first = get(list.json, 'data', 0, 'id');
    const follow = [r.get, ...(family === 'fabric' ? [ROUTES.fabric.addresses] : [])] as OperationId[];
    const why = !list.answered || !list.step.status || list.step.status >= 300 ? `${r.list} gave no list` : first === undefined ? `the list has no ${NAMES[family]} to follow` : !followable(first) ? `the first item's id ${JSON.stringify(first)} is not an id verify puts in a URL` : undefined;
    for (const operationId of follow) {
      if (why) skip(operationId, operationId, 'read', why);
      else await call(operationId, { phase: 'read', id: first as string });
    }
  }

  function register(resource: Created): void {
    if (created.some((c) => c.family === resource.family && c.id === resource.id)) return;
    created.push(resource);
    report.summary.created = created.length;
    emit({ type: 'created', resource });
  }

  const unsafeId = (id: unknown) => `the server gave the id ${scrub(JSON.stringify(id) ?? String(id)).slice(0, 80)}, which verify does not put in a URL`;

  /**
   * Finds an endpoint by its unique username after a create whose outcome is
   * unknown: every page of the list (following `links.next`, at most
   * MAX_LOOKUP_PAGES), each page retried like a delete. Anything it cannot
   * rule out (a page that failed, an id verify will not follow, pages beyond
   * the bound) is recorded as unverified, never dropped.
   */
  async function sweep(family: Family, username: string): Promise<void> {
    const r = ROUTES[family];
    let query: Record<string, unknown> = family === 'relay' ? { filter_username: username } : { page_size: 1000 };
    for (let page = 1; ; page++) {
      const label = page === 1 ? 'look for the one created' : `look for the one created, page ${page}`;
      const { step, json } = await call(r.list, { phase: 'cleanup', label, query, cleanup: true, abortable: false, attempts: o.deleteAttempts });
      const items = get(json, 'data');
      if (step.outcome === 'skipped' || step.status === undefined || step.status >= 300 || !Array.isArray(items)) {
        unverified.push({ family, username, reason: `the create got no clear answer and the look-up failed (${step.reason ?? (step.status === undefined ? 'no answer' : `HTTP ${step.status}`)})` });
        return;
      }
      for (const item of items) {
        const name = family === 'relay' ? get(item, 'username') : (get(item, 'sip_endpoint', 'username') ?? get(item, 'display_name'));
        const id = get(item, 'id');
        if (name !== username) continue;
        if (followable(id)) register({ family, id, username });
        else unverified.push({ family, username, reason: unsafeId(id) });
      }
      const next = get(json, 'links', 'next');
      if (next === undefined || next === null || next === '') return;
      const url = typeof next === 'string' && URL.canParse(next) ? new URL(next) : undefined;
      if (!url || url.pathname !== operationTable[r.list].path || page >= MAX_LOOKUP_PAGES) {
        if (!created.some((c) => c.family === family && c.username === username) && !unverified.some((u) => u.family === family && u.username === username)) {
          unverified.push({ family, username, reason: !url || url.pathname !== operationTable[r.list].path ? `the look-up's next page link is not one verify follows (${scrub(String(next)).slice(0, 120)})` : `the look-up stopped after ${MAX_LOOKUP_PAGES} pages` });
        }
        return;
      }
      // The next page on this server: its query only, never its host.
      query = Object.fromEntries(url.searchParams);
    }
  }

  async function writeFamily(plan: (typeof plans)[number]): Promise<void> {
    const { family, username } = plan;
    const r = ROUTES[family];
    const create = await call(r.create, { phase: 'write', body: plan.create, abortable: false });
    const id = get(create.json, 'id');
    const status = create.step.status;
    const success = create.answered && status !== undefined && status >= 200 && status < 300;
    if (success && followable(id)) register({ family, id, username });
    // Created, under an id verify will not put in a URL: it cannot delete it, and says so.
    else if (success && id !== undefined) unverified.push({ family, username, id: scrub(String(id)).slice(0, 80), reason: unsafeId(id) });
    // Sent, and no clear "not created" (a 4xx): it may exist all the same, so look for it by its unique name.
    else if (create.step.attempts.length > 0 && !(status !== undefined && status >= 300 && status < 500)) await sweep(family, username);
    const mine = created.find((c) => c.family === family && c.username === username);
    const reason = mine ? undefined : stop?.aborted ? 'interrupted' : `${r.create} created nothing verify can follow`;
    for (const variant of plan.updates) {
      const label = variant.label;
      if (!variant.body) {
        skip(r.update, `${r.update} (${label})`, 'write', variant.needs ?? 'not planned');
        continue;
      }
      if (!mine) {
        skip(r.update, `${r.update} (${label})`, 'write', reason!);
        continue;
      }
      const update = await call(r.update, { phase: 'write', label, id: mine.id, body: variant.body });
      const sent = get(variant.body, 'call_handler');
      const echoed = family === 'relay' ? get(update.json, 'call_handler') : get(update.json, 'sip_endpoint', 'call_handler');
      if (update.step.outcome === 'passed' && sent !== undefined && echoed !== undefined && echoed !== sent) {
        update.step.warnings.push({ operationId: r.update, kind: 'not-applied', path: family === 'relay' ? '$.call_handler' : '$.sip_endpoint.call_handler', message: `sent ${JSON.stringify(sent)}, the answer says ${JSON.stringify(echoed)}` });
      }
    }
    const reads = [r.get, ...(family === 'fabric' ? [ROUTES.fabric.addresses] : [])] as OperationId[];
    for (const operationId of reads) {
      if (mine) await call(operationId, { phase: 'write', label: 'the one created', id: mine.id });
      else skip(operationId, `${operationId} (the one created)`, 'write', reason!);
    }
    // Delete what this family created now; the run's `finally` catches what an exception skips.
    for (const resource of created.filter((c) => c.family === family)) await remove(resource);
  }

  /** Deletes one endpoint this run created: a bounded number of attempts, every answer checked. */
  const removed = new Set<Created>();
  async function remove(resource: Created): Promise<void> {
    if (removed.has(resource)) return;
    removed.add(resource);
    const r = ROUTES[resource.family];
    const { step } = await call(r.delete, { phase: 'cleanup', label: 'the one created', id: resource.id, cleanup: true, abortable: false, attempts: o.deleteAttempts });
    const record: CleanupRecord = { ...resource, deleted: false, attempts: step.attempts.length, statuses: step.attempts.map((a) => a.status || 'no answer') };
    if (step.status !== undefined && step.status >= 200 && step.status < 300) record.deleted = true;
    else if (step.status === 404) {
      // Gone: when an earlier attempt got no clear answer, most likely that one deleted it.
      record.deleted = true;
      record.note = step.attempts.length > 1 ? 'already gone (an earlier attempt probably deleted it)' : 'already gone';
      if (!step.mismatches.length) {
        step.outcome = 'passed';
        step.warnings.push({ operationId: r.delete, kind: 'retried', path: '$', message: `HTTP 404: ${record.note}` });
        step.reason = undefined;
      }
    }
    report.cleanup.push(record);
    emit({ type: 'cleaned', record });
  }

  /** Every step a write plan would take, skipped for one reason. */
  function skipPlan(plan: (typeof plans)[number], reason: string): void {
    const r = ROUTES[plan.family];
    skip(r.create, r.create, 'write', reason);
    for (const v of plan.updates) skip(r.update, `${r.update} (${v.label})`, 'write', reason);
    for (const operationId of [r.get, ...(plan.family === 'fabric' ? [ROUTES.fabric.addresses] : [])] as OperationId[]) skip(operationId, `${operationId} (the one created)`, 'write', reason);
  }

  try {
    for (const family of families) await readFamily(family);
    // Every list answered like another server (404s, HTML, no such name): a wrong space, not a spec mismatch.
    const listIds = new Set<OperationId>(FAMILIES.map((f) => ROUTES[f].list));
    const lists = report.steps.filter((s) => s.phase === 'read' && listIds.has(s.operationId) && s.attempts.length > 0);
    if (lists.length > 0 && lists.every((s) => s.notApi)) {
      report.wrongSpace = `${[...new Set(lists.map((s) => s.notApi))].join('; ')}: ${client.baseUrl} does not answer like a SignalWire space`;
      for (const step of lists) {
        step.outcome = 'error';
        step.reason = `${step.notApi}: check the space name`;
        step.mismatches = [];
      }
    }
    const denied = report.steps.find((s) => s.phase === 'read' && (s.status === 401 || s.status === 403));
    report.writesSkipped = report.wrongSpace
      ? 'not sent: check the space name first'
      : denied
        ? `not sent: ${denied.operationId} answered HTTP ${denied.status}; check SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN and the token's scopes`
        : undefined;
    if (!plans.length) report.writesSkipped = undefined;
    for (const plan of plans) {
      if (report.writesSkipped) skipPlan(plan, report.writesSkipped);
      else await writeFamily(plan);
    }
  } catch (error) {
    report.fatal = scrub(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  } finally {
    for (const resource of created) {
      try {
        await remove(resource);
      } catch (error) {
        removed.add(resource);
        report.cleanup.push({ ...resource, deleted: false, attempts: 0, statuses: [], note: scrub(String(error)) });
      }
    }
  }

  report.interrupted = stop?.aborted ?? false;
  if (report.interrupted && typeof stop?.reason === 'string') report.interruptedBy = stop.reason;
  report.requests = transport.requests;
  report.durationMs = Date.now() - started;
  const s = report.summary;
  for (const step of report.steps) {
    if (step.outcome === 'passed') s.passed++;
    else if (step.outcome === 'failed') s.failed++;
    else if (step.outcome === 'error') s.errors++;
    else s.skipped++;
    s.mismatches += step.mismatches.length;
    s.warnings += step.warnings.length;
  }
  s.created = created.length;
  s.deleted = report.cleanup.filter((c) => c.deleted).length;
  s.leftBehind = report.cleanup.filter((c) => !c.deleted).map(({ family, id, username }) => ({ family, id, username }));
  // A name found after all is no longer unverified.
  s.unverified = unverified.filter((u) => u.id !== undefined || !created.some((c) => c.family === u.family && c.username === u.username));
  s.unsent = report.steps.filter((step) => step.unsent).length;
  return report;
}

/**
 * 0: everything conforms; 1: a mismatch; 3: no mismatch, but a call or the
 * cleanup did not succeed, something may be left behind, or steps were left
 * unsent by --max-requests; 4: the target does not answer like a SignalWire
 * space (check the space name); 130/143: interrupted by SIGINT/SIGTERM.
 */
export function exitCode(report: VerifyReport): number {
  if (report.interrupted) return report.interruptedBy === 'SIGTERM' ? 143 : 130;
  const s = report.summary;
  const unclean = s.leftBehind.length > 0 || s.unverified.length > 0;
  if (report.wrongSpace && !unclean) return 4;
  if (s.mismatches > 0) return 1;
  if (report.fatal || s.errors > 0 || unclean || s.unsent > 0 || report.wrongSpace) return 3;
  return 0;
}
