// The lab's state lock: the operating system's (the lock file opened with no sharing), so a shell
// SIGKILLed inside a write leaves no lock behind, a live writer is waited for, and a reader never
// finds a state file missing while it is rewritten.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
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

/** A process holding EXCH's lock as the lab's writers take it (the lock file opened with no sharing). */
function holdLock(seconds: number): Promise<ChildProcess> {
  const holder = spawn(
    inject('pwsh'),
    [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      `$s = [System.IO.File]::Open('${path.join(labDir, 'EXCH.json.lock')}', 'OpenOrCreate', 'ReadWrite', 'None'); 'held'; Start-Sleep -Seconds ${seconds}; $s.Dispose()`,
    ],
    { detached: true },
  ); // its own process group: the dotnet tool's pwsh runs PowerShell as a child
  return new Promise((resolve, reject) => {
    holder.stdout.on('data', (d) => String(d).includes('held') && resolve(holder));
    holder.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before holding the lock`)));
  });
}

it('a writer killed while it holds the lock leaves none behind: the next write goes in at once', async () => {
  const holder = await holdLock(60);
  const exited = new Promise((r) => holder.once('exit', r));
  process.kill(-holder.pid!, 'SIGKILL'); // the whole group, PowerShell itself included
  await exited;
  const result = (await pool.run('EXCH', { script, params: {} }, 30_000)) as { ms: number };
  expect(result.ms).toBeLessThan(3000);
});

it('waits for a live writer, and goes in as soon as it lets go', async () => {
  const holder = await holdLock(3);
  const result = (await pool.run('EXCH', { script, params: {} }, 30_000)) as { ms: number };
  expect(result.ms).toBeGreaterThanOrEqual(2000);
  expect(result.ms).toBeLessThan(10_000);
  await new Promise((r) => (holder.exitCode === null ? holder.once('exit', r) : r(undefined)));
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
