// The report of a verify run: text for people (one line per operation call,
// one line per mismatch and warning under it, cleanup, a summary line) or
// JSON for machines. Both go through `redactText` before anything is
// printed. Also the report's shape, its summary and the exit code.
import { redactText } from '../../src/redact.js';
import type { OperationId } from '../../generated/operations.js';
import type { Mismatch, Warning } from './check.js';
import type { Family } from './options.js';
import type { Attempt } from './transport.js';

export type VerifyEvent =
  | { type: 'step'; step: Step }
  /** A create is about to be sent: from here the endpoint may exist until `created` or `settled`. */
  | { type: 'creating'; family: Family; username: string }
  /** The create's outcome is proven: nothing was made under this name (a 4xx, or a look-up that ruled it out). */
  | { type: 'settled'; family: Family; username: string }
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

/** The summary of a run's steps, cleanup and look-ups (fills `report.summary`). */
export function summarize(report: VerifyReport, created: readonly Created[], unverified: readonly Unverified[]): void {
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


/** Mismatch lines shown per step; --json has all of them. */
const MAX_LINES = 25;
const TAGS = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', skipped: 'SKIP' } as const;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** How to find an endpoint by its username, per family. */
const FIND = {
  relay: (username: string) => `GET /api/relay/rest/endpoints/sip?filter_username=${encodeURIComponent(username)}`,
  fabric: (username: string) => `GET /api/fabric/resources/sip_endpoints (every page; sip_endpoint.username ${username})`,
} as const;

function stepLine(step: Step, width: number): string {
  const head = `${TAGS[step.outcome].padEnd(5)} ${step.label.padEnd(width)}`;
  if (step.outcome === 'skipped') return `${head}  ${step.reason ?? ''}`.trimEnd();
  const path = step.id ? step.path.replace('{id}', step.id) : step.path;
  const statuses = step.attempts.length > 1 ? ` (answers: ${step.attempts.map((a) => a.status || 'none').join(', ')})` : '';
  // An error's reason names its status ("HTTP 401: Unauthorized") or why there was none.
  const result = step.outcome === 'error' && step.reason ? `${step.reason}${statuses}` : step.status !== undefined ? `HTTP ${step.status}${statuses}` : 'no answer';
  const extra = step.mismatches.length ? [plural(step.mismatches.length, 'mismatch').replace('mismatchs', 'mismatches')] : [];
  return `${head}  ${step.method} ${path} -> ${result}${extra.length ? `; ${extra.join('; ')}` : ''}`;
}

/** The report as text, credentials redacted. */
export function formatText(report: VerifyReport, secrets: readonly string[] = []): string {
  const lines: string[] = [];
  lines.push(`verify ${report.target} against spec ${report.specVersion} (${report.mode}; families: ${report.families.join(', ')})`);
  const width = Math.min(48, Math.max(0, ...report.steps.map((s) => s.label.length)));
  for (const step of report.steps) {
    lines.push(stepLine(step, width));
    for (const m of step.mismatches.slice(0, MAX_LINES)) lines.push(`      mismatch ${m.operationId} ${m.path}: expected ${m.expected}; got ${m.got}`);
    if (step.mismatches.length > MAX_LINES) lines.push(`      … and ${step.mismatches.length - MAX_LINES} more mismatches of ${step.operationId} (--json lists them all)`);
    for (const w of step.warnings) lines.push(`      warning  ${w.operationId} ${w.path}: ${w.message}${w.count && w.count > 1 ? ` (${w.count} times)` : ''}`);
  }
  for (const c of report.cleanup) {
    const what = `${c.family} endpoint ${c.id} (${c.username})`;
    const tries = `${plural(c.attempts, 'attempt')}: ${c.statuses.join(', ') || 'none'}`;
    if (c.deleted) lines.push(`cleanup: deleted ${what} after ${tries}${c.note ? `; ${c.note}` : ''}`);
    else lines.push(`cleanup: LEFT BEHIND ${what} after ${tries}${c.note ? `; ${c.note}` : ''}. Delete it yourself.`);
  }
  for (const u of report.summary.unverified) {
    const what = `${u.family} endpoint named ${u.username}${u.id !== undefined ? ` (id ${JSON.stringify(u.id)})` : ''}`;
    lines.push(`cleanup: LEFT BEHIND (possibly) ${what}: ${u.reason}. Find it with ${FIND[u.family](u.username)} and delete it yourself.`);
  }
  // Only when it is proven: nothing registered, nothing unverified, nothing of the cleanup failed.
  if (report.mode === 'write' && report.summary.created === 0 && report.summary.unverified.length === 0 && report.cleanup.length === 0) lines.push('cleanup: nothing was created');
  if (report.wrongSpace) lines.push(`check the space name: ${report.wrongSpace} (--space <name> is the first label of <name>.signalwire.com).`);
  if (report.writesSkipped && !report.wrongSpace) lines.push(`writes ${report.writesSkipped}.`);
  if (report.summary.unsent > 0) lines.push(`${plural(report.summary.unsent, 'step')} not sent: the request budget (--max-requests ${report.maxRequests}) ran out; the run is incomplete.`);
  if (report.interrupted) lines.push('interrupted: the run stopped early; what it created was cleaned up as shown above.');
  if (report.fatal) lines.push(`verify failed: ${report.fatal}`);
  const s = report.summary;
  lines.push(
    `${s.passed} passed, ${s.failed} failed, ${plural(s.errors, 'error')}, ${s.skipped} skipped; ` +
      `${plural(s.mismatches, 'mismatch').replace('mismatchs', 'mismatches')}, ${plural(s.warnings, 'warning')}; ` +
      `${plural(report.requests, 'request')} (budget ${report.maxRequests}); exit ${exitCode(report)}`,
  );
  return redactText(lines.join('\n') + '\n', secrets);
}

/** The report as JSON, credentials redacted. */
export function formatJson(report: VerifyReport, secrets: readonly string[] = []): string {
  const scrubbed = JSON.parse(JSON.stringify({ ...report, exitCode: exitCode(report) }), (_key, value) => (typeof value === 'string' ? redactText(value, secrets) : value));
  return JSON.stringify(scrubbed, null, 2) + '\n';
}
