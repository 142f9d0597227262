import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Prism mock per run on a free port, always stopped (test/support/mock-global.ts).
    globalSetup: ['./test/support/mock-global.ts'],
    // The plain "N passed, N failed, N skipped" line CI reads comes last.
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
