// A setup file of the `mock` project (vitest.config.ts): before a file's
// tests, waits until the run's shared mock listens (test/support/mock-global.ts
// starts it without waiting), so `mockUrl()` can answer at once.
import { beforeAll } from 'vitest';
import { mockReady } from './mock-client.js';

/** How long a file waits for the shared mock on a loaded machine (Prism loads in a few seconds on an idle one). */
const WAIT_MS = 120_000;

beforeAll(() => mockReady(WAIT_MS), WAIT_MS + 5_000);
