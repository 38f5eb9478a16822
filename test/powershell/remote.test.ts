// The windows-remote prelude, for real: PowerShell remoting over SSH to an sshd on 127.0.0.1 that
// this test starts, with the lab loaded in the remote session. The same runner tests as a local
// shell (results, structured errors, scopes, timeouts, dead sessions), add-user's scripts and a
// WSE deployment step through it, a session killed mid-step and one that dropped while idle.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { addUserJob } from '../../jobs/add-user/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { StepDefinition } from '../../src/engine/job-definition.ts';
import { parseQuota } from '../../src/exchange/size.ts';
import { PowerShellPool } from '../../src/powershell/pool.ts';
import { ScriptError, ShellBrokenError } from '../../src/powershell/session.ts';
import { LAB_HOST_MAP } from '../../src/targets/lab-hosts.ts';
import { loadTargets } from '../../src/targets/targets.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';
import { type Sshd, sshTargetsFile, startSshd } from '../fixtures/sshd.ts';

const T = 60_000;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-remote-scripts-'));
function script(name: string, body: string): string {
  const file = path.join(dir, `${name}.ps1`);
  writeFileSync(file, body);
  return file;
}

let sshd: Sshd;
let pool: PowerShellPool;
let labDir: string;
let local: { pool: PowerShellPool; labDir: string };

beforeAll(async () => {
  sshd = await startSshd({ pwsh: inject('pwsh') });
  labDir = mkdtempSync(path.join(os.tmpdir(), 'chatops-lab-'));
  const targets = sshTargetsFile(sshd, labDir, ['WSE', 'EXCH'], { LabRebootSeconds: 1 });
  pool = new PowerShellPool(loadTargets(loadConfig({ LAB_DIR: labDir, POWERSHELL_PATH: inject('pwsh'), TARGETS: targets })));
  local = labPool();
});

afterAll(async () => {
  await pool?.close();
  await local?.pool.close();
  await sshd?.stop();
});

const pidScript = () => script('pid', '@{ pid = $PID; root = $PSScriptRoot; remote = [bool]$PSSenderInfo }');

describe('the result protocol through a remote session', () => {
  it('runs the step in the remote session, from its own copy of the scripts', async () => {
    const where = (await pool.run('EXCH', { script: pidScript(), params: {} }, T)) as { pid: number; root: string; remote: boolean };
    expect(where.remote).toBe(true); // $PSSenderInfo exists only in a remoting session
    expect(where.root).not.toBe(dir); // a copy on the far side, not the worker's file
    // A job script dot-sources its helper through $PSScriptRoot: the copy has it too.
    const card = (await pool
      .run('EXCH', { script: path.join(ROOT, 'jobs/user-card/find-mailbox.ps1'), params: { Identity: 'Administrator' } }, T)
      .catch((e) => e)) as unknown;
    expect(card).not.toBeInstanceOf(ShellBrokenError);
    if (card instanceof ScriptError) expect(card.failure.message).not.toMatch(/exchange-helpers|is not recognized/);
  });

  it('returns the last object a script writes, with nested data and Unicode intact', async () => {
    const s = script(
      'echo',
      '[CmdletBinding()] param([string]$Text, [int[]]$Numbers, [hashtable]$Map)\n"noise"\n@{ text = $Text; sum = ($Numbers | Measure-Object -Sum).Sum; inner = $Map.inner }',
    );
    const params = { Text: 'Frédéric “quoted” ‘x’ 😀 <b> $(whoami)', Numbers: [1, 2, 3], Map: { inner: 'yes' } };
    const remote = await pool.run('EXCH', { script: s, params }, T);
    expect(remote).toEqual({ text: 'Frédéric “quoted” ‘x’ 😀 <b> $(whoami)', sum: 6, inner: 'yes' });
    expect(await local.pool.run('EXCH', { script: s, params }, T)).toEqual(remote);
  });

  it('turns a failure into the same structured error as a local shell, and keeps the session', async () => {
    const s = script('fail', '[CmdletBinding()] param()\nGet-Mailbox -Identity nobody');
    const remote: any = await pool.run('EXCH', { script: s, params: {} }, T).catch((e: any) => e);
    const localErr: any = await local.pool.run('EXCH', { script: s, params: {} }, T).catch((e: any) => e);
    expect(remote).toBeInstanceOf(ScriptError);
    expect(remote.failure).toEqual(localErr.failure);
    const unknownParam: any = await pool.run('EXCH', { script: s, params: { Bogus: 1 } }, T).catch((e: any) => e);
    expect(unknownParam.failure.id).toMatch(/NamedParameterNotFound/);
    const before = (await pool.run('EXCH', { script: pidScript(), params: {} }, T)) as { pid: number };
    await pool.run('EXCH', { script: s, params: {} }, T).catch(() => undefined);
    expect(((await pool.run('EXCH', { script: pidScript(), params: {} }, T)) as { pid: number }).pid).toBe(before.pid);
  });

  it('gives every invocation its own scope', async () => {
    const set = script('set', '$leak = "set by an earlier script"; @{ ok = $true }');
    const get = script('get', '@{ leak = [string]$leak }');
    await pool.run('EXCH', { script: set, params: {} }, T);
    expect(await pool.run('EXCH', { script: get, params: {} }, T)).toEqual({ leak: '' });
  });
});

describe('steps through the remote session', () => {
  function steps(name: string, alias: string, quota = '2GB'): Record<string, StepDefinition> {
    const q = parseQuota(quota);
    if (!q.ok) throw new Error(q.reason);
    const list = addUserJob.steps({ name, alias, samAccountName: alias.slice(0, 20), quota: q.quota }, LAB_HOST_MAP);
    return Object.fromEntries(list.map((s) => [s.id, s]));
  }

  it("runs add-user's steps and probes on the remote Exchange (the lab on the far side)", async () => {
    const s = steps('Grace', 'Grace', '1.5GB');
    const run = (st: StepDefinition, extra: Record<string, unknown> = {}) =>
      pool.run(LAB_HOST_MAP.hostFor(st.role ?? addUserJob.role), { script: st.script, params: { ...st.params, ...extra } }, T);
    const probe = (st: StepDefinition) => pool.run(LAB_HOST_MAP.hostFor(st.role ?? addUserJob.role), st.probe!, T) as Promise<{ done: boolean }>;
    let created: unknown;
    for (const step of Object.values(s)) {
      if (step.probe) expect((await probe(step)).done).toBe(false);
      const extra: Record<string, unknown> = step.generatedSecret ? { [step.generatedSecret.param]: 'Remote-Initial-9x' } : {};
      // Later steps act on the id the create step made (what the step runner passes them).
      if (step.actsOn) extra[step.actsOn.param] = created;
      const result = (await run(step, extra)) as { Guid?: unknown };
      if (step.creates) created = result.Guid;
      if (step.probe) expect((await probe(step)).done).toBe(true);
    }
    expect(mailbox(labDir, 'Grace')).toMatchObject({ PrimarySmtpAddress: 'Grace@contoso.com', ProhibitSendReceiveQuota: '1.5 GB (1,610,612,736 bytes)' });
    expect(labCalls(labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox')).toHaveLength(1);
    // Exchange's refusal of a duplicate comes back as the same structured error.
    const again = await run(s['create-mailbox']!).catch((e) => e);
    expect(again).toBeInstanceOf(ScriptError);
    expect((again as ScriptError).failure.id).toMatch(/ADObjectAlreadyExistsException/);
  });

  it('runs a WSE deployment step (D17, split DNS) with its probe, within the deployment rights', async () => {
    const d17 = path.join(ROOT, 'jobs/deploy/scripts/d17-split-dns.ps1');
    const params = { MailHost: 'mail.contoso.com', ExchangeIp: '192.168.1.20' };
    // The bot's own rights do not reach DNS: a deployment asks for its rights first (D1), and gives them back last.
    await expect(pool.run('WSE', { script: d17, params }, T)).rejects.toThrow(
      /Access is denied: Add-DnsServerPrimaryZone needs membership of Enterprise Admins/,
    );
    const granted = (await pool.run('WSE', { script: path.join(ROOT, 'jobs/deploy/scripts/rights-grant.ps1'), params: {} }, T)) as { held: string[] };
    expect(await pool.run('WSE', { script: d17, params: { ...params, Probe: true } }, T)).toMatchObject({ done: false });
    expect(await pool.run('WSE', { script: d17, params }, T)).toEqual({ zone: 'mail.contoso.com' });
    expect(await pool.run('WSE', { script: d17, params: { ...params, Probe: true } }, T)).toMatchObject({ done: true });
    expect(labCalls(labDir, 'WSE').map((c) => c.cmdlet)).toEqual(expect.arrayContaining(['Add-DnsServerPrimaryZone', 'Add-DnsServerResourceRecordA']));
    expect(JSON.stringify(labState(labDir, 'WSE'))).toContain('mail.contoso.com');
    expect(await pool.run('WSE', { script: path.join(ROOT, 'jobs/deploy/scripts/rights-revoke.ps1'), params: { Keep: granted.held } }, T)).toMatchObject({
      account: 'svc-chatops',
      removed: ['Schema Admins', 'Enterprise Admins', 'Organization Management'],
    });
  });
});

describe('broken and dropped sessions', () => {
  it('a step that overruns its timeout: the shell is replaced, and the next step gets a new session', async () => {
    const before = (await pool.run('WSE', { script: pidScript(), params: {} }, T)) as { pid: number };
    const slow = script('slow', 'Start-Sleep -Seconds 30; @{ ok = $true }');
    const err: any = await pool.run('WSE', { script: slow, params: {} }, 1500).catch((e: any) => e);
    expect(err).toBeInstanceOf(ShellBrokenError);
    expect(err.message).toMatch(/did not answer within/);
    const after = (await pool.run('WSE', { script: pidScript(), params: {} }, T)) as { pid: number };
    expect(after.pid).not.toBe(before.pid);
  });

  it('a session killed in the middle of a step: reported as broken at once, and the next step runs in a new one', async () => {
    const before = (await pool.run('WSE', { script: pidScript(), params: {} }, T)) as { pid: number };
    const slow = script('slow-kill', 'Start-Sleep -Seconds 20; @{ finished = $true }');
    const started = Date.now();
    const pending = pool.run('WSE', { script: slow, params: {} }, T).catch((e: any) => e);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sshd.sessionPids()).toContain(before.pid);
    process.kill(before.pid, 'SIGKILL'); // the remote PowerShell dies, as a server crash would take it
    const err: any = await pending;
    expect(err).toBeInstanceOf(ShellBrokenError);
    expect(err.message).toMatch(/broke during the step/);
    expect(Date.now() - started).toBeLessThan(15_000); // not the step's timeout
    const after = (await pool.run('WSE', { script: pidScript(), params: {} }, T)) as { pid: number };
    expect(after.pid).not.toBe(before.pid);
  });

  it('a session that dropped while idle is reopened before the next step, which runs normally', async () => {
    const info = script('info', '@{ pid = $PID }');
    const before = (await pool.run('EXCH', { script: info, params: {} }, T)) as { pid: number };
    process.kill(before.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await pool.run('EXCH', { script: info, params: {} }, T)) as { pid: number };
    expect(after.pid).not.toBe(before.pid);
  });
});
