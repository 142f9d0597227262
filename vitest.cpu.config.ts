import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { pool: 'forks', isolate: false, testTimeout: 120000, hookTimeout: 120000, setupFiles: ['./test/support/assertion-count.ts', '/tmp/g1/cpu-setup.ts'] } });
