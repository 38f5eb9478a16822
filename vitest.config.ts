import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests live in test/, and beside what they test where that reads better (jobs/deploy/plan.test.ts).
    include: ['test/**/*.test.ts', '{commands,jobs,src}/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end files each run a whole app, Redis and PowerShell.
    maxWorkers: 2,
  },
});
