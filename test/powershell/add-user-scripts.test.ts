// The add-user job's scripts, run by real pwsh against the lab: what they change, that running
// them again changes nothing, and that hostile names arrive as plain text and never run.
import { LAB_HOST_MAP } from '../../src/targets/lab-hosts.ts';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUserJob } from '../../jobs/add-user/index.ts';
import type { StepDefinition } from '../../src/engine/job-definition.ts';
import { ScriptError } from '../../src/powershell/session.ts';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { parseQuota } from '../../src/exchange/size.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
const inlineSetMailbox = path.join(path.dirname(new URL(import.meta.url).pathname), 'set-mailbox-direct.ps1');
let labDir: string;
const T = 30_000;

beforeAll(() => ({ pool, labDir } = labPool()));
afterAll(() => pool.close());

function steps(name: string, alias: string, quota = '2GB'): Record<string, StepDefinition> {
  const q = parseQuota(quota);
  if (!q.ok) throw new Error(q.reason);
  const list = addUserJob.steps({ name, alias, samAccountName: alias.slice(0, 20), quota: q.quota }, LAB_HOST_MAP);
  return Object.fromEntries(list.map((s) => [s.id, s]));
}
const run = (s: StepDefinition, extra: Record<string, unknown> = {}) => pool.run('EXCH', { script: s.script, params: { ...s.params, ...extra } }, T);
const probe = (s: StepDefinition) => pool.run('EXCH', s.probe!, T) as Promise<{ done: boolean; detail?: string }>;

describe('add-user scripts on the lab', () => {
  it('creates the mailbox once; the probe and the name check see it afterwards', async () => {
    const s = steps('Grace', 'Grace');
    await expect(run(s['check-free']!)).resolves.toEqual({ free: true });
    expect(await probe(s['create-mailbox']!)).toEqual({ done: false });
    expect(await run(s['create-mailbox']!)).toMatchObject({ PrimarySmtpAddress: 'Grace@contoso.com', UserPrincipalName: 'Grace@contoso.local' });
    expect(await probe(s['create-mailbox']!)).toMatchObject({ done: true, id: mailbox(labDir, 'Grace').Guid });
    await expect(run(s['check-free']!)).rejects.toThrow(/alias Grace is already used by Grace <Grace@contoso.com>/);
    // A second New-Mailbox is refused by "Exchange", as the real one would.
    const second = await run(s['create-mailbox']!).catch((e) => e);
    expect(second).toBeInstanceOf(ScriptError);
    expect((second as ScriptError).failure.message).toMatch(/already exists/);
    expect((second as ScriptError).failure.id).toMatch(/ADObjectAlreadyExistsException/);
    expect(labState(labDir, 'EXCH').mailboxes.filter((m: any) => m.Alias === 'Grace')).toHaveLength(1);
  });

  it('sets the quota as 100/95/90 percent, and a second run changes nothing', async () => {
    const s = steps('Grace', 'Grace', '1.5GB');
    expect(await probe(s['set-quota']!)).toMatchObject({ done: false });
    await run(s['set-quota']!);
    const after = mailbox(labDir, 'Grace');
    expect(after).toMatchObject({
      UseDatabaseQuotaDefaults: false,
      ProhibitSendReceiveQuota: '1.5 GB (1,610,612,736 bytes)',
      ProhibitSendQuota: '1.424 GB (1,530,082,099 bytes)', // Exchange truncates, it does not round
      IssueWarningQuota: '1.349 GB (1,449,551,462 bytes)',
    });
    expect(await probe(s['set-quota']!)).toMatchObject({ done: true });
    await run(s['set-quota']!);
    expect(mailbox(labDir, 'Grace')).toEqual(after);
  });

  it('sets an unlimited quota explicitly (UseDatabaseQuotaDefaults false)', async () => {
    const s = steps('Grace', 'Grace', 'unlimited');
    await run(s['set-quota']!);
    expect(mailbox(labDir, 'Grace')).toMatchObject({ UseDatabaseQuotaDefaults: false, ProhibitSendReceiveQuota: 'Unlimited', IssueWarningQuota: 'Unlimited' });
  });

  it('sets the initial password without writing it anywhere in the lab', async () => {
    const s = steps('Grace', 'Grace');
    const password = 'Xy7-pQ9#rT2!kL4m';
    const Guid = mailbox(labDir, 'Grace').Guid; // the create step's recorded id: the password step acts on it only
    expect(await run(s['initial-password']!, { Password: password, Guid })).toEqual({
      PrimarySmtpAddress: 'Grace@contoso.com',
      UserPrincipalName: 'Grace@contoso.local',
    });
    for (const file of ['WSE.json', 'EXCH.json', 'WSE.calls.jsonl', 'EXCH.calls.jsonl']) {
      if (existsSync(path.join(labDir, file))) expect(readFileSync(path.join(labDir, file), 'utf8')).not.toContain(password);
    }
    await expect(run(s['initial-password']!, { Password: 'short', Guid })).rejects.toThrow(/does not meet the length, complexity/);
  });

  it('fails with Exchange’s words for a size Exchange does not understand', async () => {
    // set-quota.ps1 itself accepts only bytes or Unlimited (its ValidatePattern)...
    const script = steps('Grace', 'Grace')['set-quota']!.script;
    const bad = { Identity: 'Grace', IssueWarningQuota: '1B', ProhibitSendQuota: '2B', ProhibitSendReceiveQuota: '2XB' };
    const err = await pool.run('EXCH', { script, params: bad }, T).catch((e) => e);
    expect(err).toBeInstanceOf(ScriptError);
    expect((err as ScriptError).failure.message).toMatch(/ProhibitSendReceiveQuota/);
    // ...and the lab's Set-Mailbox refuses what Exchange refuses.
    const direct = await pool.run('EXCH', { script: inlineSetMailbox, params: { Identity: 'Grace', ProhibitSendReceiveQuota: '2XB' } }, T).catch((e) => e);
    expect((direct as ScriptError).failure.message).toMatch(
      /Cannot process argument transformation on parameter 'ProhibitSendReceiveQuota'.*"2XB" isn't valid/,
    );
  });
});

describe('hostile names reach Exchange as plain text, never as code', () => {
  const canary = path.join(os.tmpdir(), `chatops-canary-${process.pid}`);
  const payloads = [
    `Frank'; New-Item -ItemType File -Path '${canary}'; '`,
    `$(New-Item -ItemType File -Path '${canary}')`,
    `\`$(New-Item -ItemType File -Path ${canary})`,
    `Frank"; New-Item -ItemType File -Path "${canary}"; "`,
    `Frank\u2019; New-Item -ItemType File -Path ${canary}; \u2018`,
    `Frank\u201D; New-Item -ItemType File -Path ${canary}; \u201C`,
    `Frank\n New-Item -ItemType File -Path ${canary}`,
    `@(New-Item -ItemType File -Path ${canary})`,
    `Frank | New-Item -ItemType File -Path ${canary}`,
    `Frank & New-Item -ItemType File -Path ${canary}`,
    '$env:PATH',
    '${env:HOME}',
  ];

  it.each(payloads.map((p, i) => [i, p]))('payload %i creates a mailbox whose name is exactly the text', async (i, payload) => {
    const alias = `Hostile${i}`;
    const name = String(payload).slice(0, 64);
    const s = steps(name, alias);
    await run(s['check-free']!);
    const result = (await run(s['create-mailbox']!)) as { Name: string };
    expect(result.Name).toBe(name);
    expect(mailbox(labDir, alias).Name).toBe(name);
    expect(mailbox(labDir, alias).DisplayName).toBe(name);
    expect(existsSync(canary)).toBe(false);
    expect(labCalls(labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox' && c.args.Alias === alias)).toHaveLength(1);
  });
});
