// Vitest global setup: one mock for the whole run, on a port chosen by the OS,
// stopped in teardown. If the run itself is killed, the mock's watchdog ends
// it (scripts/lib/watchdog.cjs).
import type { TestProject } from 'vitest/node';
import { startMock } from './mock-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMock();
  project.provide('mockUrl', mock.url);
  return () => mock.stop();
}
