// Prints one plain line, "N passed, N failed, N skipped", after vitest's own
// summary: CI reads that line, not vitest's. Errors outside any test (a
// crashed setup, an unhandled rejection) count as failures. The line before
// it counts the assertions the tests made (test/support/assertion-count.ts),
// so a reviewer sees that a change dropped none.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let assertions = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        assertions += test.meta().assertions ?? 0;
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file that fails to load has no tests to count: count it once.
      if (module.state() === 'failed' && ![...module.children.allTests()].some((t) => t.result().state === 'failed')) counts.failed++;
    }
    counts.failed += unhandledErrors.length;
    process.stdout.write(`\n${assertions} assertions in ${testModules.length} files\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
