// How long to wait before a retry: `Retry-After` and exponential backoff,
// shared by the client (through src/failure.ts, loaded on a client's first
// failure) and `npm run verify` (tools/verify/transport.ts, steps.ts). Apart
// from src/retry.ts (sleep) so that bundlers keep it out of the main entry.

// The three HTTP-date forms (RFC 9110 §5.6.7): IMF-fixdate, RFC 850, asctime (GMT, though it does not say so).
const HTTP_DATE = /^(?:[a-z]{3}, \d{2} [a-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[a-z]{6,9}, \d{2}-[a-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[a-z]{3} [a-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/i;

/**
 * Retry-After (RFC 9110 §10.2.3) as delta-seconds or an HTTP date, in ms
 * from `now` (a date in the past is 0); null when absent or anything else
 * (`-5`, `1.5`, `soon`), which Date.parse would otherwise read as a date of
 * 2001 and retry at once: the caller's backoff applies instead.
 */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!HTTP_DATE.test(v)) return null;
  const ms = Date.parse(v.endsWith('GMT') ? v : `${v} GMT`) - now;
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

/** Exponential backoff before retry `attempt` (1 for the first retry): min(maxMs, baseMs × 2^(attempt-1)), in ms. Callers add jitter if they want it. */
export const backoffMs = (attempt: number, baseMs: number, maxMs: number): number => Math.min(maxMs, baseMs * 2 ** (attempt - 1));
