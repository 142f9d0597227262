// A setup file of every project: records how many assertions (`expect`
// calls, those in afterEach hooks included) each test made, in the test's
// meta as `assertions`. The summary reporter and `npm run bench -- gate`
// add them up, so a change that drops assertions shows in the totals.
import { afterEach, expect } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** The number of assertions the test made (expect.getState().assertionCalls once its hooks ran). */
    assertions?: number;
  }
}

// Registered before any file's own hooks, so with vitest's default `stack`
// order it runs after them and counts their assertions too.
afterEach(({ task }) => {
  task.meta.assertions = expect.getState().assertionCalls;
});
