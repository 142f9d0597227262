// Errors the client throws. None of them holds the request, its headers or
// the token: only what is safe to log (method, URL without credentials,
// status, operationId, the server's body).
import type { OperationErrorBody, OperationErrorStatus, OperationId } from './types.js';

const inspect = Symbol.for('nodejs.util.inspect.custom');

/** Base class: every error the client throws is a SignalWireError. */
export class SignalWireError extends Error {
  readonly operationId: OperationId;
  readonly method: string;
  /** The request URL, without user info. */
  readonly url: string;

  constructor(message: string, init: { operationId: OperationId; method: string; url: string; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = redactUrl(init.url);
  }

  toJSON(): Record<string, unknown> {
    const { name, message, operationId, method, url } = this;
    return { name, message, operationId, method, url };
  }

  [inspect](): string {
    return `${this.name}: ${this.message} ${JSON.stringify(this.toJSON())}`;
  }
}

/** The server answered with a non-2xx status. */
export class SignalWireApiError<Id extends OperationId = OperationId> extends SignalWireError {
  readonly status: number;
  /** The parsed JSON body, typed by the spec's error schema for this operation and status. */
  readonly body: OperationErrorBody<Id>;

  constructor(init: { operationId: Id; method: string; url: string; status: number; body: unknown }) {
    super(`${init.operationId} failed with HTTP ${init.status}${summarize(init.body)}`, init);
    this.status = init.status;
    this.body = init.body as OperationErrorBody<Id>;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, body: this.body };
  }
}

/** The call did not finish within its timeout. */
export class SignalWireTimeoutError extends SignalWireError {
  readonly timeoutMs: number;
  constructor(init: { operationId: OperationId; method: string; url: string; timeoutMs: number }) {
    super(`${init.operationId} timed out after ${init.timeoutMs} ms`, init);
    this.timeoutMs = init.timeoutMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/** The request never got an HTTP answer (refused, reset, DNS). */
export class SignalWireNetworkError extends SignalWireError {
  /** The system error code when there is one, e.g. ECONNREFUSED. */
  readonly code: string | undefined;
  constructor(init: { operationId: OperationId; method: string; url: string; cause: unknown }) {
    const code = systemCode(init.cause);
    super(`${init.operationId} could not reach the server${code ? ` (${code})` : ''}`, init);
    this.code = code;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}

/** An API error of operation `Id`, its `body` narrowed by `status`. */
export type ApiErrorOf<Id extends OperationId> = {
  [S in OperationErrorStatus<Id>]: SignalWireApiError<Id> & { status: S; body: OperationErrorBody<Id, S> };
}[OperationErrorStatus<Id>];

/** True when `error` is an API error; with an operationId, narrows its body by status. */
export function isApiError<Id extends OperationId>(error: unknown, operationId?: Id): error is ApiErrorOf<Id> {
  return error instanceof SignalWireApiError && (operationId === undefined || error.operationId === operationId);
}

function summarize(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const b = body as { error?: unknown; errors?: Array<Record<string, unknown>> };
  if (typeof b.error === 'string') return `: ${b.error}`;
  const first = b.errors?.[0];
  const text = first?.detail ?? first?.message;
  return typeof text === 'string' ? `: ${text}` : '';
}

function systemCode(cause: unknown): string | undefined {
  for (let e: any = cause, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}
