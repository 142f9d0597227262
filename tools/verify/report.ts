// The report of a verify run: text for people (one line per operation call,
// one line per mismatch and warning under it, cleanup, a summary line) or
// JSON for machines. Both go through `redact` before anything is printed.
import { exitCode, redact, type Step, type VerifyReport } from './verify.js';

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
  return redact(lines.join('\n') + '\n', secrets);
}

/** The report as JSON, credentials redacted. */
export function formatJson(report: VerifyReport, secrets: readonly string[] = []): string {
  const scrubbed = JSON.parse(JSON.stringify({ ...report, exitCode: exitCode(report) }), (_key, value) => (typeof value === 'string' ? redact(value, secrets) : value));
  return JSON.stringify(scrubbed, null, 2) + '\n';
}
