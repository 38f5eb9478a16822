// The windows-remote prelude against the bot's JEA endpoint, for real: an sshd on 127.0.0.1 whose
// `chatopsbot` subsystem is a RestrictedRemoteServer / NoLanguage session configuration with the
// VisibleCmdlets and the Invoke-ChatOpsStep function that grant-bot-rights.ps1 writes (the same
// code builds both), over a copy of the scripts it installs, the lab standing in for WSE. WSE's
// steps, probes and queries give the same answers through it as through the plain remote session;
// anything else is refused; a session killed mid-step is reported broken and the next step reopens.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { PowerShellPool } from '../../src/powershell/pool.ts';
import { ScriptError, ShellBrokenError } from '../../src/powershell/session.ts';
import { loadTargets } from '../../src/targets/targets.ts';
import { type JeaEndpoint, writeJeaEndpoint } from '../fixtures/jea.ts';
import { labCalls } from '../fixtures/lab.ts';
import { type Sshd, sshTargetsFile, startSshd } from '../fixtures/sshd.ts';

const T = 60_000;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SLOW_MS = 20_000;

let sshd: Sshd;
let endpoint: JeaEndpoint;
let labDir: string;
let jea: PowerShellPool;
let plain: PowerShellPool;

beforeAll(async () => {
  endpoint = writeJeaEndpoint(inject('pwsh'));
  labDir = mkdtempSync(path.join(os.tmpdir(), 'chatops-lab-'));
  // The lab of both endpoints is the sshd's environment; only Enable-ExchangeIntegration is slow.
  sshd = await startSshd({
    pwsh: inject('pwsh'),
    env: { LAB_DIR: labDir, LAB_REBOOT_SECONDS: '1', LAB_SLOW: `Enable-ExchangeIntegration=${SLOW_MS}` },
    configurations: { chatopsbot: endpoint.pssc },
  });
  const targets = (extra: Record<string, string | number>) =>
    loadTargets(loadConfig({ LAB_DIR: labDir, POWERSHELL_PATH: inject('pwsh'), TARGETS: sshTargetsFile(sshd, labDir, ['WSE'], extra) }));
  jea = new PowerShellPool(targets({ ConfigurationName: 'ChatOpsBot', Subsystem: 'chatopsbot', LabRebootSeconds: 1 }));
  plain = new PowerShellPool(targets({ LabRebootSeconds: 1 }));
}, 120_000);

afterAll(async () => {
  await jea?.close();
  await plain?.close();
  await sshd?.stop();
});

/** A pwsh of its own that opens the JEA session and does what a client other than the bot might try. */
function raw(body: string): string {
  const script = [
    `$o = @{ BatchMode = 'yes'; LogLevel = 'ERROR'; UserKnownHostsFile = '${sshd.knownHosts}'; StrictHostKeyChecking = 'yes' }`,
    `$session = New-PSSession -HostName 127.0.0.1 -Port ${sshd.port} -UserName ${sshd.user} -KeyFilePath '${sshd.keyFile}' -Subsystem chatopsbot -Options $o -ErrorAction Stop`,
    body,
    'Remove-PSSession $session',
  ].join('\n');
  return execFileSync(inject('pwsh'), ['-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8', timeout: T });
}

const wse = (p: PowerShellPool, script: string, params: Record<string, unknown> = {}) => p.run('WSE', { script: path.join(ROOT, script), params }, T);

describe('the endpoint', () => {
  it('is NoLanguage: a script block is refused; the client sees only Invoke-ChatOpsStep and the JEA basics', () => {
    const out = raw(
      [
        "try { Invoke-Command -Session $session -ScriptBlock { 1 + 1 } -ErrorAction Stop; 'RAN' } catch { 'REFUSED: ' + $_.Exception.Message }",
        '$ps = [PowerShell]::Create(); $ps.Runspace = $session.Runspace',
        "'COMMANDS: ' + ((@($ps.AddCommand('Get-Command').Invoke()) | ForEach-Object { $_.Name }) -join ',')",
        // Past the bot's own check: the endpoint's ValidateSet refuses a script it does not run.
        '$ps = [PowerShell]::Create(); $ps.Runspace = $session.Runspace',
        "try { $ps.AddCommand('Invoke-ChatOpsStep').AddParameter('Script', 'jobs/add-user/test-name-free.ps1').Invoke(); 'RAN' } catch { 'NOT IN SET: ' + $_.Exception.InnerException.ErrorRecord.FullyQualifiedErrorId }",
      ].join('\n'),
    );
    expect(out).toMatch(/REFUSED: .*no-language mode/);
    expect(out).not.toMatch(/^RAN/m);
    const commands = /COMMANDS: (.*)/.exec(out)![1]!.split(',');
    expect(commands).toContain('Invoke-ChatOpsStep');
    expect(commands).not.toContain('Get-Mailbox'); // the lab's functions are there, but private
    expect(commands).not.toContain('Enable-ExchangeIntegration');
    expect(out).toMatch(/NOT IN SET: ParameterArgumentValidationError,Invoke-ChatOpsStep/);
  });

  it('runs exactly the domain-controller scripts (steps, probes, queries), none of Exchange', () => {
    expect(endpoint.scripts).toEqual(
      expect.arrayContaining(['jobs/deploy/scripts/d17-split-dns.ps1', 'jobs/health/get-health.ps1', 'jobs/integration/enable-integration.ps1']),
    );
    expect(endpoint.scripts.filter((s) => s.startsWith('jobs/add-user/'))).toEqual([]);
  });
});

describe('WSE steps through the JEA endpoint', () => {
  it('a query and a read-only step answer as through the plain remote session', async () => {
    for (const script of ['jobs/health/get-health.ps1', 'src/powershell/scripts/get-boot-time.ps1']) {
      const through = await wse(jea, script);
      expect(through).toEqual(await wse(plain, script));
      expect(through).toHaveProperty('LastBootUpTime');
    }
  });

  it('a deployment step (D17, split DNS) and its probe, and its errors, as through the plain session', async () => {
    const d17 = 'jobs/deploy/scripts/d17-split-dns.ps1';
    const params = { MailHost: 'mail.contoso.com', ExchangeIp: '192.168.1.20' };
    const probe = await wse(jea, d17, { ...params, Probe: true });
    expect(probe).toMatchObject({ done: false });
    expect(probe).toEqual(await wse(plain, d17, { ...params, Probe: true }));
    // The bot's standing rights do not reach DNS (the lab enforces them): the deployment's first
    // step gives them, through the endpoint as well, and its last gives them back.
    await expect(wse(jea, d17, params)).rejects.toThrow(/Access is denied: Add-DnsServerPrimaryZone needs membership of Enterprise Admins/);
    const granted = (await wse(jea, 'jobs/deploy/scripts/rights-grant.ps1')) as { held: string[]; added: string[] };
    expect(granted.added).toContain('Enterprise Admins');
    expect(await wse(jea, d17, params)).toEqual({ zone: 'mail.contoso.com' });
    expect(await wse(jea, 'jobs/deploy/scripts/rights-revoke.ps1', { Keep: granted.held })).toMatchObject({ removed: granted.added });
    expect(await wse(jea, d17, { ...params, Probe: true })).toMatchObject({ done: true });
    expect(await wse(plain, d17, { ...params, Probe: true })).toEqual(await wse(jea, d17, { ...params, Probe: true }));
    expect(labCalls(labDir, 'WSE').map((c) => c.cmdlet)).toEqual(expect.arrayContaining(['Add-DnsServerPrimaryZone', 'Add-DnsServerResourceRecordA']));
    // A structured error is the same: a parameter the script does not take.
    const viaJea: any = await wse(jea, d17, { Bogus: 1 }).catch((e) => e);
    const viaPlain: any = await wse(plain, d17, { Bogus: 1 }).catch((e) => e);
    expect(viaJea).toBeInstanceOf(ScriptError);
    expect(viaJea.failure.id).toMatch(/NamedParameterNotFound/);
    expect(viaJea.failure).toEqual(viaPlain.failure);
  });

  it('a script not on the endpoint list is refused before anything is sent', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-jea-other-'));
    const other = path.join(dir, 'other.ps1');
    writeFileSync(other, '@{ ran = $true }');
    const calls = labCalls(labDir, 'WSE').length;
    for (const script of [other, path.join(ROOT, 'jobs/add-user/test-name-free.ps1')]) {
      const err: any = await jea.run('WSE', { script, params: { Name: 'x' } }, T).catch((e) => e);
      expect(err).toBeInstanceOf(ScriptError);
      expect(err.failure.id).toBe('ChatOpsJeaScriptNotAllowed');
      expect(err.failure.message).toMatch(/does not run .*(other\.ps1|jobs\/add-user\/test-name-free\.ps1)/);
    }
    expect(labCalls(labDir, 'WSE')).toHaveLength(calls);
    expect(await wse(jea, 'src/powershell/scripts/get-boot-time.ps1')).toHaveProperty('LastBootUpTime'); // the session is fine
  });

  it('a session killed mid-step: the step is reported broken, and the next step reopens and succeeds', async () => {
    await wse(jea, 'src/powershell/scripts/get-boot-time.ps1'); // warm
    const started = Date.now();
    const pending = wse(jea, 'jobs/integration/enable-integration.ps1').catch((e) => e);
    const deadline = Date.now() + 15_000;
    while (!labCalls(labDir, 'WSE').some((c) => c.cmdlet === 'Enable-ExchangeIntegration')) {
      if (Date.now() > deadline) throw new Error('Enable-ExchangeIntegration never ran');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sshd.killSessions()).toBeGreaterThan(0);
    const err: any = await pending;
    expect(err).toBeInstanceOf(ShellBrokenError);
    expect(err.message).toMatch(/broke during the step/);
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    expect(await wse(jea, 'jobs/integration/disable-integration.ps1')).toEqual({ on: false });
  });

  it('a session that dropped while idle is reopened (with no copy, no init) before the next step', async () => {
    expect(await wse(jea, 'src/powershell/scripts/get-boot-time.ps1')).toHaveProperty('LastBootUpTime');
    expect(sshd.killSessions()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    const d17 = 'jobs/deploy/scripts/d17-split-dns.ps1';
    expect(await wse(jea, d17, { MailHost: 'mail.contoso.com', ExchangeIp: '192.168.1.20', Probe: true })).toMatchObject({ done: true });
  });
});
