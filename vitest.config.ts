import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFirst from './test/support/slow-first.js';

/**
 * The test files that talk to the shared mock (`mockUrl()` of
 * test/support/mock-client.ts). Only they form the `mock` project, whose
 * global setup starts one mock process for the run; a run without any of
 * them (`npx vitest run test/spec`) starts none. A file that calls
 * `mockUrl()` without being listed here fails with a message saying so.
 */
const MOCK_FILES = [
  'test/browser/client.test.ts',
  'test/contract/answers.test.ts',
  'test/contract/fixtures.test.ts',
  'test/contract/fuzz.test.ts',
  'test/contract/hostile.test.ts',
  'test/contract/operations.test.ts',
];

/** Options both projects share (a project does not inherit the root's `test` options unless told to, and the mock's global setup must not be inherited). */
const shared = {
  // A guard against hangs, not a speed check (speed is `npm run bench -- gate`):
  // generous enough for a slow test on a loaded 2-core machine.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // Child processes, not threads: many tests spawn processes and servers of their own.
  pool: 'forks' as const,
  // A worker runs file after file in one process, so the spec, Ajv and Prism
  // load once per worker rather than once per file (about a third of the
  // CPU of the small files). Files must leave no global change behind
  // (restore spies and timers, stop servers): see CONTRIBUTING.md.
  isolate: false,
  // Each test's number of assertions, for the totals (test/support/assertion-count.ts).
  setupFiles: ['./test/support/assertion-count.ts'],
};

export default defineConfig({
  test: {
    // vitest's default is one worker less than the CPUs: on a 2-core machine
    // one worker, every file in turn, a core idle while a test waits. At
    // least two (D115).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The slowest files first, so none starts last and runs alone (test/support/slow-first.ts).
    sequence: { sequencer: SlowFirst },
    // Run-wide global setups (each started once per run, for every project).
    globalSetup: [],
    projects: [
      // One mock process per run, on a free loopback port, always stopped (test/support/mock-global.ts);
      // it starts while the workers do, and each file waits for it (test/support/mock-ready.ts).
      { test: { ...shared, name: 'mock', include: MOCK_FILES, globalSetup: ['./test/support/mock-global.ts'], setupFiles: [...shared.setupFiles, './test/support/mock-ready.ts'] } },
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: MOCK_FILES } },
    ],
    // The plain "N passed, N failed, N skipped" line CI reads comes last.
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
