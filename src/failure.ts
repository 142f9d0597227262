// What the client needs only once a call fails: redaction of the error it
// throws, and Retry-After. createSipClient imports this module dynamically,
// on the first failure of a client, so that every app's main bundle carries
// none of it (`npm run bench -- size`, D110).
import { cleanError, redactFields, redactText, secretForms } from './redact.js';
import { retryAfterMs } from './retry-after.js';

/**
 * The failure handling of one client: the token and the Basic credentials of
 * `projectId:token`, in every form secretForms lists (8 characters or more),
 * scrubbed out of an error (`error`) or out of a thrown value made into a
 * plain cause chain (`cause`), or out of a text (`text`: a body must be
 * scrubbed before it is cut short, or a secret across the cut would leave its
 * first part behind); and `retryAfterMs` (src/retry-after.ts).
 */
export function onFailure(projectId: string, token: string) {
  const secrets = secretForms(projectId, token, [token], 8);
  const text = (s: string) => redactText(s, secrets);
  return {
    error: <E extends object>(error: E) => redactFields(error, text),
    cause: (thrown: unknown) => cleanError(thrown, text),
    text,
    retryAfterMs,
  };
}
