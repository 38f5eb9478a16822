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
    // Every test runs under the bot's least rights: the lab's Exchange cmdlets answer only as the
    // role group made by scripts/windows/grant-bot-rights.ps1 allows (src/lab/RbacLab.ps1), and
    // the shells run as the bot's service account. A test of the administrator's own shell says
    // LAB_ENFORCE_RBAC=false (test/fixtures/lab-pool.ts).
    env: { LAB_ENFORCE_RBAC: 'true' },
  },
});
