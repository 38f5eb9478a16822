// Least privilege computed from the scripts (npm run rights): the committed grant-bot-rights.ps1 is
// what today's scripts need; run against the lab it builds the "ChatOps Bot" role group of trimmed
// custom roles; with LAB_ENFORCE_RBAC=true the lab refuses what those roles do not hold, and every
// standing job's steps still run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addUserJob } from '../../jobs/add-user/index.ts';
import { removeUserJob } from '../../jobs/remove-user/index.ts';
import { setAliasJob } from '../../jobs/set-alias/index.ts';
import { setQuotaJob } from '../../jobs/set-quota/index.ts';
import { userCardQuery } from '../../jobs/user-card/index.ts';
import { userListQuery } from '../../jobs/user-list/index.ts';
import { healthQuery } from '../../jobs/health/index.ts';
import { computeRights, GRANT_SCRIPT, renderGrantScript, renderJeaBlock, type Rights } from '../../scripts/rights.ts';
import type { StepDefinition } from '../../src/engine/job-definition.ts';
import { parseQuota } from '../../src/exchange/size.ts';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { ScriptError } from '../../src/powershell/session.ts';
import { labCalls } from '../fixtures/lab.ts';
import { labPool, withLabEnv } from '../fixtures/lab-pool.ts';
import { loadConfig } from '../../src/config.ts';
import { PowerShellPool as Pool } from '../../src/powershell/pool.ts';
import { LAB_HOST_MAP } from '../../src/targets/lab-hosts.ts';
import { loadTargets } from '../../src/targets/targets.ts';

const T = 60_000;
let rights: Rights;
let admin: { pool: PowerShellPool; labDir: string };
let bot: PowerShellPool;

beforeAll(async () => {
  rights = computeRights(inject('pwsh'));
  admin = labPool({ LAB_ENFORCE_RBAC: 'false' }); // the administrator's shell
  await admin.pool.warm('EXCH');
  // The bot's shell, enforced; its role group is the one this file's grant makes (not the lab's own).
  bot = new Pool(
    withLabEnv(loadTargets(loadConfig({ LAB_DIR: admin.labDir, POWERSHELL_PATH: inject('pwsh'), LAB_REBOOT_SECONDS: '1' })), {
      LAB_ENFORCE_RBAC: 'true',
      LAB_RBAC_GRANT: 'false',
    }),
  );
  await bot.warm('EXCH');
});
afterAll(async () => {
  await admin?.pool.close();
  await bot?.close();
});

describe('npm run rights', () => {
  it('the committed scripts/windows/grant-bot-rights.ps1 is what the scripts need today (run npm run rights if not)', () => {
    expect(rights.problems).toEqual([]);
    expect(readFileSync(GRANT_SCRIPT, 'utf8')).toBe(renderGrantScript(rights));
  });

  it('lists per host role each cmdlet and parameter; Exchange cmdlets only in RBAC, deployment apart', () => {
    expect(rights.exchange['New-Mailbox']).toEqual({
      parent: 'Mail Recipient Creation',
      parameters: expect.arrayContaining(['Name', 'Alias', 'SamAccountName', 'UserPrincipalName', 'Password']),
    });
    expect(rights.exchange['Set-Mailbox']!.parameters).toEqual(expect.arrayContaining(['Identity', 'ProhibitSendReceiveQuota', 'Alias', 'EmailAddresses']));
    expect(rights.exchange['Set-Mailbox']!.parameters).not.toContain('DisplayName');
    // Deployment's cmdlets are not standing rights.
    expect(rights.exchange['Set-OwaVirtualDirectory']).toBeUndefined();
    expect(rights.deployment.exchange['Set-OwaVirtualDirectory']).toBeDefined();
    expect(rights.deployment['domain-controller']['Add-DnsServerPrimaryZone']).toEqual(['Name', 'ReplicationScope']);
    // The domain controller: no Exchange cmdlet, no AD write the Exchange host does itself.
    for (const c of Object.keys(rights.domainController)) expect(c in rights.exchange).toBe(false);
    expect(rights.domainController['Set-ADAccountPassword']).toBeUndefined();
    expect(rights.exchangeHost['Set-ADAccountPassword']!.parameters).toEqual(['Identity', 'NewPassword', 'Reset']);
    // Validation carried into JEA where the script passes constants.
    expect(rights.domainController['Get-Service']!.parameters).toEqual([{ name: 'Name', validateSet: ['MSExchange*', 'MSExchangeIS', 'TSGateway'] }]);
    // The deployment's reads are standing (deploy plan reads with the bot's own rights); its writes are not.
    expect(rights.exchange['Get-SendConnector']?.parent).toBe('View-Only Configuration');
    expect(rights.deployment.exchange['Get-SendConnector']).toBeUndefined();
    expect(rights.deployment.exchange['New-SendConnector']).toBeDefined();
    // A script of jobs/deploy that another command runs (cert request) is standing.
    expect(rights.exchange['New-ExchangeCertificate']?.parent).toBe('Exchange Server Certificates');
    expect(rights.deployment.exchange['New-ExchangeCertificate']).toBeUndefined();
    // Every custom role derives from one of Microsoft's built-in management roles: "Organization
    // Management" is a role group, and New-ManagementRole -Parent refuses it.
    const parents = new Set(Object.values(rights.exchange).map((e) => e.parent));
    expect([...parents].filter((p) => !rights.exchangeParents.includes(p))).toEqual([]);
    expect(parents.has('Organization Management')).toBe(false);
    // The AD writes the Exchange host makes, each delegated on the OU, and nothing else.
    expect(rights.adDelegations).toEqual([
      'CA;Reset Password;user',
      'WP;lockoutTime;user',
      'WP;member;group',
      'WP;pwdLastSet;user',
      'WP;userAccountControl;user',
    ]);
  });

  it("the JEA role capability: Invoke-ChatOpsStep over exactly the domain controller's scripts, its root filled in", () => {
    expect(rights.jea.scripts).toEqual(rights.scripts.filter((x) => x.roles.includes('domain-controller')).map((x) => x.script));
    expect(rights.jea.files).toEqual(expect.arrayContaining(rights.jea.scripts));
    // What the grant script does with it (New-PSRoleCapabilityFile, then the root), minus Windows.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-psrc-'));
    const psrc = path.join(dir, 'ChatOpsBot.psrc');
    const root = "C:\\Program Files\\O'Brien\\scripts";
    const writer = path.join(dir, 'write.ps1');
    writeFileSync(
      writer,
      [
        renderJeaBlock(rights),
        `New-PSRoleCapabilityFile -Path '${psrc}' -VisibleCmdlets $JeaVisibleCmdlets -FunctionDefinitions @{ Name = 'Invoke-ChatOpsStep'; ScriptBlock = $JeaStepFunction }`,
        `Set-ChatOpsJeaScriptsRoot -Path '${psrc}' -ScriptsRoot "${root}"`,
        '$errors = $null',
        `[void][System.Management.Automation.Language.Parser]::ParseFile('${psrc}', [ref]$null, [ref]$errors)`,
        '@($errors).Count',
      ].join('\n'),
    );
    expect(execFileSync(inject('pwsh'), ['-NoProfile', '-NonInteractive', '-File', writer], { encoding: 'utf8' }).trim()).toBe('0');
    const text = readFileSync(psrc, 'utf16le');
    expect(text).toContain("'Name' = 'Invoke-ChatOpsStep'");
    expect(text).toContain("Join-Path 'C:\\Program Files\\O''Brien\\scripts' $Script");
    expect(text).not.toContain('@@SCRIPTS');
    expect(text).toContain(`[ValidateSet(${rights.jea.scripts.map((x) => `'${x}'`).join(', ')})]`);
    // JEA refuses a VisibleCmdlets entry @{ Name } without Parameters: such a cmdlet is its bare name.
    expect(text).toMatch(/VisibleCmdlets = 'Disable-ExchangeIntegration', 'Enable-ExchangeIntegration', @\{/);
  });
});

describe('the grant script against the lab, and the lab enforcing it', () => {
  const grant = (extra: Record<string, unknown> = {}) =>
    admin.pool.run(
      'EXCH',
      {
        script: GRANT_SCRIPT,
        params: { Part: ['Exchange'], BotAccount: 'CONTOSO\\svc-chatops$', OrganizationalUnit: 'OU=Staff,DC=contoso,DC=local', ...extra },
      },
      T,
    ) as Promise<{ done: boolean; report: string[] }>;
  const groupRoles = () => JSON.parse(readFileSync(path.join(admin.labDir, 'rbac.json'), 'utf8')).groups['ChatOps Bot'].roles as string[];
  /** PST export's role is granted only with -PstExport: Exchange gives it to nobody by default. */
  const OPTIONAL = 'Mailbox Import Export';

  it('builds the role group of trimmed custom roles, the OU scope and the OU delegations (dsacls); a second run changes nothing', async () => {
    const first = await grant();
    expect(first.done).toBe(true);
    const rbac = JSON.parse(readFileSync(path.join(admin.labDir, 'rbac.json'), 'utf8'));
    const group = rbac.groups['ChatOps Bot'];
    expect(group.members).toEqual(['svc-chatops']);
    expect(group.scope).toBe('ChatOps Bot OU');
    expect(rbac.scopes['ChatOps Bot OU'].root).toBe('OU=Staff,DC=contoso,DC=local');
    const parents = [...new Set(Object.values(rights.exchange).map((e) => e.parent))].filter((p) => p !== OPTIONAL).sort();
    expect(group.roles.sort()).toEqual(parents.map((p) => `ChatOps Bot - ${p}`));
    expect(first.report).toContain('Mailbox Import Export left out: run again with -PstExport for offboard --export (PST files)');
    // Exactly the scripts' cmdlets, each with exactly their parameters (and the common ones).
    const granted: Record<string, string[]> = {};
    for (const role of group.roles)
      for (const [cmdlet, params] of Object.entries(rbac.roles[role].entries as Record<string, string[]>)) granted[cmdlet] = params;
    const standing = Object.entries(rights.exchange).filter(([, e]) => e.parent !== OPTIONAL);
    expect(Object.keys(granted).sort()).toEqual(standing.map(([c]) => c).sort());
    const always = ['Confirm', 'WhatIf', 'ErrorAction', 'ErrorVariable', 'WarningAction', 'WarningVariable', 'OutVariable', 'OutBuffer', 'Verbose', 'Debug'];
    for (const [cmdlet, { parameters }] of standing) expect(granted[cmdlet]!.filter((p) => !always.includes(p)).sort(), cmdlet).toEqual([...parameters].sort());
    const dsacls = labCalls(admin.labDir, 'EXCH').find((c) => c.cmdlet === 'dsacls.exe');
    expect(dsacls?.args.Arguments).toEqual(['OU=Staff,DC=contoso,DC=local', '/I:S', '/G', ...rights.adDelegations.map((g) => `CONTOSO\\svc-chatops$:${g}`)]);
    const changes = labCalls(admin.labDir, 'EXCH').length;
    await grant();
    expect(labCalls(admin.labDir, 'EXCH').filter((c) => c.cmdlet !== 'dsacls.exe')).toHaveLength(changes - 1);
  });

  it('-PstExport adds the role derived from Mailbox Import Export (its two cmdlets only); a run without it takes it back', async () => {
    await grant({ PstExport: true });
    expect(groupRoles()).toContain('ChatOps Bot - Mailbox Import Export');
    const rbac = JSON.parse(readFileSync(path.join(admin.labDir, 'rbac.json'), 'utf8'));
    expect(Object.keys(rbac.roles['ChatOps Bot - Mailbox Import Export'].entries).sort()).toEqual(['Get-MailboxExportRequest', 'New-MailboxExportRequest']);
    await grant();
    expect(groupRoles()).not.toContain('ChatOps Bot - Mailbox Import Export');
    expect(labCalls(admin.labDir, 'EXCH').filter((c) => c.cmdlet === 'Remove-ManagementRoleAssignment')).toHaveLength(1);
  });

  const run = (s: StepDefinition, extra: Record<string, unknown> = {}) =>
    bot.run(LAB_HOST_MAP.hostFor(s.role ?? 'exchange'), { script: s.script, params: { ...s.params, ...extra } }, T);
  const runWithProbe = async (s: StepDefinition, extra: Record<string, unknown> = {}) => {
    if (s.probe) await bot.run(LAB_HOST_MAP.hostFor(s.role ?? 'exchange'), s.probe, T);
    const result = await run(s, extra);
    if (s.probe) await bot.run(LAB_HOST_MAP.hostFor(s.role ?? 'exchange'), s.probe, T);
    return result;
  };

  it('with LAB_ENFORCE_RBAC=true, every standing job runs within the role group', async () => {
    const quota = parseQuota('2GB');
    if (!quota.ok) throw new Error(quota.reason);
    let created: unknown; // later steps act on the id the create step made, as the step runner passes it
    for (const s of addUserJob.steps({ name: 'Rita', alias: 'Rita', samAccountName: 'Rita', quota: quota.quota }, LAB_HOST_MAP)) {
      const extra: Record<string, unknown> = s.generatedSecret ? { [s.generatedSecret.param]: 'Rbac-Initial-9x!' } : {};
      if (s.actsOn) extra[s.actsOn.param] = created;
      const result = (await runWithProbe(s, extra)) as { Guid?: unknown };
      if (s.creates) created = result.Guid;
    }
    const q3 = parseQuota('3GB');
    if (!q3.ok) throw new Error(q3.reason);
    for (const s of setQuotaJob.steps({ identity: 'Rita', quota: q3.quota } as any, LAB_HOST_MAP)) await runWithProbe(s);
    for (const s of setAliasJob.steps({ identity: 'Rita', alias: 'RitaM' } as any, LAB_HOST_MAP)) await runWithProbe(s);
    for (const [q, p] of [
      [userCardQuery, { identity: 'RitaM' }],
      [userListQuery, { filter: '' }],
      [healthQuery, {}],
    ] as const) {
      await bot.run('EXCH', { script: q.script, params: q.params?.(p as never, LAB_HOST_MAP) ?? {} }, T);
    }
    for (const s of removeUserJob.steps({ identity: 'RitaM', keepAccount: false } as any, LAB_HOST_MAP)) await runWithProbe(s);
  });

  it('refuses a cmdlet outside the roles, and a parameter the role entry lacks', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'chatops-rbac-'));
    const write = (name: string, body: string) => {
      const file = path.join(tmp, name);
      writeFileSync(file, body);
      return file;
    };
    // A deployment-only cmdlet (a write: the deployment's reads are standing): the role group does not hold it.
    const cert = write('cert.ps1', "Update-EmailAddressPolicy -Identity 'Default Policy'");
    const notThere: any = await bot.run('EXCH', { script: cert, params: {} }, T).catch((e) => e);
    expect(notThere).toBeInstanceOf(ScriptError);
    expect(notThere.failure.message).toMatch(/The term 'Update-EmailAddressPolicy' is not recognized/);
    // The deployment's reads are: deploy plan reads what a deployment made with the bot's own rights.
    await expect(bot.run('EXCH', { script: write('read.ps1', '@(Get-SendConnector).Count'), params: {} }, T)).resolves.toBeDefined();
    const display = write('display.ps1', "Set-Mailbox -Identity Administrator -DisplayName 'Boss'");
    const param: any = await bot.run('EXCH', { script: display, params: {} }, T).catch((e) => e);
    expect(param.failure.message).toMatch(/A parameter cannot be found that matches parameter name 'DisplayName'/);
    // The same calls work where RBAC is not enforced (the administrator's own shell).
    await expect(admin.pool.run('EXCH', { script: cert, params: {} }, T)).resolves.toBeDefined();
  });
});
