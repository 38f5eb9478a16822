// The lab's state lock after a crash: a shell SIGKILLed inside a write leaves its lock file. A
// lock whose process is gone is taken over at once (before, a successor waited 15 s for a lock
// that counted as stale only after 30 s, and failed its step); a live writer's lock is respected
// until it is 10 s old.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
let labDir: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-lock-'));
const script = path.join(dir, 'write-quota.ps1');
writeFileSync(
  script,
  [
    '<#',
    '.SYNOPSIS',
    '    Test helper: one write to EXCH (a quota), timed.',
    '#>',
    'param()',
    '$t = [System.Diagnostics.Stopwatch]::StartNew()',
    "Set-Mailbox -Identity Administrator -IssueWarningQuota 'Unlimited' -ProhibitSendQuota 'Unlimited' -ProhibitSendReceiveQuota 'Unlimited' -UseDatabaseQuotaDefaults $false",
    '@{ ms = $t.ElapsedMilliseconds }',
  ].join('\n'),
);

beforeAll(async () => {
  ({ pool, labDir } = labPool());
  await pool.warm('EXCH');
});
afterAll(() => pool.close());

it('takes over the lock of a writer that died, at once', async () => {
  writeFileSync(path.join(labDir, 'EXCH.json.lock'), '999999'); // no such process
  const result = (await pool.run('EXCH', { script, params: {} }, 30_000)) as { ms: number };
  expect(result.ms).toBeLessThan(3000);
});

it('waits for a live writer, and takes a lock over only once it is 10 s old (inside the 15 s a writer waits)', async () => {
  writeFileSync(path.join(labDir, 'EXCH.json.lock'), String(process.pid)); // alive, and fresh
  const result = (await pool.run('EXCH', { script, params: {} }, 30_000)) as { ms: number };
  expect(result.ms).toBeGreaterThanOrEqual(9000);
  expect(result.ms).toBeLessThan(15_000);
}, 40_000);

it('a reader never finds the state file missing or half written while the lab writes it (one rename, not delete then move)', async () => {
  const file = path.join(labDir, 'EXCH.json');
  let reads = 0;
  const missing: string[] = [];
  let writing = true;
  const reader = (async () => {
    while (writing) {
      try {
        JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        missing.push((error as Error).message);
      }
      reads++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  const writes = path.join(dir, 'write-many.ps1');
  writeFileSync(
    writes,
    [
      '<#',
      '.SYNOPSIS',
      '    Test helper: 150 writes to EXCH.',
      '#>',
      'param([string]$One)',
      '1..150 | ForEach-Object { & $One | Out-Null }',
      '@{ ok = $true }',
    ].join('\n'),
  );
  await pool.run('EXCH', { script: writes, params: { One: script } }, 60_000);
  writing = false;
  await reader;
  expect(reads).toBeGreaterThan(100);
  expect(missing).toEqual([]);
}, 70_000);
