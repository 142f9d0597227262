// Redaction, shared by the client (through its lazily loaded failure path,
// src/failure.ts) and `npm run verify` (tools/verify): the forms a credential
// can be echoed in, text with them replaced, and copies of bodies and errors
// with every string scrubbed, that neither recursion nor depth can break.

/** What every secret is replaced by. */
export const REDACTED = '[redacted]';

/**
 * Every form in which `values` and the Basic credentials of
 * `projectId:token` could come back from a server, a proxy or a log: as
 * given, Basic-encoded (base64 as the client sends it, with and without its
 * `=` padding), percent-encoded (a proxy that echoes them into a URL) and
 * JSON-escaped. Longest first, so a longer form is replaced before a part of
 * it; forms shorter than `minLength` characters are left out, since they
 * would match ordinary text (real tokens are far longer).
 */
export function secretForms(projectId: string, token: string, values: readonly string[], minLength: number): string[] {
  let basic: string[] = [];
  try {
    const b = btoa(`${projectId}:${token}`);
    basic = [b, b.replace(/=+$/, '')];
  } catch {
    // Not Latin-1: no Basic header carries it (createSipClient's btoa throws too), so there is none to look for.
  }
  const plain = [...values, ...basic];
  const forms = plain.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
  return [...new Set(forms)].filter((s) => s.length >= minLength).sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by `[redacted]`, the longest first (so a longer form goes before a part of it). */
export function redactText(text: string, secrets: readonly string[]): string {
  return [...secrets].sort((a, b) => b.length - a.length).reduce((s, secret) => (secret ? s.split(secret).join(REDACTED) : s), text);
}

/** Nesting kept by `scrubDeep`; deeper values become TOO_DEEP. Real SignalWire bodies nest under 10 levels. */
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

/**
 * A thrown value and its cause chain (at most 4 causes deep) as plain
 * Errors: name, `code`, message and stack, each through `text`, nothing else
 * (no request, no headers a fetch may have attached).
 */
export function cleanError(e: any, text: (s: string) => string, depth = 0): Error {
  const copy: any = new Error(text(String(e?.message ?? e)), e?.cause && depth < 4 ? { cause: cleanError(e.cause, text, depth + 1) } : undefined);
  copy.name = text(String(e?.name ?? 'Error'));
  if (e?.code) copy.code = text(String(e.code));
  copy.stack = text(String(e?.stack ?? copy.stack));
  return copy;
}

/**
 * `error` itself, with every string it carries (message, stack, and every
 * own field: body, text, content type, URL, …) replaced by a scrubbed copy
 * (scrubDeep). `message` and `stack` stay non-enumerable, as on any Error.
 */
export function redactFields<E extends object>(error: E, text: (s: string) => string): E {
  for (const key of ['message', 'stack', ...Object.keys(error)]) {
    const value = (error as Record<string, unknown>)[key];
    if (value !== undefined) Object.defineProperty(error, key, { value: scrubDeep(value, text), writable: true, configurable: true, enumerable: key !== 'message' && key !== 'stack' });
  }
  return error;
}
