// Waiting between attempts, shared by the client (src/client.ts) and
// `npm run verify` (tools/verify/transport.ts): an abortable sleep that
// leaves no listener behind. How long to wait (exponential backoff,
// `Retry-After`) is in src/retry-after.ts: the client reaches it only through
// its lazily loaded failure path (src/failure.ts), and bundlers split by file,
// so it stays out of the main entry (`npm run bench -- size`, D111).

/** Waits `ms` (at once when 0 or less), or less when `signal` aborts; never rejects. The abort listener is removed either way, so a long-lived signal gathers none. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    // Don't hold the process open for a wait whose call was given up.
    signal?.addEventListener('abort', done, { once: true });
  });
}
