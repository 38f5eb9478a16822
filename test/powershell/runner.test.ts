// The PowerShell runner: warm shells, one JSON result, structured errors, timeouts, broken shells
// replaced, and the lab's shadows of Restart-Computer / Stop-Computer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { ScriptError, ShellBrokenError } from '../../src/powershell/session.ts';
import { labState } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
let labDir: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-scripts-'));
function script(name: string, body: string): string {
  const file = path.join(dir, `${name}.ps1`);
  writeFileSync(file, body);
  return file;
}

beforeAll(() => ({ pool, labDir } = labPool()));
afterAll(() => pool.close());

it('returns the last object a script writes, with nested data and Unicode intact', async () => {
  const s = script(
    'echo',
    '[CmdletBinding()] param([string]$Text, [int[]]$Numbers, [hashtable]$Map)\n"noise"\n@{ text = $Text; sum = ($Numbers | Measure-Object -Sum).Sum; inner = $Map.inner }',
  );
  const result = await pool.run('EXCH', { script: s, params: { Text: 'Frédéric “quoted” ‘x’ 😀 <b>', Numbers: [1, 2, 3], Map: { inner: 'yes' } } }, 30_000);
  expect(result).toEqual({ text: 'Frédéric “quoted” ‘x’ 😀 <b>', sum: 6, inner: 'yes' });
});

it('turns a failure into a structured error and keeps the shell', async () => {
  const s = script('fail', '[CmdletBinding()] param()\nGet-Mailbox -Identity nobody');
  const err: any = await pool.run('EXCH', { script: s, params: {} }, 30_000).catch((e: any) => e);
  expect(err).toBeInstanceOf(ScriptError);
  expect(err.failure).toMatchObject({
    message: "The operation couldn't be performed because object 'nobody' couldn't be found on 'WSE.contoso.local'.",
    category: 'NotSpecified',
  });
  expect(err.failure.id).toMatch(/ManagementObjectNotFoundException/);
  const unknownParam: any = await pool.run('EXCH', { script: s, params: { Bogus: 1 } }, 30_000).catch((e: any) => e);
  expect(unknownParam.failure.id).toMatch(/NamedParameterNotFound/);
});

it('gives every invocation its own scope', async () => {
  const set = script('set', '$leak = "set by an earlier script"; @{ ok = $true }');
  const get = script('get', '@{ leak = [string]$leak }');
  await pool.run('EXCH', { script: set, params: {} }, 30_000);
  expect(await pool.run('EXCH', { script: get, params: {} }, 30_000)).toEqual({ leak: '' });
});

it('replaces a shell that times out, and the next call works', async () => {
  const slow = script('slow', 'Start-Sleep -Seconds 30; @{ ok = $true }');
  const pid = script('pid', '@{ pid = $PID }');
  const before = (await pool.run('EXCH', { script: pid, params: {} }, 30_000)) as { pid: number };
  const err: any = await pool.run('EXCH', { script: slow, params: {} }, 500).catch((e: any) => e);
  expect(err).toBeInstanceOf(ShellBrokenError);
  expect(err.message).toMatch(/did not answer within/);
  const after = (await pool.run('EXCH', { script: pid, params: {} }, 30_000)) as { pid: number };
  expect(after.pid).not.toBe(before.pid);
});

it('replaces a shell whose process died', async () => {
  const pid = script('pid2', '@{ pid = $PID }');
  const { pid: first } = (await pool.run('WSE', { script: pid, params: {} }, 30_000)) as { pid: number };
  process.kill(first, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  await expect(pool.run('WSE', { script: pid, params: {} }, 30_000)).rejects.toBeInstanceOf(ShellBrokenError);
  const { pid: second } = (await pool.run('WSE', { script: pid, params: {} }, 30_000)) as { pid: number };
  expect(second).not.toBe(first);
});

it('shadows Restart-Computer and Stop-Computer: a simulated reboot, never a real one', async () => {
  const which = script(
    'which',
    '@{ restart = (Get-Command Restart-Computer).CommandType.ToString(); module = (Get-Command Restart-Computer).ModuleName; stop = (Get-Command Stop-Computer).ModuleName }',
  );
  expect(await pool.run('EXCH', { script: which, params: {} }, 30_000)).toEqual({ restart: 'Function', module: 'ExchangeLab', stop: 'ExchangeLab' });
  const bootBefore = labState(labDir, 'EXCH').LastBootUpTime;
  const reboot = script('reboot', 'Restart-Computer -Force; @{ asked = $true }');
  await pool.run('EXCH', { script: reboot, params: {} }, 30_000);
  const state = labState(labDir, 'EXCH');
  expect(new Date(state.LastBootUpTime).getTime()).toBeGreaterThan(new Date(bootBefore).getTime());
  const stop = script('stop', 'Stop-Computer -Force');
  await expect(pool.run('EXCH', { script: stop, params: {} }, 30_000)).rejects.toThrow(/Refused/);
  // While "rebooting" the host does not answer, as a real one would not.
  const ask = script('ask', '@(Get-Mailbox).Count');
  await expect(pool.run('EXCH', { script: ask, params: {} }, 30_000)).rejects.toThrow(/WinRM cannot complete the operation/);
  await new Promise((r) => setTimeout(r, 1100));
  await expect(pool.run('EXCH', { script: ask, params: {} }, 30_000)).resolves.toBe(1);
});
