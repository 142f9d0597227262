// What the client needs only once a call fails: the typed error of a failed
// attempt, whether and when to retry it (Retry-After, backoff), and redaction
// of the error it throws. createSipClient imports this module dynamically, on
// the first failure of a client, so that every app's main bundle carries none
// of it (`npm run bench -- size`, D110, D111). Every failed attempt already
// waits for this module (to scrub what it throws), so deciding here costs a
// call nothing more.
import type { OperationId } from '../generated/operations.js';
import type * as Errors from './errors.js';
import { cleanError, redactFields, redactText, secretForms } from './redact.js';
import { backoffMs, retryAfterMs } from './retry-after.js';
import type { BodyTooLarge, Sent } from './send.js';
import type { ResolvedRetry } from './types.js';

/** What every error of a call carries: its operation, method and URL. */
type At = { operationId: OperationId; method: string; url: string };

/** Statuses retried: too many requests, and a gateway's or server's passing trouble. */
const RETRY_STATUS = [429, 502, 503, 504];
// Connection refused or cut before a whole answer arrived (UND_ERR_SOCKET is undici's "other side closed").
const RETRY_CODE = /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR_SOCKET)$/;

/**
 * The classes the main entry holds (src/errors.ts's `errorClasses`, and
 * BodyTooLarge), handed in by the client rather than imported: an import
 * would move them into a chunk of their own, one more file every app loads
 * (`npm run bench -- size`).
 */
export type Classes = typeof Errors.errorClasses & { BodyTooLarge: typeof BodyTooLarge };

/** What a schema refused (src/validate.ts): a JSON pointer and Ajv's message each. */
export type Violations = Array<{ path: string; message: string }>;

/**
 * The failure handling of one client: the token and the Basic credentials of
 * `projectId:token`, in every form secretForms lists (8 characters or more),
 * scrubbed out of an error (`error`) or out of a thrown value made into a
 * plain cause chain (`cause`); `attempt`, the error of a failed attempt and
 * the wait before the next one; `settle`, the error a failed call throws.
 */
export function onFailure(
  projectId: string,
  token: string,
  { SignalWireApiError, SignalWireEmptyBodyError, SignalWireError, SignalWireNetworkError, SignalWireNonJsonError, SignalWireRequestValidationError, SignalWireResponseTooLargeError, SignalWireResponseValidationError, BodyTooLarge }: Classes,
) {
  const secrets = secretForms(projectId, token, [token], 8);
  const text = (s: string) => redactText(s, secrets);
  const error = <E extends object>(e: E) => redactFields(e, text);
  const cause = (thrown: unknown) => cleanError(thrown, text);
  return {
    error,
    cause,
    /**
     * Attempt `attempt` of `attempts` failed: it threw `thrown` (when `sent`
     * is undefined), or answered `sent` with a non-2xx status, or with a 2xx
     * whose body is empty or not JSON where the spec promises JSON, or (with
     * validateResponses) whose JSON breaks the spec (`violations`). Returns
     * the error to throw and, when the attempt may be retried, the wait
     * before the next one in ms (Retry-After cut to maxRetryAfterMs, else
     * full-jitter backoff). A 2xx and a body over maxResponseBytes are never
     * retried.
     */
    attempt(at: At, sent: Sent | undefined, thrown: unknown, violations: Violations | undefined, maxResponseBytes: number, retry: ResolvedRetry | undefined, attempt: number, attempts: number): [Errors.SignalWireError, number?] {
      if (sent?.response.ok) {
        const { data, response } = sent as { data?: string; response: Response };
        const status = response.status;
        if (violations) return [new SignalWireResponseValidationError({ ...at, status, body: JSON.parse(data!), errors: violations })];
        if (!data?.trim()) return [new SignalWireEmptyBodyError({ ...at, status })];
        // Scrubbed before SignalWireNonJsonError cuts it at 500 characters: a secret across the cut would keep its first part.
        return [new SignalWireNonJsonError({ ...at, status, contentType: response.headers.get('content-type'), text: text(data) })];
      }
      let failure: Errors.SignalWireError;
      let retryable: boolean;
      let wait: number | null = null;
      if (sent) {
        const { error: body, response } = sent;
        // openapi-fetch hands back an error body it could not parse as the raw text ('' when empty).
        failure =
          typeof body === 'string' && body
            ? new SignalWireNonJsonError({ ...at, status: response.status, contentType: response.headers.get('content-type'), text: text(body) })
            : new SignalWireApiError({ ...at, status: response.status, body: body || undefined });
        retryable = RETRY_STATUS.includes(response.status);
        wait = retryAfterMs(response.headers.get('retry-after'));
      } else {
        // A body over maxResponseBytes (the marker itself, or as the cause of openapi-fetch's read error).
        const large = [thrown, (thrown as Error)?.cause].find((e): e is BodyTooLarge => e instanceof BodyTooLarge);
        if (large) return [new SignalWireResponseTooLargeError({ ...at, status: large.status, maxResponseBytes, contentLength: large.contentLength })];
        failure = new SignalWireNetworkError({ ...at, cause: cause(thrown) });
        retryable = RETRY_CODE.test((failure as Errors.SignalWireNetworkError).code ?? '');
      }
      if (!retryable || attempt >= attempts) return [failure];
      return [failure, wait == null ? retry!.random() * backoffMs(attempt, retry!.baseDelayMs, retry!.maxDelayMs) : Math.min(wait, retry!.maxRetryAfterMs)];
    },
    /** A request body that breaks the spec (`violations`, from validateRequests): the error to throw; nothing was sent. */
    requestInvalid: (at: At, violations: Violations) => new SignalWireRequestValidationError({ ...at, errors: violations }),
    /**
     * The error a failed call throws, scrubbed: a SignalWireError as it is,
     * and anything else (a body JSON cannot serialize, a validator that
     * failed to load) still as a SignalWireError. A timeout never comes here:
     * it carries nothing a server said, and the client throws it without
     * waiting for this chunk.
     */
    settle(at: At, thrown: unknown): Errors.SignalWireError {
      if (thrown instanceof SignalWireError) return error(thrown);
      return error(new SignalWireError(`${at.operationId} failed: ${String((thrown as Error)?.message ?? thrown)}`, { ...at, cause: cause(thrown) }));
    },
  };
}
