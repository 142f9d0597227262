// Reading a request body for the mock: bounded in size and time, decoded as
// strict UTF-8, parsed as JSON with the place where it breaks.

/** Bodies larger than this get a 413 (bytes). SignalWire publishes no limit; 1 MiB is far above any SIP endpoint body. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Past the limit, the mock reads and discards at most this many more bytes (so the client sees the 413, not a reset), then closes. */
export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
/** How long a body may take to arrive, in ms, before the mock answers without it and closes the connection. */
export const BODY_TIMEOUT_MS = 10_000;

/**
 * @typedef {{ kind: 'none' }
 *   | { kind: 'bytes', bytes: Buffer }
 *   | { kind: 'too-large', received: number }
 *   | { kind: 'timeout' }
 *   | { kind: 'aborted' }} RawBody
 */

/**
 * Reads the whole body of `req` into a Buffer, up to `limit` bytes.
 * Past the limit it keeps reading and discarding (up to DRAIN_LIMIT_BYTES more)
 * so the answer can be sent before the connection closes.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {{ limit?: number, timeoutMs?: number }} [options]
 * @returns {Promise<RawBody>} never rejects
 */
export function readBody(req, { limit = BODY_LIMIT_BYTES, timeoutMs = BODY_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let received = 0;
    let settled = false;
    /** @param {RawBody} result */
    const settle = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
    req.on('data', (/** @type {Buffer} */ chunk) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else if (received > limit + DRAIN_LIMIT_BYTES) settle({ kind: 'too-large', received });
    });
    req.on('end', () => {
      if (received > limit) settle({ kind: 'too-large', received });
      else settle(received === 0 && !hasBody(req) ? { kind: 'none' } : { kind: 'bytes', bytes: Buffer.concat(chunks, received) });
    });
    req.on('aborted', () => settle({ kind: 'aborted' }));
    req.on('error', () => settle({ kind: 'aborted' }));
  });
}

/** Whether the request announced a body (a Content-Length, even 0, or chunked transfer). */
function hasBody(req) {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
}

/** Whether a Content-Type names JSON (`application/json`, `application/*+json`), parameters ignored. */
export function isJsonMediaType(contentType) {
  if (typeof contentType !== 'string') return false;
  const type = contentType.split(';', 1)[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[^/]+\+json$/.test(type);
}

/**
 * Bodies with more values than this (object members and array items, at any
 * depth) are refused before validation. Prism's validator reports every
 * failing `oneOf` branch of every value, so its work grows with the body's
 * values times the branches: 100 000 bad `codecs` took it 36 s, with the
 * server deaf meanwhile. A SIP endpoint body has about 30 fields and a few
 * short lists; 1 000 is far above any body the API takes.
 */
export const BODY_VALUE_LIMIT = 1000;

/**
 * Whether a parsed body holds more than `limit` values (object members and
 * array items, counted at every depth); stops counting past the limit.
 * @param {unknown} value
 * @param {number} [limit]
 */
export function hasMoreValuesThan(value, limit = BODY_VALUE_LIMIT) {
  let count = 0;
  const stack = [value];
  while (stack.length) {
    const next = stack.pop();
    if (next === null || typeof next !== 'object') continue;
    const children = Array.isArray(next) ? next : Object.values(next);
    count += children.length;
    if (count > limit) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a request body as JSON. Empty (only white space) means no body.
 *
 * @param {Buffer} bytes
 * @returns {{ ok: true, value: unknown } | { ok: false, message: string, reason: string, position?: number }}
 *   `message` says why the body is not JSON and where it breaks, in words
 *   (line and column, 1-based), e.g. "the request body is not valid JSON
 *   (Expected ':' after property name, at line 1, column 6)"; `reason` is
 *   the parser's reason, `position` the zero-based offset in characters
 *   where it stopped, when known (the InvalidJsonError schema's fields).
 */
export function parseJson(bytes) {
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, message: `the request body is not valid UTF-8 (byte ${firstBadUtf8(bytes) + 1} of ${bytes.length}); JSON must be sent as UTF-8`, reason: 'invalid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, ...where(text, /** @type {Error} */ (error).message) };
  }
}

/**
 * V8's JSON.parse message as a reason, an offset and "line L, column C".
 * V8 already says what it expected ("Expected ':' after property name");
 * the copy of the input some messages carry is dropped (it can be long,
 * and it is the client's own text).
 */
function where(text, message) {
  const position = /at position (\d+)/.exec(message);
  const reason = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ (in JSON )?at position \d+.*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'Unexpected end of the body');
  if (!position) return { message: `the request body is not valid JSON (${reason})`, reason };
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { message: `the request body is not valid JSON (${reason}, at line ${line}, column ${column})`, reason, position: offset };
}

/** Index of the first byte that breaks UTF-8 decoding. */
function firstBadUtf8(bytes) {
  let lo = 0;
  let hi = bytes.length;
  // The longest prefix that decodes (allowing a cut sequence at its end) ends just before the bad byte.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return Math.min(lo, bytes.length - 1);
}
