// `--state FILE`: the stateful mock's store kept in a JSON file.
//
// Reading happens once, at start-up, before anything is written: a file
// that cannot be read or parsed (or that the store refuses, see
// `store.restore`) stops start-up with a one-line `StateFileError`, and the
// file is left exactly as it was. Writing is atomic: the whole state goes to
// a temporary file in the same folder, which is then renamed over FILE, so
// a reader (or a crash) sees the old state or the new one, never half.
// Writes are coalesced: while one is in flight, further changes mark the
// state dirty and one more write follows, with the newest snapshot. A
// synchronous flush (start-up, SIGINT/SIGTERM) wins over a background write
// still in flight: that write's older snapshot is dropped, not renamed over it.

import { readFileSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { writeFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** A state file that cannot be used; `message` is one line naming the file and the reason, `fix` one line saying what to do. */
export class StateFileError extends Error {
  name = 'StateFileError';
  /**
   * @param {string} message
   * @param {string} [fix]
   */
  constructor(message, fix = 'It was left as it is. Fix: repair or delete it, or start with another --state FILE') {
    super(message);
    this.fix = fix;
  }
}

/**
 * Reads and parses a state file.
 * @param {string} path
 * @returns {unknown | undefined} the parsed JSON, or `undefined` when the file does not exist
 * @throws {StateFileError} when it exists but cannot be read or is not JSON
 */
export function readStateFile(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error?.code === 'ENOENT') return undefined;
    throw new StateFileError(`cannot read state file ${path} (${error?.code ?? error?.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`state file ${path} is not valid JSON (${oneLine(error?.message)})`);
  }
}

/**
 * Writes snapshots of the store to `path`, atomically and coalesced.
 * @param {string} path the state file
 * @param {() => unknown} snapshot returns the state to write (called at write time)
 * @param {{ onError?: (error: Error) => void }} [options] called when a write fails (the server keeps serving)
 * @returns {{ schedule: () => void, flush: (options?: { report?: boolean }) => Error | undefined, idle: () => Promise<void> }}
 *   `schedule` asks for a write soon; `flush` writes now, synchronously (at
 *   start-up and exit), and returns the error of a failed write (passed to
 *   `onError` too unless `report: false`); `idle` resolves once no write is
 *   in flight or pending.
 */
export function createStateWriter(path, snapshot, options = {}) {
  let writing = null;
  let dirty = false;
  /** Counts successful flushes: a background write whose snapshot is older than the last flush is dropped, not renamed over it. */
  let flushes = 0;
  const tempName = () => join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

  function schedule() {
    dirty = true;
    if (!writing) writing = loop();
  }

  async function loop() {
    try {
      while (dirty) {
        dirty = false;
        const temp = tempName();
        const seen = flushes;
        try {
          await writeFile(temp, serialise(snapshot()), { mode: 0o600 });
          // Checked and renamed in one turn of the event loop (renameSync), so no flush can come between.
          if (flushes !== seen) await rm(temp, { force: true });
          else renameSync(temp, path);
        } catch (error) {
          await rm(temp, { force: true }).catch(() => {});
          options.onError?.(error);
        }
      }
    } finally {
      writing = null;
    }
  }

  function flush({ report = true } = {}) {
    const temp = tempName();
    try {
      writeFileSync(temp, serialise(snapshot()), { mode: 0o600 });
      renameSync(temp, path);
      flushes++;
      dirty = false;
      return undefined;
    } catch (error) {
      rmSync(temp, { force: true });
      if (report) options.onError?.(error);
      return error;
    }
  }

  async function idle() {
    while (writing) await writing;
  }

  return { schedule, flush, idle };
}

function serialise(value) {
  return `${JSON.stringify(value, null, 1)}\n`;
}

function oneLine(text) {
  return String(text ?? 'unknown error').replace(/\s+/g, ' ').trim();
}
