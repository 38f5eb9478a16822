// One real redis-server for the whole run (each test file takes its own database number), and a
// check that PowerShell is there: tests use the real thing, never a mock.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { locatePowerShell } from '../../src/powershell/locate.ts';
import { startPrivateRedis } from '../../src/redis/private-redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    pwsh: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-test-redis-'));
  const redis = await startPrivateRedis(dir, { persist: false });
  project.provide('redisUrl', redis.url);
  project.provide('pwsh', locatePowerShell(process.env.POWERSHELL_PATH));
  return async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
