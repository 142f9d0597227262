// Small guards the client applies to every call: path values that cannot
// change the route, and a copy of any value with every string scrubbed, that
// neither recursion nor depth can break.
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

/** False for a string with a lone surrogate: no URL can carry it (encodeURIComponent throws a URIError). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/**
 * Refuses query parameters no URL can carry: a string (alone or in an array)
 * that is not well-formed UTF-16. Throws a TypeError naming the operation and
 * the parameter before anything is sent, rather than a URIError from the
 * serializer reported as a network failure.
 */
export function checkQuery(operationId: OperationId, query: unknown): void {
  if (query === undefined || query === null) return;
  for (const [name, value] of Object.entries(query)) {
    if ([value].flat().some((v) => typeof v === 'string' && !wellFormed(v))) throw new TypeError(`${operationId}: the query parameter \`${name}\` is not well-formed text (a lone surrogate)`);
  }
}

/** Nesting kept by `scrubDeep`; deeper values become this string. Real SignalWire bodies nest under 10 levels. */
export const MAX_DEPTH = 64;
export const TOO_DEEP = '[nested too deep]';

/**
 * A copy of `value` (JSON-like: objects, arrays, primitives) with `text`
 * applied to every string, keys included. Iterative, so a body nested
 * thousands of levels deep cannot overflow the stack; values nested deeper
 * than MAX_DEPTH are replaced by TOO_DEEP, so logging the copy
 * (JSON.stringify, util.inspect) cannot either. Keys such as `__proto__` stay
 * own data properties.
 */
export function scrubDeep(value: unknown, text: (s: string) => string): unknown {
  const root: { value?: unknown } = {};
  const stack: Array<[unknown, object, string | number, number]> = [[value, root, 'value', 0]];
  const put = (target: object, key: string | number, v: unknown) => Object.defineProperty(target, key, { value: v, writable: true, enumerable: true, configurable: true });
  while (stack.length) {
    const [v, target, key, depth] = stack.pop()!;
    if (typeof v === 'string') put(target, key, text(v));
    else if (v === null || typeof v !== 'object') put(target, key, v);
    else if (depth >= MAX_DEPTH) put(target, key, TOO_DEEP);
    else if (Array.isArray(v)) {
      const copy: unknown[] = new Array(v.length);
      put(target, key, copy);
      v.forEach((x, i) => stack.push([x, copy, i, depth + 1]));
    } else {
      const copy = {};
      put(target, key, copy);
      for (const [k, x] of Object.entries(v)) stack.push([x, copy, text(k), depth + 1]);
    }
  }
  return root.value;
}
