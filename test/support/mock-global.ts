// Vitest global setup of the `mock` project (vitest.config.ts): one mock
// process for the run, on a port chosen by the OS, stopped in teardown. The
// setup does not wait for it: the mock loads Prism (a few seconds of one
// core) while vitest starts its workers, and each file of the project waits
// for it in a beforeAll (test/support/mock-ready.ts). The main process
// writes the mock's URL, or why it did not start, to a status file whose
// path it provides. If the run itself is killed, the mock's watchdog ends it
// (scripts/lib/watchdog.cjs).
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMock } from './mock-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A JSON file that appears once the shared mock listens (`{ url }`) or failed to start (`{ error }`). */
    mockStatusFile: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'sip-spec-mock-'));
  const file = join(dir, 'status.json');
  // Written whole, then renamed: a reader never sees half a file.
  const report = (status: { url: string } | { error: string }) => {
    writeFileSync(`${file}.tmp`, JSON.stringify(status));
    renameSync(`${file}.tmp`, file);
  };
  const starting = startMock().then(
    (mock) => (report({ url: mock.url }), mock),
    (error: Error) => (report({ error: error.message }), undefined),
  );
  project.provide('mockStatusFile', file);
  return async () => {
    await (await starting)?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
