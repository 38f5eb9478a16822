// The lifecycle job scripts (offboard, restore, reset-password, unlock, out-of-office, forward)
// with real pwsh against the lab: what they change, that each probe sees it, that a second run
// changes nothing, and that hostile text arrives as plain text and never runs.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardJob } from '../../jobs/forward/index.ts';
import { describePlan, offboardJob, type OffboardParams, type OffboardPlan } from '../../jobs/offboard/index.ts';
import { outOfOfficeJob } from '../../jobs/out-of-office/index.ts';
import { resetPasswordJob } from '../../jobs/reset-password/index.ts';
import { restoreJob } from '../../jobs/restore/index.ts';
import { unlockJob } from '../../jobs/unlock/index.ts';
import type { StepDefinition } from '../../src/engine/job-definition.ts';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { LAB_HOST_MAP } from '../../src/targets/lab-hosts.ts';
import { ROOT } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
let labDir: string;
const T = 30_000;
const helper = path.join(ROOT, 'test/powershell/lifecycle-helpers.ps1');
const lab = (params: Record<string, string>) => pool.run('EXCH', { script: helper, params }, T);
const run = (s: StepDefinition, extra: Record<string, unknown> = {}) =>
  pool.run('EXCH', { script: s.script, params: { ...s.params, ...extra } }, T) as Promise<any>;
const probe = (s: StepDefinition) => pool.run('EXCH', s.probe!, T) as Promise<{ done: boolean; detail?: string }>;
const byId = (steps: StepDefinition[]) => Object.fromEntries(steps.map((s) => [s.id, s]));
const adUser = (name: string) => labState(labDir, 'WSE').adUsers.find((u: any) => u.SamAccountName === name);

beforeAll(async () => {
  ({ pool, labDir } = labPool());
  for (const name of ['Ann', 'Bob', 'Cid']) await lab({ Action: 'Mailbox', Name: name });
  await lab({ Action: 'JoinGroup', Name: 'Ann', Group: 'Accounting' });
  await lab({ Action: 'DistributionGroup', Name: 'Sales', Group: 'Ann,Bob' });
}, 60_000);
afterAll(() => pool.close());

/** Runs an offboarding's steps as the worker would (skip, probe, run, check), without the approvals. */
async function offboardAll(p: OffboardParams): Promise<{ plan: OffboardPlan; ran: string[] }> {
  const steps = offboardJob.steps(p, LAB_HOST_MAP);
  const results: Record<string, any> = {};
  const ran: string[] = [];
  for (const step of steps) {
    if (step.skipIf?.(results)) continue;
    if (step.probe && (await probe(step)).done) continue;
    results[step.id] = await run(step);
    ran.push(step.id);
    if (step.probe) expect(await probe(step), step.id).toMatchObject({ done: true });
  }
  return { plan: results.plan, ran };
}

describe('offboard', () => {
  const params: OffboardParams = {
    identity: 'Ann@contoso.com',
    forwardTo: 'Bob',
    keepCopy: true,
    grant: 'Cid',
    shared: true,
    reply: 'Ann has left; write to Bob.',
    export: false,
    remove: false,
  };

  it('plans each change by name, read-only, and records what is there before', async () => {
    const before = labCalls(labDir, 'EXCH').length + labCalls(labDir, 'WSE').length;
    const plan = (await run(byId(offboardJob.steps(params, LAB_HOST_MAP)).plan!)) as OffboardPlan;
    expect(labCalls(labDir, 'EXCH').length + labCalls(labDir, 'WSE').length).toBe(before);
    expect(plan.Changes.map((c) => c.id)).toEqual(['disable-sign-in', 'hide', 'groups', 'forward', 'auto-reply', 'shared', 'grant']);
    expect(plan.Record).toMatchObject({
      Enabled: true,
      HiddenFromAddressListsEnabled: false,
      ForwardingAddress: null,
      AutoReplyState: 'Disabled',
      RecipientTypeDetails: 'UserMailbox',
    });
    expect(plan.Record.Groups.map((g) => g.Name).sort()).toEqual(['Accounting', 'Sales']);
    const text = describePlan(plan);
    for (const words of [
      'sign-in disabled',
      'hidden from address lists',
      'groups removed: Accounting, Sales',
      'forwarding to Bob &lt;Bob@contoso.com&gt; (copy kept)',
      'automatic replies: “Ann has left; write to Bob.”',
      'converted to shared',
      'Full Access and Send As for Cid',
    ]) {
      expect(text).toContain(words);
    }
  });

  it('makes every change once; the lab shows them by Microsoft’s property names', async () => {
    const { ran } = await offboardAll(params);
    expect(ran).toEqual(['find-mailbox', 'plan', 'approve', 'disable-sign-in', 'hide', 'groups', 'forward', 'auto-reply', 'shared', 'grant']);
    expect(adUser('Ann')).toMatchObject({ Enabled: false, MemberOf: ['Domain Users'] });
    expect(mailbox(labDir, 'Ann')).toMatchObject({
      HiddenFromAddressListsEnabled: true,
      ForwardingAddress: 'contoso.local/Users/Bob',
      DeliverToMailboxAndForward: true,
      RecipientTypeDetails: 'SharedMailbox',
      AutoReplyState: 'Enabled',
      InternalMessage: 'Ann has left; write to Bob.',
    });
    const exch = labState(labDir, 'EXCH');
    expect(exch.distributionGroups.find((g: any) => g.Name === 'Sales').Members).toEqual(['Bob']);
    expect(exch.mailboxPermissions).toEqual([expect.objectContaining({ User: 'CONTOSO\\Cid', AccessRights: ['FullAccess'] })]);
    expect(exch.adPermissions).toEqual([expect.objectContaining({ User: 'CONTOSO\\Cid', ExtendedRights: ['Send-As'] })]);
    // The password was reset (to one nobody saw) before the account was disabled.
    const wse = labCalls(labDir, 'WSE')
      .concat(labCalls(labDir, 'EXCH'))
      .map((c) => c.cmdlet);
    expect(wse.indexOf('Set-ADAccountPassword')).toBeLessThan(wse.indexOf('Disable-ADAccount'));
  });

  it('a second offboarding has nothing to change', async () => {
    const calls = labCalls(labDir, 'EXCH').length;
    const { plan, ran } = await offboardAll(params);
    expect(plan.Changes).toEqual([]);
    expect(ran).toEqual(['find-mailbox', 'plan']);
    expect(offboardJob.steps(params, LAB_HOST_MAP).find((s) => s.id === 'approve')!.skipIf!({ plan })).toBe('nothing to change');
    expect(labCalls(labDir, 'EXCH').length).toBe(calls);
  });

  it('mail to the offboarded mailbox is forwarded and answered, and the tracking log has it', async () => {
    await lab({ Action: 'Mail', Name: 'Ann@contoso.com', From: 'orders@fabrikam.com', Subject: 'Invoice 99' });
    const log = labState(labDir, 'EXCH').messageTracking.filter((e: any) => /Invoice 99/.test(e.MessageSubject));
    expect(log.map((e: any) => `${e.EventId} ${e.Recipients.join(',')}`)).toEqual([
      'RECEIVE Ann@contoso.com',
      'REDIRECT Bob@contoso.com',
      'DELIVER Bob@contoso.com',
      'DELIVER Ann@contoso.com',
      'RECEIVE orders@fabrikam.com',
      'SEND orders@fabrikam.com',
    ]);
    expect(log[4].MessageSubject).toBe('Automatic reply: Invoice 99');
  });

  it('restore puts back what was recorded; a second restore changes nothing', async () => {
    const annRecord = {
      Enabled: true,
      HiddenFromAddressListsEnabled: false,
      Groups: [
        { Name: 'Accounting', GroupCategory: 'Security' },
        { Name: 'Sales', GroupCategory: 'Distribution' },
      ],
      ForwardingAddress: null,
      DeliverToMailboxAndForward: false,
      AutoReplyState: 'Disabled',
      InternalMessage: '',
      ExternalMessage: '',
      EndTime: null,
      RecipientTypeDetails: 'UserMailbox',
    };
    const steps = restoreJob.steps({ identity: 'Ann@contoso.com', record: annRecord }, LAB_HOST_MAP);
    for (const step of steps) {
      if (step.probe && (await probe(step)).done) continue;
      await run(step, step.generatedSecret ? { Password: 'Rest0re!pass' } : {});
      if (step.probe) expect(await probe(step), step.id).toMatchObject({ done: true });
    }
    expect(adUser('Ann')).toMatchObject({ Enabled: true, ChangePasswordAtLogon: true, MemberOf: ['Domain Users', 'Accounting'] });
    expect(mailbox(labDir, 'Ann')).toMatchObject({
      HiddenFromAddressListsEnabled: false,
      ForwardingAddress: null,
      DeliverToMailboxAndForward: false,
      RecipientTypeDetails: 'UserMailbox',
      AutoReplyState: 'Disabled',
    });
    expect(
      labState(labDir, 'EXCH')
        .distributionGroups.find((g: any) => g.Name === 'Sales')
        .Members.sort(),
    ).toEqual(['Ann', 'Bob']);
    for (const step of steps.slice(1)) expect(await probe(step), step.id).toMatchObject({ done: true });
  });

  it('export: refused without the Mailbox Import Export role, with Exchange’s words; then waits for the request', async () => {
    const p: OffboardParams = { identity: 'Cid', keepCopy: false, shared: false, export: true, remove: true, exportShare: '\\\\WSE\\Exports' };
    const s = byId(offboardJob.steps(p, LAB_HOST_MAP));
    await expect(run(s.export!)).rejects.toThrow(
      /The term 'Get-MailboxExportRequest' is not recognized as the name of a cmdlet.*needs the Mailbox Import Export role/,
    );
    await lab({ Action: 'GrantExportRole', Name: 'svc-chatops' });
    await expect(run(s.remove!)).rejects.toThrow(/has not completed: nothing is removed/);
    expect(await run(s.export!)).toEqual({ FilePath: '\\\\WSE\\Exports\\Cid.pst' });
    expect(await probe(s.export!)).toMatchObject({ done: true });
    expect(labCalls(labDir, 'EXCH').filter((c) => c.cmdlet === 'New-MailboxExportRequest')).toHaveLength(1);
    await run(s.remove!);
    expect(await probe(s.remove!)).toMatchObject({ done: true });
    expect(mailbox(labDir, 'Cid')).toBeUndefined();
  });
});

describe('reset-password, unlock, out-of-office, forward', () => {
  it('resets the password, to be changed at the next sign-in (or not)', async () => {
    const step = resetPasswordJob.steps({ identity: 'bob', changeAtLogon: true }, LAB_HOST_MAP)[1]!;
    expect(await run(step, { Password: 'N3w!password' })).toMatchObject({ Name: 'Bob', Enabled: true, LockedOut: false });
    expect(adUser('Bob').ChangePasswordAtLogon).toBe(true);
    await run(resetPasswordJob.steps({ identity: 'Bob', changeAtLogon: false }, LAB_HOST_MAP)[1]!, { Password: 'N3w!password2' });
    expect(adUser('Bob').ChangePasswordAtLogon).toBe(false);
    await expect(run(step, { Password: 'short' })).rejects.toThrow(/does not meet the length, complexity/);
  });

  it('unlocks a locked-out account; an unlocked one is left alone', async () => {
    await lab({ Action: 'Lock', Name: 'Bob' });
    const step = unlockJob.steps({ identity: 'Bob@contoso.com' }, LAB_HOST_MAP)[1]!;
    expect(await probe(step)).toEqual({ done: false });
    await run(step);
    expect(adUser('Bob').LockedOut).toBe(false);
    expect(await probe(step)).toMatchObject({ done: true, detail: 'the account is not locked out' });
  });

  it('automatic replies on until a time, then off', async () => {
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 86_400_000).toISOString(); // commands give whole minutes
    const on = outOfOfficeJob.steps({ identity: 'Bob', on: true, message: 'Back Monday', endTime: end }, LAB_HOST_MAP)[1]!;
    expect(await probe(on)).toEqual({ done: false });
    await run(on);
    expect(mailbox(labDir, 'Bob')).toMatchObject({ AutoReplyState: 'Scheduled', InternalMessage: 'Back Monday', ExternalMessage: 'Back Monday' });
    expect(new Date(mailbox(labDir, 'Bob').EndTime).getTime()).toBe(new Date(end).getTime());
    expect(await probe(on)).toMatchObject({ done: true });
    const off = outOfOfficeJob.steps({ identity: 'Bob', on: false }, LAB_HOST_MAP)[1]!;
    await run(off);
    expect(mailbox(labDir, 'Bob').AutoReplyState).toBe('Disabled');
    expect(await probe(off)).toMatchObject({ done: true });
  });

  it('forwards, keeps a copy, and stops', async () => {
    const to = forwardJob.steps({ identity: 'Bob', to: 'Ann', keepCopy: false }, LAB_HOST_MAP)[1]!;
    await run(to);
    expect(mailbox(labDir, 'Bob')).toMatchObject({ ForwardingAddress: 'contoso.local/Users/Ann', DeliverToMailboxAndForward: false });
    expect(await probe(to)).toMatchObject({ done: true });
    await expect(run(forwardJob.steps({ identity: 'Bob', to: 'Bob', keepCopy: false }, LAB_HOST_MAP)[1]!)).rejects.toThrow(/cannot be forwarded to itself/);
    const off = forwardJob.steps({ identity: 'Bob', keepCopy: false }, LAB_HOST_MAP)[1]!;
    expect(await run(off)).toMatchObject({ To: null, Before: { ForwardingAddress: 'contoso.local/Users/Ann' } });
    expect(mailbox(labDir, 'Bob').ForwardingAddress).toBeNull();
  });
});

describe('hostile text', () => {
  const canary = path.join(os.tmpdir(), `chatops-lifecycle-canary-${process.pid}`);
  const hostile = [
    `x'; New-Item ${canary}; '`,
    `$(New-Item ${canary})`,
    `x\u2019; New-Item ${canary}; \u2018`,
    `x\u201D; New-Item ${canary}; \u201C`,
    `\`$(New-Item ${canary})`,
    `<!channel> & $env:PATH`,
    `line\nNew-Item ${canary}`,
  ];

  it('reply texts are kept as given; hostile names match nobody', async () => {
    for (const text of hostile) {
      await run(outOfOfficeJob.steps({ identity: 'Bob', on: true, message: text }, LAB_HOST_MAP)[1]!);
      expect(mailbox(labDir, 'Bob').InternalMessage).toBe(text);
      await expect(
        run(byId(offboardJob.steps({ identity: text, keepCopy: false, shared: false, export: false, remove: false }, LAB_HOST_MAP)).plan!),
      ).rejects.toThrow(/No mailbox is named/);
      await expect(
        run(
          byId(offboardJob.steps({ identity: 'Bob', forwardTo: text, keepCopy: false, shared: false, export: false, remove: false, reply: text }, LAB_HOST_MAP))
            .plan!,
        ),
      ).rejects.toThrow(/No mailbox is named/);
      await expect(run(unlockJob.steps({ identity: text }, LAB_HOST_MAP)[1]!)).rejects.toThrow(/No mailbox is named/);
    }
    expect(existsSync(canary)).toBe(false);
  });
});
