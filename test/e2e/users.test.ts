// Users and mailboxes end to end (issue: everything the WSE Dashboard's integration did), over the
// HTTP receiver with signed commands, checked against the lab's state and the private answers.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { PowerShellPool } from '../../src/powershell/pool.ts';
import { loadTargets } from '../../src/targets/targets.ts';
import { inject } from 'vitest';
import { ROOT, SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
let pool: PowerShellPool;
const helper = path.join(ROOT, 'test/powershell/lab-helpers.ps1');

const command = (text: string, user = 'UADMIN1') => postSigned(http.url, slashCommandBody({ text, user }), SIGNING_SECRET);

/** Runs a job command and waits for its card's final state; returns the thread's text. */
async function job(text: string, summary: RegExp): Promise<string> {
  const res = await command(text);
  expect(res.text).toBe('');
  await slack.waitFor(() => slack.of('chat.update').some((c) => new RegExp(`^(Done|Failed|Cancelled): ${summary.source}`).test(c.args.text)));
  return slack.calls.map(callText).join('\n'); // the card's checklist, and the thread
}
const finalState = (summary: RegExp) =>
  slack
    .of('chat.update')
    .map((c) => c.args.text as string)
    .reverse()
    .find((t) => new RegExp(`^(Done|Failed|Cancelled): ${summary.source}`).test(t))
    ?.split(':')[0];

/** A read-only question: acked empty, then one private message. */
async function ask(text: string, user = 'UADMIN1'): Promise<{ text: string; blocks: any[] }> {
  const before = slack.of('chat.postEphemeral').length;
  const res = await command(text, user);
  if (res.text) return JSON.parse(res.text);
  await slack.waitFor(() => slack.of('chat.postEphemeral').length > before);
  const answers = slack.of('chat.postEphemeral').slice(before);
  expect(answers).toHaveLength(1); // one message, complete when it first appears
  return { text: answers[0]!.args.text, blocks: answers[0]!.args.blocks ?? [] };
}
const blockText = (a: { blocks: any[] }) => a.blocks.map((b) => b.text?.text ?? (b.elements ?? []).map((e: any) => e.text).join(' ')).join('\n');

beforeAll(async () => {
  slack = await new SlackStub().start();
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl() });
  pool = new PowerShellPool(loadTargets(loadConfig({ LAB_DIR: http.labDir, POWERSHELL_PATH: inject('pwsh') })));
});
afterAll(async () => {
  await pool?.close();
  await http?.app.stop();
  await slack?.stop();
});

describe('add-user options', () => {
  it('--alias, --first, --last, --upn, --ou and --no-quota reach Exchange as given', async () => {
    await job(
      'add-user Jean-Luc --alias jl --first Jean-Luc --last Picard --upn jl@contoso.com --ou OU=Staff,DC=contoso,DC=local --no-quota',
      /add-user Jean-Luc/,
    );
    expect(mailbox(http.labDir, 'jl')).toMatchObject({
      Name: 'Jean-Luc',
      PrimarySmtpAddress: 'jl@contoso.com',
      FirstName: 'Jean-Luc',
      LastName: 'Picard',
      UserPrincipalName: 'jl@contoso.com',
      DistinguishedName: 'CN=Jean-Luc,OU=Staff,DC=contoso,DC=local',
      UseDatabaseQuotaDefaults: true,
    });
  });

  it('mail-enables an account made in the Dashboard, and leaves its password alone', async () => {
    await pool.run('WSE', { script: helper, params: { Action: 'NewAccount', Name: 'Dana' } }, 30_000);
    const thread = await job('add-user Dana 1GB', /add-user Dana/);
    expect(finalState(/add-user Dana/)).toBe('Done');
    expect(thread).toMatch(/Dana has an account without a mailbox: it will be mail-enabled/);
    expect(thread).toMatch(/mail-enabled Dana &lt;Dana@contoso\.com&gt;/);
    expect(thread).toMatch(/Send the initial password privately: already done \(the account existed: its password is unchanged\)/);
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Enable-Mailbox')).toHaveLength(1);
    expect(labCalls(http.labDir, 'WSE').filter((c) => c.cmdlet === 'Set-ADAccountPassword')).toHaveLength(0);
    expect(slack.of('chat.postEphemeral').some((c) => /Initial password for \*Dana\*/.test(c.args.text))).toBe(false);
    expect(mailbox(http.labDir, 'Dana').ProhibitSendReceiveQuota).toBe('1 GB (1,073,741,824 bytes)');
  });

  it('answers a clash with a free suggestion', async () => {
    const thread = await job('add-user Dana', /add-user Dana \(2 GB\)/);
    expect(thread).toMatch(/Cannot add Dana: the alias Dana is already used by Dana .*Dana2 is free: try add-user Dana2\./);
  });
});

describe('set-quota and set-alias', () => {
  it('changes the quota, and off hands the mailbox back to the database defaults', async () => {
    await job('add-user Frank 2GB', /add-user Frank/);
    await job('set-quota Frank@contoso.com 5GB', /set-quota Frank@contoso\.com \(5 GB\)/);
    expect(mailbox(http.labDir, 'Frank')).toMatchObject({ UseDatabaseQuotaDefaults: false, ProhibitSendReceiveQuota: '5 GB (5,368,709,120 bytes)' });
    await job('set-quota frank off', /set-quota frank \(off\)/);
    expect(mailbox(http.labDir, 'Frank')).toMatchObject({
      UseDatabaseQuotaDefaults: true,
      ProhibitSendReceiveQuota: 'Unlimited',
      ProhibitSendQuota: 'Unlimited',
      IssueWarningQuota: 'Unlimited',
    });
  });

  it('changes the alias: new primary address from the policy, the old one kept', async () => {
    const thread = await job('set-alias Frank frank.m', /set-alias Frank → frank\.m/);
    expect(thread).toMatch(/Change the alias: new address frank\.m@contoso\.com; Frank@contoso\.com still delivers/);
    expect(mailbox(http.labDir, 'frank.m')).toMatchObject({
      PrimarySmtpAddress: 'frank.m@contoso.com',
      EmailAddresses: ['SMTP:frank.m@contoso.com', 'smtp:Frank@contoso.com'],
    });
    // Again: already done, nothing changes.
    const again = await job('set-alias Frank@contoso.com frank.m', /set-alias Frank@contoso\.com → frank\.m/);
    expect(again).toMatch(/Change the alias: already done/);
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Set-Mailbox' && c.args.Alias === 'frank.m')).toHaveLength(1);
  });

  it('answers an ambiguous name with the candidates instead of guessing', async () => {
    await job('add-user Sam --alias sam.one', /add-user Sam/);
    await job('add-user Samuel --alias Sam', /add-user Samuel/);
    const thread = await job('set-quota Sam 1GB', /set-quota Sam \(1 GB\)/);
    expect(finalState(/set-quota Sam \(1 GB\)/)).toBe('Failed');
    expect(thread).toMatch(
      /Sam matches several mailboxes: (Sam &lt;sam\.one@contoso\.com&gt;, Samuel &lt;Sam@contoso\.com&gt;|Samuel &lt;Sam@contoso\.com&gt;, Sam &lt;sam\.one@contoso\.com&gt;)\. Name one by its address\./,
    );
  });
});

describe('user and users answer privately, in one message', () => {
  it('shows the card: addresses, quota, size and use, over-limit state', async () => {
    await job('set-quota frank.m 100MB', /set-quota frank\.m \(100 MB\)/);
    await pool.run('EXCH', { script: helper, params: { Action: 'FillMailbox', Name: 'frank.m', Bytes: 99 * 2 ** 20 } }, 30_000);
    const card = await ask('user frank.m');
    const text = blockText(card);
    expect(text).toContain('*Frank* — frank.m@contoso.com');
    expect(text).toContain('Other addresses: Frank@contoso.com');
    expect(text).toContain('Quota: 100 MB (warning at 90 MB, sending stops at 95 MB)');
    expect(text).toMatch(/Size: 99(\.\d+)? MB \(99% of 100 MB\) · [\d,]+ items · ⛔ over the send limit: it cannot send/);
    expect(text).toContain('ActiveSync: fine');
  });

  it('runs the guide’s ActiveSync check on protected accounts', async () => {
    await pool.run('WSE', { script: helper, params: { Action: 'Protect', Name: 'Frank' } }, 30_000); // its logon name stays Frank
    const text = blockText(await ask('user frank.m'));
    expect(text).toMatch(/ActiveSync will fail \(HTTP 500\).*adminCount = 1, permission inheritance turned off; member of Domain Admins.*Enable inheritance/);
  });

  it('lists the mailboxes with size and share of quota, filtered', async () => {
    const all = blockText(await ask('users'));
    expect(all).toMatch(/\*\d+ mailboxes\*/);
    expect(all).toMatch(/• \*Frank\* frank\.m@contoso\.com — 99(\.\d+)? MB \(99% of 100 MB\) ⛔/);
    const some = await ask('users dana');
    expect(blockText(some)).toMatch(/^\*1 mailbox matching “dana”\*\n• \*Dana\* Dana@contoso\.com — [\d.]+ (B|KB|MB) \(\d+% of 1 GB\)/);
  });

  it('names the candidates or the missing user in plain words', async () => {
    expect((await ask('user nobody-here')).text).toMatch(/No mailbox is named nobody-here/);
  });
});

describe('the integration switch', () => {
  it('while it is off, mailbox commands answer so and touch nothing', async () => {
    await job('disable-integration', /disable-integration/);
    expect(labState(http.labDir, 'WSE').exchangeIntegration).toBe(false);
    const calls = labCalls(http.labDir, 'EXCH').length;
    for (const text of ['add-user Zed', 'set-quota Frank 1GB', 'set-alias Frank f', 'user Frank', 'users', 'remove-user Frank']) {
      const body = JSON.parse((await command(text)).text);
      expect(body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^The Exchange integration is turned off/) });
    }
    expect(labCalls(http.labDir, 'EXCH').length).toBe(calls);
    await job('enable-integration', /enable-integration/);
    expect(labState(http.labDir, 'WSE').exchangeIntegration).toBe(true);
    expect(blockText(await ask('users zed'))).toMatch(/0 mailboxes/);
  });
});
