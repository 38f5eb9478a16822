// One real redis-server for the whole run (each test file takes its own database number), and a
// check that PowerShell is there: tests use the real thing, never a mock. The lab's role group,
// made by running the generated grant-bot-rights.ps1 (some 20 s), is made here once, before the
// tests' shells start together and would each wait for it (src/lab/RbacLab.ps1 keeps the copy).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { locatePowerShell } from '../../src/powershell/locate.ts';
import { startPrivateRedis } from '../../src/redis/private-redis.ts';
import { TEST_DATABASES } from '../fixtures/test-redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    pwsh: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-test-redis-'));
  const redis = await startPrivateRedis(dir, { persist: false, databases: TEST_DATABASES });
  project.provide('redisUrl', redis.url);
  const pwsh = locatePowerShell(process.env.POWERSHELL_PATH);
  project.provide('pwsh', pwsh);
  // vitest.config.ts enforces the bot's rights in the tests (its env reaches them, not this process).
  if (process.env.LAB_ENFORCE_RBAC !== 'false') warmLabRoleGroup(pwsh);
  return async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

function warmLabRoleGroup(pwsh: string): void {
  const lab = mkdtempSync(path.join(os.tmpdir(), 'chatops-lab-warm-'));
  const src = path.resolve(import.meta.dirname, '../../src/lab');
  const quote = (p: string) => `'${p.replaceAll("'", "''")}'`;
  try {
    execFileSync(
      pwsh,
      [
        '-NoLogo',
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        `$env:LAB_ENFORCE_RBAC = 'true'; & ${quote(path.join(src, 'lab-prelude.ps1'))} -ModulePath ${quote(path.join(src, 'ExchangeLab.psm1'))} -LabDir ${quote(lab)} -HostName EXCH | Out-Null`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 },
    );
  } finally {
    rmSync(lab, { recursive: true, force: true });
  }
}
