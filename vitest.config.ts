import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFirst from './test/support/slow-first.js';

export default defineConfig({
  test: {
    // vitest's default is one worker less than the CPUs: on a 2-core machine
    // one worker, every file in turn, a core idle while a test waits. At
    // least two (D115).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A guard against hangs, not a speed check (speed is `npm run bench -- gate`):
    // generous enough for a slow test on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes, not threads: many tests spawn processes and servers of their own.
    pool: 'forks',
    // A worker runs file after file in one process, so the spec, Ajv and Prism
    // load once per worker rather than once per file (about a third of the
    // CPU of the small files). Files must leave no global change behind
    // (restore spies and timers, stop servers): see CONTRIBUTING.md.
    // One project, so the same two workers serve every file: the files that
    // talk to the mock start it in their worker (`useMock()`,
    // test/support/mock-client.ts; D142).
    isolate: false,
    // Each test's number of assertions, for the totals (test/support/assertion-count.ts).
    setupFiles: ['./test/support/assertion-count.ts'],
    // The slowest files first, so none starts last and runs alone (test/support/slow-first.ts).
    sequence: { sequencer: SlowFirst },
    // The plain "N passed, N failed, N skipped" line CI reads comes last.
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
