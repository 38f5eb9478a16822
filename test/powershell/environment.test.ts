// A shell gets an allow-listed environment, never the worker's own: the Slack tokens, Redis URL
// and EXCHANGE_SECRET_* stay in Node. EXCHANGE_SECRET_* are taken out of the environment at start
// and kept in memory only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { shellEnvironment } from '../../src/powershell/environment.ts';
import { captureEnvironmentSecrets, readSecret } from '../../src/secrets.ts';
import { labPool } from '../fixtures/lab-pool.ts';

const CANARIES = {
  SLACK_BOT_TOKEN: 'xoxb-canary-bot-token',
  SLACK_APP_TOKEN: 'xapp-canary-app-token',
  SLACK_SIGNING_SECRET: 'canary-signing-secret',
  REDIS_URL: 'redis://:canary-redis-password@127.0.0.1:1/0',
  ADMIN_PASSWORD: 'canary admin password',
  EXCHANGE_SECRET_PFX_PASS: 'canary-pfx-password',
  SOME_OTHER_TOOL_TOKEN: 'canary-unrelated',
};
let pool: PowerShellPool;
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  for (const [k, v] of Object.entries({ ...CANARIES, LAB_CANARY: 'lab variables pass' })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  ({ pool } = labPool());
});
afterAll(async () => {
  await pool.close();
  for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
});

it('a shell cannot see the bot tokens, the Redis URL or any secret; it sees what PowerShell needs and the lab variables', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-env-'));
  const file = path.join(dir, 'env.ps1');
  writeFileSync(file, '$all = @{}; foreach ($v in Get-ChildItem env:) { $all[$v.Name] = [string]$v.Value }; @{ env = $all }');
  const { env } = (await pool.run('EXCH', { script: file, params: {} }, 30_000)) as { env: Record<string, string> };
  const text = JSON.stringify(env);
  for (const [name, value] of Object.entries(CANARIES)) {
    expect(env[name], name).toBeUndefined();
    expect(text).not.toContain(value);
  }
  expect(env.PATH).toBeTruthy();
  expect(env.HOME).toBeTruthy();
  expect(env.LAB_CANARY).toBe('lab variables pass');
});

it('EXCHANGE_SECRET_* are read once, taken out of the environment, and still readable by name', () => {
  const env: NodeJS.ProcessEnv = { EXCHANGE_SECRET_CERT_PASS: 'kept in memory', PATH: '/bin' };
  captureEnvironmentSecrets(env);
  expect(env.EXCHANGE_SECRET_CERT_PASS).toBeUndefined();
  expect(readSecret('cert-pass', mkdtempSync(path.join(os.tmpdir(), 'chatops-secrets-')))).toBe('kept in memory');
  expect(
    shellEnvironment({ PATH: '/bin', Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', EXCHANGE_SECRET_X: 'no', SLACK_BOT_TOKEN: 'no', LAB_SLOW: 'yes' }),
  ).toEqual({
    PATH: '/bin',
    Path: 'C:\\Windows',
    SystemRoot: 'C:\\Windows',
    LAB_SLOW: 'yes',
  });
});
