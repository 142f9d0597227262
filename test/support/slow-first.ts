// vitest's file order: the files known to be slow first, then vitest's own
// order (failed first, then by the durations it cached, else by size). On a
// fresh clone vitest has no cached durations, so without this a slow file
// may start last and run alone while the other workers sit idle: the gate's
// wall time (`npm run bench -- gate`) would depend on luck. The list is
// ordered by the seconds each file took alone (BENCHMARKS.md, the gate);
// a file missing from it is only placed later, never skipped.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test files, slowest first (seconds each took alone on the 2-core machine, 2026-11-30, gate round 2). */
export const SLOW_FILES = [
  'test/docs/docs.test.ts', // ~17 s: one Redoc build, headless Chromium
  'test/types/typecheck.test.ts', // ~12 s: the whole project through tsc's compiler
  'test/contract/mock-command.test.ts', // ~10 s: mock processes through the CLI
  'test/review/diff.test.ts', // ~10 s: npm run diff twice
  'test/mock/stateful.test.ts', // ~9 s: restart and state-file processes
  'test/spec/pipeline.test.ts', // ~8 s: lint and generate, in process and once each as a CLI
  'test/package/pack.test.ts', // ~8 s: build, npm pack, a consumer install
];

/** Orders test files with SLOW_FILES first, in their order, then as vitest would. */
export default class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = SLOW_FILES.indexOf(relative(process.cwd(), spec.moduleId).split('\\').join('/'));
      return index === -1 ? SLOW_FILES.length : index;
    };
    const rest = await super.sort(files);
    return rest.map((spec, i) => ({ spec, i })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i).map(({ spec }) => spec);
  }
}
