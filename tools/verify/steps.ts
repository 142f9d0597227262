// The steps of a verify run: one operation call each (repeated on transient
// answers where asked), every answer checked against the spec; the reads of
// each family, the writes of a plan, the look-up of an endpoint whose create
// got no clear answer, and the deletes of what the run created. Each takes
// the run's shared state (`Run`) as its first argument.
import type { SipClient } from '../../src/client.js';
import { backoffMs } from '../../src/retry-after.js';
import { BodyTooLarge } from '../../src/send.js';
import { scrubDeep } from '../../src/redact.js';
import { operationTable, type OperationId } from '../../generated/operations.js';
import { declaredStatuses } from '../bundled-spec.js';
import { checkResponse, type Mismatch } from './check.js';
import type { Family, Resolved } from './options.js';
import { followReads, ROUTES, type WritePlan } from './plan.js';
import type { CleanupRecord, Created, Step, Unverified, VerifyEvent, VerifyReport } from './report.js';
import { BudgetExhausted, Interrupted, TimeoutError, type Exchange, type Sleep, type Transport } from './transport.js';

/** What every step of one run shares. */
export type Run = {
  o: Resolved;
  client: SipClient;
  transport: Transport;
  report: VerifyReport;
  /** Endpoints this run created, in order; each deleted once (`removed`). */
  created: Created[];
  removed: Set<Created>;
  /** `family/id` of every endpoint the read lists showed: there before this run, never the one it created. */
  listed: Set<string>;
  unverified: Unverified[];
  scrub: (text: string) => string;
  sleep: Sleep;
  stop?: AbortSignal;
  emit: (event: VerifyEvent) => void;
};

/** One call: its `{id}`, body, query, label, phase; cleanup calls are outside the budget; `attempts` > 1 repeats it on transient answers. */
export type Call = { id?: string; body?: unknown; query?: Record<string, unknown>; label?: string; phase: Step['phase']; cleanup?: boolean; abortable?: boolean; attempts?: number };
export type Result = { step: Step; json: unknown; answered: boolean };

const NAMES: Record<Family, string> = { relay: 'Relay SIP endpoint', fabric: 'Fabric SIP credential' };
/** Ids verify follows into URLs: what a uuid is made of, nothing that could change the path. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** Statuses worth retrying a delete for; retried answers with these are warnings when the spec does not declare them. */
const TRANSIENT = new Set([429, 500, 502, 503, 504]);
/** Most pages a look-up reads before it gives up (and reports what it could not rule out). */
const MAX_LOOKUP_PAGES = 50;
/** Errors of a name that resolves nowhere. */
const DNS_CODES = /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/;

/** The value at `keys` below `value`, or undefined where an object is missing. */
export const get = (value: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);

/** Why a request got no answer: the system error code (ECONNREFUSED) or the innermost message. */
export function noAnswer(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code;
    if (typeof e.message === 'string') message = e.message;
  }
  return message;
}

/** The message of a Relay or Fabric error body, when it has one. */
export function errorMessage(json: unknown): string | undefined {
  const b = json as { error?: unknown; errors?: Array<Record<string, unknown>> } | undefined;
  if (typeof b?.error === 'string') return b.error;
  const first = Array.isArray(b?.errors) ? b.errors[0] : undefined;
  const text = first?.detail ?? first?.message;
  return typeof text === 'string' ? text : undefined;
}

export const followable = (id: unknown): id is string => typeof id === 'string' && SAFE_ID.test(id);
const unsafeId = (run: Run, id: unknown) => `the server gave the id ${run.scrub(JSON.stringify(id) ?? String(id)).slice(0, 80)}, which verify does not put in a URL`;
const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

const newStep = (operationId: OperationId, label: string, phase: Step['phase'], id?: string): Step => {
  const { method, path } = operationTable[operationId];
  return { operationId, label, method, path, id, phase, outcome: 'skipped', attempts: [], durationMs: 0, mismatches: [], warnings: [] };
};

/** Files a finished step, every string in it (Retry-After values, field names, reasons) scrubbed first: the report and its events carry no credential a server echoed. */
function record(run: Run, step: Step): Step {
  Object.assign(step, scrubDeep(step, run.scrub));
  run.report.steps.push(step);
  run.emit({ type: 'step', step });
  return step;
}

/** A step not sent, and why. */
export function skip(run: Run, operationId: OperationId, label: string, phase: Step['phase'], reason: string, id?: string): Step {
  return record(run, { ...newStep(operationId, label, phase, id), reason });
}

/**
 * Sends one attempt. Returns the exchange when the server answered; sets the
 * step's outcome and returns 'stop' when the attempt must not be repeated
 * (budget spent, interrupted, body too large); or returns the reason it got
 * no answer.
 */
async function send(run: Run, operationId: OperationId, c: Call, step: Step): Promise<Exchange | 'stop' | { failure: string }> {
  const { method, path } = operationTable[operationId];
  const exchange: Exchange = { attempts: step.attempts, text: '', contentType: null };
  try {
    await run.client.raw.request(method.toLowerCase() as never, path as never, {
      params: { path: c.id === undefined ? {} : { id: c.id }, query: c.query },
      body: c.body,
      parseAs: 'text',
      fetch: run.transport.fetchFor(exchange, { cleanup: c.cleanup, abortable: c.abortable ?? true }),
    } as never);
    return exchange;
  } catch (error) {
    if (error instanceof BudgetExhausted) Object.assign(step, { outcome: 'skipped', reason: `not sent: ${error.message}`, unsent: true });
    // It reached the server, which may have acted on it: an error, not a SKIP.
    else if (error instanceof Interrupted && error.sent) {
      Object.assign(step, { outcome: 'error', reason: error.message });
      step.attempts.push({ status: 0 });
    } else if (error instanceof Interrupted) Object.assign(step, { outcome: 'skipped', reason: 'interrupted' });
    else if (error instanceof BodyTooLarge) {
      Object.assign(step, { outcome: 'error', status: error.status, reason: `HTTP ${error.status} with a body over ${error.limit} bytes (maxResponseBytes); not read further` });
      step.attempts.push({ status: error.status });
    } else {
      const code = noAnswer(error);
      if (DNS_CODES.test(code)) step.notApi = `the name does not resolve (${code})`;
      step.attempts.push({ status: 0 });
      return { failure: error instanceof TimeoutError ? error.message : `no answer (${code})` };
    }
    return 'stop';
  }
}

const scrubbed = (run: Run, mismatches: Mismatch[]) => mismatches.map((m) => ({ ...m, got: run.scrub(m.got), expected: run.scrub(m.expected) }));
const retryWait = (run: Run, attempt: number) => run.sleep(backoffMs(attempt, run.o.deleteBackoffMs, run.o.maxWaitMs));

/** Checks one answer; true when it is transient and will be retried (its warnings noted), false when it is the step's final answer. */
function judge(run: Run, operationId: OperationId, step: Step, exchange: Exchange, retry: { attempt: number; last: boolean; first: number }): { retried: boolean; json: unknown } {
  const status = exchange.status!;
  const check = checkResponse(operationId, status, exchange.text, exchange.contentType, run.scrub);
  const rateLimits = step.attempts.slice(retry.first).filter((a) => a.status === 429 && a.waitedMs !== undefined).length;
  if (rateLimits) {
    step.warnings.push({ operationId, kind: 'retried', path: '$', message: `answered 429${declaredStatuses(operationId).includes('429') ? '' : ' (not declared by the spec)'} ${rateLimits} time(s); waited as Retry-After asked and retried` });
  }
  if (!retry.last && TRANSIENT.has(status)) {
    // A transient answer that will be retried: an undeclared status is a warning, a declared one is checked.
    const undeclared = check.mismatches.length === 1 && check.mismatches[0].keyword === 'status';
    if (!undeclared) step.mismatches.push(...scrubbed(run, check.mismatches));
    step.warnings.push({ operationId, kind: 'retried', path: '$', message: `attempt ${retry.attempt}: HTTP ${status}${undeclared ? ' (not declared by the spec)' : ''}; retried` });
    return { retried: true, json: undefined };
  }
  step.status = status;
  step.notApi = status === 404 ? 'HTTP 404' : check.json === undefined && exchange.text.trim() ? `HTTP ${status} with a ${exchange.contentType ?? 'untyped'} page, not JSON` : undefined;
  step.mismatches.push(...scrubbed(run, check.mismatches));
  step.warnings.push(...check.warnings);
  if (exchange.gaveUp) step.warnings.push({ operationId, kind: 'retried', path: '$', message: `429 not retried: ${exchange.gaveUp}` });
  if (step.mismatches.length) step.outcome = 'failed';
  else if (is2xx(status)) step.outcome = 'passed';
  else {
    const message = errorMessage(check.json);
    Object.assign(step, { outcome: 'error', reason: run.scrub(`HTTP ${status}${message ? `: ${message}` : ''}`) });
  }
  return { retried: false, json: check.json };
}

/** One operation, one step: sends it (repeating it on transient answers up to `c.attempts` times), checks every answer. */
export async function call(run: Run, operationId: OperationId, c: Call): Promise<Result> {
  const label = c.label ? `${operationId} (${c.label})` : operationId;
  if (!c.cleanup && run.stop?.aborted) return { step: skip(run, operationId, label, c.phase, 'interrupted', c.id), json: undefined, answered: false };
  const step = newStep(operationId, label, c.phase, c.id);
  const t0 = Date.now();
  let json: unknown;
  let answered = false;
  const tries = c.attempts ?? 1;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const last = attempt === tries;
    const first = step.attempts.length;
    const sent = await send(run, operationId, c, step);
    if (sent === 'stop') break;
    if ('failure' in sent) {
      Object.assign(step, { outcome: 'error', status: undefined, reason: run.scrub(sent.failure) });
      if (last) break;
      step.warnings.push({ operationId, kind: 'retried', path: '$', message: `attempt ${attempt}: ${step.reason}; retried` });
      await retryWait(run, attempt);
      continue;
    }
    answered = true;
    step.reason = undefined; // an earlier attempt's
    const judged = judge(run, operationId, step, sent, { attempt, last, first });
    if (!judged.retried) {
      json = judged.json;
      break;
    }
    await retryWait(run, attempt);
  }
  if (step.mismatches.length && step.outcome !== 'failed') step.outcome = 'failed';
  step.durationMs = Date.now() - t0;
  record(run, step);
  return { step, json, answered };
}

/** The reads of one family: its list, then the first item followed by id (skipped, with the reason, when there is none to follow). */
export async function readFamily(run: Run, family: Family): Promise<void> {
  const r = ROUTES[family];
  const list = await call(run, r.list, { phase: 'read', query: run.o.pageSize ? { page_size: run.o.pageSize } : undefined });
  const items = get(list.json, 'data');
  if (Array.isArray(items)) for (const item of items) if (typeof get(item, 'id') === 'string') run.listed.add(`${family}/${get(item, 'id')}`);
  const first = get(list.json, 'data', 0, 'id');
  const why = !list.answered || !list.step.status || list.step.status >= 300 ? `${r.list} gave no list` : first === undefined ? `the list has no ${NAMES[family]} to follow` : !followable(first) ? `the first item's id ${JSON.stringify(first)} is not an id verify puts in a URL` : undefined;
  for (const operationId of followReads(family)) {
    if (why) skip(run, operationId, operationId, 'read', why);
    else await call(run, operationId, { phase: 'read', id: first as string });
  }
}

/** Notes an endpoint this run created (once), so that it is deleted in the end. */
export function register(run: Run, resource: Created): void {
  if (run.created.some((c) => c.family === resource.family && c.id === resource.id)) return;
  run.created.push(resource);
  run.report.summary.created = run.created.length;
  run.emit({ type: 'created', resource });
}

const known = (run: Run, family: Family, username: string) =>
  run.created.some((c) => c.family === family && c.username === username) || run.unverified.some((u) => u.family === family && u.username === username);

/** The query of a look-up's next page, or why the look-up stops there (undefined: the last page). */
function nextPage(run: Run, family: Family, json: unknown, page: number): { query: Record<string, unknown> } | { stop: string } | undefined {
  const next = get(json, 'links', 'next');
  if (next === undefined || next === null || next === '') return undefined;
  // An absolute URL or a path relative to the space: the spec's PaginationLinks allows both (D42).
  const url = typeof next === 'string' && URL.canParse(next, run.client.baseUrl) ? new URL(next, run.client.baseUrl) : undefined;
  if (!url || url.pathname !== operationTable[ROUTES[family].list].path) return { stop: `the look-up's next page link is not one verify follows (${run.scrub(String(next)).slice(0, 120)})` };
  if (page >= MAX_LOOKUP_PAGES) return { stop: `the look-up stopped after ${MAX_LOOKUP_PAGES} pages` };
  // The next page on this server: its query only, never its host.
  return { query: Object.fromEntries(url.searchParams) };
}

/**
 * Finds an endpoint by its unique username after a create whose outcome is
 * unknown: every page of the list (following `links.next`, at most
 * MAX_LOOKUP_PAGES), each page retried like a delete. Anything it cannot
 * rule out (a page that failed, an id verify will not follow, pages beyond
 * the bound) is recorded as unverified, never dropped.
 */
export async function sweep(run: Run, family: Family, username: string): Promise<void> {
  let query: Record<string, unknown> = family === 'relay' ? { filter_username: username } : { page_size: 1000 };
  for (let page = 1; ; page++) {
    const label = page === 1 ? 'look for the one created' : `look for the one created, page ${page}`;
    const { step, json } = await call(run, ROUTES[family].list, { phase: 'cleanup', label, query, cleanup: true, abortable: false, attempts: run.o.deleteAttempts });
    const items = get(json, 'data');
    if (step.outcome === 'skipped' || !is2xx(step.status) || !Array.isArray(items)) {
      run.unverified.push({ family, username, reason: `the create got no clear answer and the look-up failed (${step.reason ?? (step.status === undefined ? 'no answer' : `HTTP ${step.status}`)})` });
      return;
    }
    for (const item of items) {
      const id = get(item, 'id');
      if (nameOf(family, item) !== username) continue;
      if (run.listed.has(`${family}/${id}`)) run.unverified.push({ family, username, reason: `the look-up named ${run.scrub(String(id)).slice(0, 80)}, an endpoint the reads listed before the create` });
      else if (followable(id)) register(run, { family, id, username });
      else run.unverified.push({ family, username, reason: unsafeId(run, id) });
    }
    const next = nextPage(run, family, json, page);
    if (next && 'query' in next) query = next.query;
    else {
      if (next && !known(run, family, username)) run.unverified.push({ family, username, reason: next.stop });
      return;
    }
  }
}

/** The username of an endpoint as a family's answer gives it (Fabric: its sip_endpoint's, else display_name). */
const nameOf = (family: Family, item: unknown): unknown => (family === 'relay' ? get(item, 'username') : (get(item, 'sip_endpoint', 'username') ?? get(item, 'display_name')));

/**
 * The create of a plan, and what came of it: the endpoint registered, recorded
 * as unverified, or looked for by its username. An answer that names another
 * endpoint (another username, none, or an id the reads listed) is not
 * followed: that one may be a real endpoint of the space (D156).
 */
async function create(run: Run, plan: WritePlan): Promise<Created | undefined> {
  const { family, username } = plan;
  run.emit({ type: 'creating', family, username });
  const result = await call(run, ROUTES[family].create, { phase: 'write', body: plan.create, abortable: false });
  const id = get(result.json, 'id');
  const status = result.step.status;
  const answered2xx = result.answered && is2xx(status);
  const foreign = answered2xx && id !== undefined && (nameOf(family, result.json) !== username || run.listed.has(`${family}/${id}`));
  if (foreign) {
    // Not what a create answers: an error of its step (never exit 0), and that endpoint is left alone.
    const message = run.scrub(`the answer names another endpoint (id ${JSON.stringify(id)}, username ${JSON.stringify(nameOf(family, result.json))}), not the one sent (${username}); not touched, looked for by username`).slice(0, 300);
    result.step.warnings.push({ operationId: ROUTES[family].create, kind: 'not-applied', path: '$', message });
    if (result.step.outcome === 'passed') Object.assign(result.step, { outcome: 'error', reason: `HTTP ${status}, but ${message}` });
  }
  const success = answered2xx && !foreign;
  if (success && followable(id)) register(run, { family, id, username });
  // Created, under an id verify will not put in a URL: it cannot delete it, and says so.
  else if (success && id !== undefined) run.unverified.push({ family, username, id: run.scrub(String(id)).slice(0, 80), reason: unsafeId(run, id) });
  // Sent, and no clear "not created" (only a 4xx is one; a 3xx may follow a create, as 303 See Other does): it may exist all the same, so look for it by its unique name.
  else if (result.step.attempts.length > 0 && !(status !== undefined && status >= 400 && status < 500)) await sweep(run, family, username);
  // A 2xx says something was created: a look-up that missed it proves nothing.
  if (foreign && !known(run, family, username)) run.unverified.push({ family, username, reason: 'the create answered for another endpoint and the look-up did not find this one' });
  if (!known(run, family, username)) run.emit({ type: 'settled', family, username });
  return run.created.find((c) => c.family === family && c.username === username);
}

/** One update of the created endpoint; a warning when the answer names another handler than the one sent. */
async function update(run: Run, family: Family, id: string, variant: { label: string; body?: unknown }): Promise<void> {
  const r = ROUTES[family];
  const result = await call(run, r.update, { phase: 'write', label: variant.label, id, body: variant.body });
  const sent = get(variant.body, 'call_handler');
  const echoed = family === 'relay' ? get(result.json, 'call_handler') : get(result.json, 'sip_endpoint', 'call_handler');
  if (result.step.outcome === 'passed' && sent !== undefined && echoed !== undefined && echoed !== sent) {
    result.step.warnings.push({ operationId: r.update, kind: 'not-applied', path: family === 'relay' ? '$.call_handler' : '$.sip_endpoint.call_handler', message: `sent ${JSON.stringify(sent)}, the answer says ${JSON.stringify(echoed)}` });
  }
}

/** The writes of one family: create, every update variant, the reads of the one created, then its delete. */
export async function writeFamily(run: Run, plan: WritePlan): Promise<void> {
  const { family } = plan;
  const r = ROUTES[family];
  const mine = await create(run, plan);
  const reason = mine ? undefined : run.stop?.aborted ? 'interrupted' : `${r.create} created nothing verify can follow`;
  for (const variant of plan.updates) {
    if (!variant.body) skip(run, r.update, `${r.update} (${variant.label})`, 'write', variant.needs ?? 'not planned');
    else if (!mine) skip(run, r.update, `${r.update} (${variant.label})`, 'write', reason!);
    else await update(run, family, mine.id, variant);
  }
  for (const operationId of followReads(family)) {
    if (mine) await call(run, operationId, { phase: 'write', label: 'the one created', id: mine.id });
    else skip(run, operationId, `${operationId} (the one created)`, 'write', reason!);
  }
  // Delete what this family created now; the run's `finally` catches what an exception skips.
  for (const resource of run.created.filter((c) => c.family === family)) await remove(run, resource);
}

/** Deletes one endpoint this run created (once): a bounded number of attempts, every answer checked. */
export async function remove(run: Run, resource: Created): Promise<void> {
  if (run.removed.has(resource)) return;
  run.removed.add(resource);
  const r = ROUTES[resource.family];
  const { step } = await call(run, r.delete, { phase: 'cleanup', label: 'the one created', id: resource.id, cleanup: true, abortable: false, attempts: run.o.deleteAttempts });
  const done: CleanupRecord = { ...resource, deleted: false, attempts: step.attempts.length, statuses: step.attempts.map((a) => a.status || 'no answer') };
  if (is2xx(step.status)) done.deleted = true;
  else if (step.status === 404 && !step.mismatches.length) {
    // Gone, as the API says it in its own shape (a proxy's 404 page vouches for nothing: LEFT BEHIND, D156).
    // When an earlier attempt got no clear answer, most likely that one deleted it.
    done.deleted = true;
    done.note = step.attempts.length > 1 ? 'already gone (an earlier attempt probably deleted it)' : 'already gone';
    step.outcome = 'passed';
    step.warnings.push({ operationId: r.delete, kind: 'retried', path: '$', message: `HTTP 404: ${done.note}` });
    step.reason = undefined;
  }
  run.report.cleanup.push(done);
  run.emit({ type: 'cleaned', record: done });
}

/** Every step a write plan would take, skipped for one reason. */
export function skipPlan(run: Run, plan: WritePlan, reason: string): void {
  const r = ROUTES[plan.family];
  skip(run, r.create, r.create, 'write', reason);
  for (const v of plan.updates) skip(run, r.update, `${r.update} (${v.label})`, 'write', reason);
  for (const operationId of followReads(plan.family)) skip(run, operationId, `${operationId} (the one created)`, 'write', reason);
}
