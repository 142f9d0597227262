// The polite side of verify: one request at a time, a pause between requests,
// a request budget, a timeout per attempt, and 429 answers honoured by
// waiting what Retry-After says, within a bound. Plugged into openapi-fetch as
// its `fetch`, after the client's auth middleware has run. Sleep, backoff,
// Retry-After and the body cap are the client's own (src/retry.ts,
// src/retry-after.ts, src/send.ts).
import { sleep } from '../../src/retry.js';
import { backoffMs, retryAfterMs } from '../../src/retry-after.js';
import { BodyTooLarge, readText } from '../../src/send.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type TransportOptions = {
  /** Requests this run may send, cleanup aside. */
  maxRequests: number;
  /** Pause before every request but the first, in milliseconds. */
  pauseMs: number;
  /** Longest wait for one 429, in milliseconds; a longer Retry-After ends the retries. */
  maxWaitMs: number;
  /** How many times one request is repeated after a 429. */
  rateLimitRetries: number;
  /** Timeout of one attempt, in milliseconds. */
  timeoutMs: number;
  /** Largest answer body read, in bytes; a larger one ends the attempt with BodyTooLarge (src/send.ts). */
  maxResponseBytes: number;
  /** Aborts waits and, for abortable calls, requests in flight. */
  stop?: AbortSignal;
  sleep?: Sleep;
  fetch?: typeof globalThis.fetch;
};

/** One HTTP exchange as the server answered it. */
export type Attempt = { status: number; waitedMs?: number; retryAfter?: string | null };

/** What one call observed: every attempt, and the final answer's raw body. */
export type Exchange = {
  attempts: Attempt[];
  status?: number;
  text: string;
  contentType: string | null;
  /** Why a 429 was not retried, when it was not. */
  gaveUp?: string;
};

export class BudgetExhausted extends Error {
  constructor(readonly maxRequests: number) {
    super(`request budget of ${maxRequests} exhausted`);
  }
}

export class Interrupted extends Error {
  /** True when the request had been sent: the server may have acted on it. */
  constructor(readonly sent = false) {
    super(sent ? 'sent, then interrupted before its answer' : 'interrupted');
  }
}

const NULL_BODY = new Set([101, 204, 205, 304]);

export class Transport {
  /** Requests sent so far, cleanup included. */
  requests = 0;
  /** Requests sent for cleanup (outside the budget). */
  cleanupRequests = 0;
  private readonly sleep: Sleep;
  private readonly fetchImpl: typeof globalThis.fetch;

  constructor(private readonly options: TransportOptions) {
    this.sleep = options.sleep ?? sleep;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /**
   * A `fetch` for one call. `cleanup` calls are outside the budget (their
   * callers bound them); `abortable` calls are cut short by `stop`.
   */
  fetchFor(exchange: Exchange, { cleanup = false, abortable = true } = {}): typeof globalThis.fetch {
    return async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
      const { stop } = this.options;
      for (let attempt = 0; ; attempt++) {
        if (!cleanup && this.requests - this.cleanupRequests >= this.options.maxRequests) throw new BudgetExhausted(this.options.maxRequests);
        if (abortable && stop?.aborted) throw new Interrupted();
        if (this.requests > 0 && this.options.pauseMs > 0) await this.sleep(this.options.pauseMs, abortable ? stop : undefined);
        if (abortable && stop?.aborted) throw new Interrupted();
        this.requests++;
        if (cleanup) this.cleanupRequests++;
        const timeout = AbortSignal.timeout(this.options.timeoutMs);
        const signal = abortable && stop ? AbortSignal.any([timeout, stop]) : timeout;
        let response: Response;
        let text: string;
        try {
          response = await this.fetchImpl(request.url, { method: request.method, headers: request.headers, body, signal, redirect: 'manual' });
          text = await readText(response, this.options.maxResponseBytes);
        } catch (error) {
          if (error instanceof BodyTooLarge) throw error;
          if (abortable && stop?.aborted) throw new Interrupted(true);
          if (timeout.aborted) throw new TimeoutError(this.options.timeoutMs);
          throw error;
        }
        const contentType = response.headers.get('content-type');
        const retryAfter = response.headers.get('retry-after');
        if (response.status === 429 && attempt < this.options.rateLimitRetries) {
          const wait = retryAfterMs(retryAfter) ?? backoffMs(attempt + 1, 1000, this.options.maxWaitMs);
          const outOfBudget = !cleanup && this.requests - this.cleanupRequests >= this.options.maxRequests;
          if (wait > this.options.maxWaitMs) exchange.gaveUp = `Retry-After ${retryAfter} exceeds the longest wait (${this.options.maxWaitMs / 1000} s)`;
          else if (outOfBudget) exchange.gaveUp = 'no request left in the budget to retry';
          if (!exchange.gaveUp) {
            exchange.attempts.push({ status: 429, waitedMs: wait, retryAfter });
            await this.sleep(wait, abortable ? stop : undefined);
            continue;
          }
        }
        exchange.attempts.push({ status: response.status, retryAfter: response.status === 429 ? retryAfter : undefined });
        exchange.status = response.status;
        exchange.text = text;
        exchange.contentType = contentType;
        return new Response(NULL_BODY.has(response.status) ? null : text, { status: response.status, headers: response.headers });
      }
    };
  }
}

export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}
