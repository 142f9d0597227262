// `npm run verify`: calls a real SignalWire space (or any server) and checks
// every answer against the bundled spec with the shared validator.
//
// Read-only by default: list both families, follow the first item of each.
// With `write`, also creates one endpoint per family under a unique name,
// updates it through several handler variants, reads it back and deletes it;
// whatever it created is deleted in the end, whatever happened in between.
//
// The run by job: options.ts (defaults, bounds), plan.ts (the bodies of a
// write run, checked before anything is sent), steps.ts (each call and its
// checks, reads, writes, look-ups, deletes), report.ts (shape, summary, exit
// code, text and JSON). This file puts them in order.
import { createSipClient } from '../../src/client.js';
import { redactText } from '../../src/redact.js';
import { sleep as realSleep } from '../../src/retry.js';
import type { OperationId } from '../../generated/operations.js';
import { spec } from '../bundled-spec.js';
import { FAMILIES, resolveOptions, type Family, type Resolved, type VerifyOptions } from './options.js';
import { planWrites, ROUTES, secretsOf, type WritePlan } from './plan.js';
import { summarize, type VerifyReport } from './report.js';
import { readFamily, remove, skipPlan, writeFamily, type Run } from './steps.js';
import { Transport } from './transport.js';

export { DEFAULTS, FAMILIES, UsageError, type Family, type ResourceIds, type VerifyOptions } from './options.js';
export { secretsOf, updateVariants } from './plan.js';
export { exitCode, type CleanupRecord, type Created, type Outcome, type Step, type Unverified, type VerifyEvent, type VerifyReport } from './report.js';

/** An empty report of a run about to start. */
function newReport(o: Resolved, families: Family[], target: string, started: number): VerifyReport {
  return {
    target,
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
}

/** The shared state of one run: its client, its polite transport, its report. */
function startRun(o: Resolved, families: Family[], plans: WritePlan[]): Run {
  const secrets = secretsOf(o, plans.flatMap((p) => ('password' in p.create ? [p.create.password] : [])));
  const client = createSipClient({ baseUrl: o.baseUrl, projectId: o.projectId, token: o.token, timeoutMs: 0, maxResponseBytes: o.maxResponseBytes });
  const sleep = o.sleep ?? realSleep;
  const { maxRequests, pauseMs, maxWaitMs, rateLimitRetries, timeoutMs, maxResponseBytes, signal: stop, fetch } = o;
  const transport = new Transport({ maxRequests, pauseMs, maxWaitMs, rateLimitRetries, timeoutMs, maxResponseBytes, stop, sleep, fetch });
  const report = newReport(o, families, client.baseUrl, Date.now());
  return { o, client, transport, report, created: [], removed: new Set(), listed: new Set(), unverified: [], scrub: (text) => redactText(text, secrets), sleep, stop, emit: (event) => o.onEvent?.(event) };
}

/**
 * Why the writes are not sent, when they are not: every list answered like
 * another server (404s, HTML, no such name: a wrong space, not a spec
 * mismatch; those steps become errors that say so), or a read answered 401
 * or 403.
 */
function writesBlocked(run: Run): string | undefined {
  const { report } = run;
  const listIds = new Set<OperationId>(FAMILIES.map((f) => ROUTES[f].list));
  const lists = report.steps.filter((s) => s.phase === 'read' && listIds.has(s.operationId) && s.attempts.length > 0);
  if (lists.length > 0 && lists.every((s) => s.notApi)) {
    report.wrongSpace = `${[...new Set(lists.map((s) => s.notApi))].join('; ')}: ${run.client.baseUrl} does not answer like a SignalWire space`;
    for (const step of lists) Object.assign(step, { outcome: 'error', reason: `${step.notApi}: check the space name`, mismatches: [] });
    return 'not sent: check the space name first';
  }
  const denied = report.steps.find((s) => s.phase === 'read' && (s.status === 401 || s.status === 403));
  return denied ? `not sent: ${denied.operationId} answered HTTP ${denied.status}; check SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN and the token's scopes` : undefined;
}

/** Deletes whatever the run created and has not deleted yet; a delete that throws is recorded as left behind. */
async function cleanUp(run: Run): Promise<void> {
  for (const resource of run.created) {
    try {
      await remove(run, resource);
    } catch (error) {
      run.removed.add(resource);
      run.report.cleanup.push({ ...resource, deleted: false, attempts: 0, statuses: [], note: run.scrub(String(error)) });
    }
  }
}

/** One verify run: the reads, then the writes (unless blocked), then the cleanup, whatever happened; never throws once requests are sent. */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const { o, families } = resolveOptions(options);
  // Plan every body first: nothing is sent when one of them is invalid.
  const plans = planWrites(o, families);
  const run = startRun(o, families, plans);
  const { report, stop } = run;
  const started = Date.parse(report.startedAt);
  try {
    for (const family of families) await readFamily(run, family);
    const blocked = writesBlocked(run);
    report.writesSkipped = plans.length ? blocked : undefined;
    for (const plan of plans) {
      if (report.writesSkipped) skipPlan(run, plan, report.writesSkipped);
      else await writeFamily(run, plan);
    }
  } catch (error) {
    report.fatal = run.scrub(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  } finally {
    await cleanUp(run);
  }
  report.interrupted = stop?.aborted ?? false;
  if (report.interrupted && typeof stop?.reason === 'string') report.interruptedBy = stop.reason;
  report.requests = run.transport.requests;
  report.durationMs = Date.now() - started;
  summarize(report, run.created, run.unverified);
  return report;
}
