// Errors the client throws. None of them holds the request, its headers or
// the token: only what is safe to log (method, URL, status, operationId, the
// server's body). The client scrubs the token and the Basic credentials out
// of every body, text and cause before they get here, in case a server or
// proxy echoes them.
import type { OperationErrorBody, OperationErrorStatus, OperationId, UndeclaredErrorStatus } from './types.js';

const inspect = Symbol.for('nodejs.util.inspect.custom');

type Init = { operationId: OperationId; method: string; url: string; cause?: unknown };

/** Base class: every error the client throws is a SignalWireError. */
export class SignalWireError extends Error {
  declare readonly operationId: OperationId;
  declare readonly method: string;
  /** The request URL (never with credentials: createSipClient refuses them in `baseUrl`). */
  declare readonly url: string;

  // Every field but `cause` becomes an own property: what toJSON shows. The
  // name is on each class's prototype (errorClasses, below), not taken from
  // `new.target.name`, which an app's minifier renames (`t: … failed`).
  constructor(message: string, { cause, ...fields }: Init & Record<string, unknown>) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }

  /** Name, message and every field of the error's class (never `cause` or `stack`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }

  // util.inspect shows this instead of walking the object and its cause.
  [inspect](): string {
    return `${this.name}: ${this.message} ${JSON.stringify(this)}`;
  }
}

/**
 * The server answered with a non-2xx status and a JSON body (or none). Any
 * status from 300 to 599 can arrive (a proxy's 429 or 502 too); narrow with
 * `isApiError(error, operationId)` to get each declared status's body typed.
 */
export class SignalWireApiError<Id extends OperationId = OperationId> extends SignalWireError {
  declare readonly status: number;
  /** The parsed JSON body: typed by the spec once narrowed by `isApiError` and `status`, `unknown` before. */
  declare readonly body: unknown;

  constructor(init: Init & { operationId: Id; status: number; body: unknown }) {
    super(`${init.operationId} failed with HTTP ${init.status}${summarize(init.body)}`, init);
  }
}

/** The call did not finish within its timeout (retries and their waits included). */
export class SignalWireTimeoutError extends SignalWireError {
  declare readonly timeoutMs: number;
  constructor(init: Init & { timeoutMs: number }) {
    super(`${init.operationId} timed out after ${init.timeoutMs} ms`, init);
  }
}

/** The request never got a whole HTTP answer (refused, reset, DNS). */
export class SignalWireNetworkError extends SignalWireError {
  /** The system error code when there is one, e.g. ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET. */
  declare readonly code: string | undefined;
  constructor(init: Init & { cause: unknown }) {
    const code = systemCode(init.cause);
    super(`${init.operationId} could not reach the server${code ? ` (${code})` : ''}`, { ...init, code });
  }
}

/** The server answered, but not with the JSON the spec promises. */
export class SignalWireResponseError extends SignalWireError {
  declare readonly status: number;
  constructor(message: string, init: Init & { status: number } & Record<string, unknown>) {
    super(`${init.operationId} answered HTTP ${init.status} ${message}`, init);
  }
}

/** The body is not JSON (an HTML page from a proxy, say); `text` keeps its first 500 characters. */
export class SignalWireNonJsonError extends SignalWireResponseError {
  declare readonly contentType: string | null;
  declare readonly text: string;
  constructor({ text, ...init }: Init & { status: number; contentType: string | null; text: string }) {
    super(`with a body that is not JSON (${init.contentType})`, { ...init, text: text.length > 500 ? `${text.slice(0, 500)}…` : text });
  }
}

/** A 2xx without a body where the spec promises JSON. */
export class SignalWireEmptyBodyError extends SignalWireResponseError {
  constructor(init: Init & { status: number }) {
    super('with an empty body where JSON was expected', init);
  }
}

/**
 * The answer's body is larger than the client's `maxResponseBytes` (default
 * 10 MiB): its Content-Length said so, or that many bytes arrived (counted
 * after any gzip is undone) and the rest was not read; the connection was
 * closed. Any status; never retried.
 */
export class SignalWireResponseTooLargeError extends SignalWireResponseError {
  /** The limit, in bytes. */
  declare readonly maxResponseBytes: number;
  /** The Content-Length the server announced, when that was the reason; undefined when the body went past the limit while it streamed. */
  declare readonly contentLength: number | undefined;
  constructor(init: Init & { status: number; maxResponseBytes: number; contentLength?: number }) {
    super(`with a body over maxResponseBytes (${init.maxResponseBytes} bytes)`, { contentLength: undefined, ...init });
  }
}

/** A 2xx whose JSON breaks the spec's schema (only with `validateResponses: true`). */
export class SignalWireResponseValidationError extends SignalWireResponseError {
  /** The parsed body, as received. */
  declare readonly body: unknown;
  /** What the schema refused: a JSON pointer into the body and Ajv's message. */
  declare readonly errors: Array<{ path: string; message: string }>;
  constructor(init: Init & { status: number; body: unknown; errors: Array<{ path: string; message: string }> }) {
    const [first] = init.errors;
    super(`with a body that breaks the spec: ${first.path || '/'} ${first.message}`, init);
  }
}

/** A request body that breaks the spec's schema (only with `validateRequests: true`): nothing was sent. */
export class SignalWireRequestValidationError extends SignalWireError {
  /** What the schema refused: a JSON pointer into the body and Ajv's message (never the body itself, which may hold a password). */
  declare readonly errors: Array<{ path: string; message: string }>;
  constructor(init: Init & { errors: Array<{ path: string; message: string }> }) {
    const [first] = init.errors;
    super(`${init.operationId}: the request body breaks the spec: ${first.path || '/'} ${first.message}${init.errors.length > 1 ? ` (and ${init.errors.length - 1} more)` : ''}`, init);
  }
}

/**
 * Every error class the client throws, by the name it is exported as (frozen).
 * Each class's `name`, and its instances' `name`, are set from it (the latter on the prototype, as Error's own
 * subclasses have theirs, so it survives an app's minifier, which renames
 * classes (`t: … failed`); a subclass of your own shows its parent's name
 * unless it sets `name` itself. The client also hands it to its failure chunk
 * (src/failure.ts) to build errors with: importing this module from the chunk
 * would split it into a chunk of its own that every app loads (`npm run bench
 * -- size`, D111).
 */
export const errorClasses = Object.freeze({
  SignalWireError,
  SignalWireApiError,
  SignalWireTimeoutError,
  SignalWireNetworkError,
  SignalWireResponseError,
  SignalWireNonJsonError,
  SignalWireEmptyBodyError,
  SignalWireResponseTooLargeError,
  SignalWireResponseValidationError,
  SignalWireRequestValidationError,
});
// The class's own name too, which loggers read (pino's `type` is `error.constructor.name`).
for (const [name, errorClass] of Object.entries(errorClasses)) Object.defineProperty(errorClass, 'name', { value: (errorClass.prototype.name = name) });

/**
 * An API error of operation `Id`: one member per status the spec declares,
 * its `body` typed by that status, plus every other status a server or proxy
 * can send (`UndeclaredErrorStatus`: 429, 502, … unless declared) with an
 * `unknown` body. A `switch` over `status` that handles only the declared
 * ones therefore does not reach `never`: the rest must be handled too.
 */
export type ApiErrorOf<Id extends OperationId> =
  | { [S in OperationErrorStatus<Id>]: SignalWireApiError<Id> & { status: S; body: OperationErrorBody<Id, S> } }[OperationErrorStatus<Id>]
  | (SignalWireApiError<Id> & { status: UndeclaredErrorStatus<Id>; body: unknown });

/** True when `error` is an API error; with an operationId, narrows its body by status. */
export function isApiError<Id extends OperationId>(error: unknown, operationId?: Id): error is ApiErrorOf<Id> {
  return error instanceof SignalWireApiError && (operationId === undefined || error.operationId === operationId);
}

/** `: ` and the server's own words, when its body has them: `error` (Relay) or the first `errors[].detail`, else `.message` (Fabric). */
function summarize(body: unknown): string {
  const b = body as { error?: unknown; errors?: Array<{ detail?: unknown; message?: unknown }> } | undefined;
  const first = b?.errors?.[0];
  const text = [b?.error, first?.detail ?? first?.message].find((t) => typeof t === 'string');
  return text === undefined ? '' : `: ${text}`;
}

function systemCode(cause: unknown): string | undefined {
  for (let e: any = cause, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}
