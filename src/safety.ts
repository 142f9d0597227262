// Small guards the client applies to every call, before anything is sent:
// path values that cannot change the route, query values a URL can carry.
// (Scrubbing what comes back is src/redact.ts.)
import type { OperationId } from '../generated/operations.js';

/**
 * Refuses a path parameter that would send the request somewhere else: not a
 * string, empty, containing `/`, `?` or `#` (encoded, they would reach the
 * server as part of one id; SignalWire's ids are uuids or names and never
 * hold them), a dot segment (`.`, `..`, which URL parsing resolves away), or
 * not well-formed UTF-16 (a lone surrogate, which encodeURIComponent throws
 * a URIError for).
 * Throws a TypeError naming the operation and the parameter, before anything
 * is sent: `getSipCredential('')` would otherwise fetch the list.
 */
export function checkPathValue(operationId: OperationId, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || /^\.{0,2}$|[/?#]/.test(value) || !wellFormed(value)) {
    throw new TypeError(`${operationId}: the path parameter \`${name}\` must be one id, not ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`);
  }
}

/** False for a string with a lone surrogate: no URL can carry it, and encodeURIComponent says so with a URIError. */
const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

/**
 * Refuses query parameters no URL can carry: a string (alone or in an array)
 * that is not well-formed UTF-16. Throws a TypeError naming the operation and
 * the parameter before anything is sent, rather than a URIError from the
 * serializer reported as a network failure.
 */
export function checkQuery(operationId: OperationId, query: unknown): void {
  for (const [name, value] of Object.entries(query ?? {})) {
    if ([value].flat().some((v) => typeof v === 'string' && !wellFormed(v))) throw new TypeError(`${operationId}: the query parameter \`${name}\` is not well-formed text (a lone surrogate)`);
  }
}
