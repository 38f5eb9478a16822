// The daily work end to end (issue 12): reset-password, unlock, offboard (one approval listing each
// change; a second offboard changes nothing), restore, out-of-office and forward — signed requests
// in over the HTTP receiver, the Slack stand-in recording what the app posts, real Redis and pwsh,
// and the lab's state checked after each.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { PowerShellPool } from '../../src/powershell/pool.ts';
import { loadTargets } from '../../src/targets/targets.ts';
import { ROOT, SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
let pool: PowerShellPool;
const ADMIN = 'UADMIN1';
const OTHER_ADMIN = 'UADMIN2';
const helper = path.join(ROOT, 'test/powershell/lifecycle-helpers.ps1');
const lab = (params: Record<string, string>) => pool.run('EXCH', { script: helper, params }, 30_000);
const command = (text: string, user = ADMIN) => postSigned(http.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const answered = new Map<SlackCall, string>();
const adUser = (name: string) => labState(http.labDir, 'WSE').adUsers.find((u: any) => u.SamAccountName === name);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The final card text of the job whose summary starts so, once it has one. */
async function finished(summary: string, timeoutMs = 60_000): Promise<string> {
  const re = new RegExp(`^(Done|Failed|Cancelled): ${escapeRe(summary)}`);
  await slack.waitFor(() => slack.of('chat.update').some((c) => re.test(c.args.text)), timeoutMs);
  await new Promise((r) => setTimeout(r, 300)); // the thread's last line follows the card's update
  return slack
    .of('chat.update')
    .map((c) => c.args.text as string)
    .reverse()
    .find((t) => re.test(t))!;
}
const threadOf = (summary: string) => {
  const cardTs = slack.of('chat.update').find((u) => u.args.text.includes(summary))?.args.ts;
  // The thread's posts, and the card's checklist (where each step's outcome is shown).
  return slack.calls
    .filter((c) => c.args.thread_ts === cardTs || (c.method === 'chat.update' && c.args.ts === cardTs))
    .map(callText)
    .join('\n');
};

async function approvalCard(summary: string): Promise<{ id: string; ts: string; text: string }> {
  let found: { id: string; ts: string; text: string } | undefined;
  await slack.waitFor(() => {
    const cardTs = slack.of('chat.update').find((u) => u.args.text.includes(summary))?.args.ts;
    const post = slack.of('chat.postMessage').find((c) => cardTs && c.args.thread_ts === cardTs && /^Approval needed/.test(c.args.text));
    if (!post) return false;
    found = { id: post.args.blocks.find((b: any) => b.type === 'actions').elements[0].value, ts: answered.get(post)!, text: post.args.text };
    return true;
  });
  return found!;
}
const approve = (card: { id: string; ts: string }) =>
  postSigned(
    http.url,
    buttonClickBody({ user: OTHER_ADMIN, actionId: 'approval:approve', value: card.id, channel: 'CGENERAL', messageTs: card.ts }),
    SIGNING_SECRET,
  );

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  slack.timeZones[ADMIN] = 'Europe/Paris';
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), env: { APPROVAL_TIMEOUT: '120' } });
  pool = new PowerShellPool(loadTargets(loadConfig({ LAB_DIR: http.labDir, POWERSHELL_PATH: inject('pwsh') })));
  for (const name of ['Ann', 'Bob', 'Cid']) {
    await command(`add-user ${name} 1GB`);
    await finished(`add-user ${name} `);
  }
  await lab({ Action: 'JoinGroup', Name: 'Ann', Group: 'Accounting' });
  await lab({ Action: 'DistributionGroup', Name: 'Sales', Group: 'Ann,Bob' });
}, 120_000);
afterAll(async () => {
  await pool?.close();
  await http?.app.stop();
  await slack?.stop();
});

describe('helpdesk: reset-password and unlock', () => {
  it('reset-password sends the new password privately; it must be changed at the next sign-in', async () => {
    const before = adUser('Ann').PasswordLastSet;
    expect((await command('reset-password ann@contoso.com')).text).toBe('');
    expect(await finished('reset-password ann@contoso.com')).toMatch(/^Done/);
    const secret = slack.of('chat.postEphemeral').find((c) => /^New password for \*Ann\*/.test(c.args.text));
    expect(secret?.args.user).toBe(ADMIN);
    expect(secret!.args.text).toMatch(/They must change it at their next sign-in/);
    const password = /`([^`]+)`/.exec(secret!.args.text)![1]!;
    expect(slack.calls.filter((c) => c.method !== 'chat.postEphemeral').some((c) => JSON.stringify(c.args).includes(password))).toBe(false);
    expect(adUser('Ann')).toMatchObject({ ChangePasswordAtLogon: true });
    expect(adUser('Ann').PasswordLastSet).not.toBe(before);
    expect(slack.of('chat.postMessage').some((c) => /^Approval needed/.test(c.args.text))).toBe(false);
  });

  it('--no-change-at-logon leaves the password as the user’s own', async () => {
    await command('reset-password Cid --no-change-at-logon');
    expect(await finished('reset-password Cid (no change at sign-in)')).toMatch(/^Done/);
    expect(adUser('Cid').ChangePasswordAtLogon).toBe(false);
  });

  it('unlock unlocks a locked-out account, and says so when it was not locked', async () => {
    await lab({ Action: 'Lock', Name: 'Bob' });
    await command('unlock Bob');
    expect(await finished('unlock Bob')).toMatch(/^Done/);
    expect(adUser('Bob').LockedOut).toBe(false);
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Unlock-ADAccount')).toHaveLength(1);
    await command('unlock bob@contoso.com');
    await finished('unlock bob@contoso.com');
    await slack.waitFor((calls) => calls.some((c) => /2\/2 Unlock the account: already done \(the account is not locked out\)/.test(callText(c))));
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Unlock-ADAccount')).toHaveLength(1);
  });
});

describe('offboard and restore', () => {
  let offboardMs = 0;
  it('one approval lists every change by name; after it, the lab shows each change', async () => {
    const started = Date.now();
    await command('offboard Ann --forward-to Bob --keep-copy --grant Cid --shared --reply "Ann has left <!channel>; write to Bob."');
    const summary = 'offboard Ann (forward to Bob, shared, grant Cid)';
    const card = await approvalCard(summary);
    for (const words of [
      'Offboard *Ann* (Ann@contoso.com)',
      '1. sign-in disabled',
      '2. hidden from address lists',
      '3. groups removed: Accounting, Sales',
      '4. forwarding to Bob &lt;Bob@contoso.com&gt; (copy kept)',
      '5. automatic replies: “Ann has left &lt;!channel&gt;; write to Bob.”',
      '6. converted to shared',
      '7. Full Access and Send As for Cid',
    ]) {
      expect(card.text).toContain(words);
    }
    // Nothing changed before the approval.
    expect(adUser('Ann').Enabled).toBe(true);
    expect(
      labCalls(http.labDir, 'EXCH').filter((c) => ['Disable-ADAccount', 'Remove-ADGroupMember', 'Set-MailboxAutoReplyConfiguration'].includes(c.cmdlet)),
    ).toHaveLength(0);
    await approve(card);
    expect(await finished(summary)).toMatch(/^Done/);
    offboardMs = Date.now() - started;
    console.log(`offboarding on the lab: ${offboardMs} ms from the command to Done (approval click included)`);
    expect(adUser('Ann')).toMatchObject({ Enabled: false, MemberOf: ['Domain Users'] });
    expect(mailbox(http.labDir, 'Ann')).toMatchObject({
      HiddenFromAddressListsEnabled: true,
      ForwardingAddress: 'contoso.local/Users/Bob',
      DeliverToMailboxAndForward: true,
      RecipientTypeDetails: 'SharedMailbox',
      AutoReplyState: 'Enabled',
      InternalMessage: 'Ann has left <!channel>; write to Bob.',
    });
    const exch = labState(http.labDir, 'EXCH');
    expect(exch.distributionGroups.find((g: any) => g.Name === 'Sales').Members).toEqual(['Bob']);
    expect(exch.mailboxPermissions).toContainEqual(expect.objectContaining({ User: 'CONTOSO\\Cid', AccessRights: ['FullAccess'] }));
    expect(exch.adPermissions).toContainEqual(expect.objectContaining({ User: 'CONTOSO\\Cid', ExtendedRights: ['Send-As'] }));
    const thread = threadOf(summary);
    expect(thread).toMatch(/Remove group memberships: removed from (Accounting, Sales|Sales, Accounting)/);
  });

  it('a second offboard of the same user says nothing to change, and asks no approval', async () => {
    const approvals = slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length;
    const calls = labCalls(http.labDir, 'EXCH').length;
    await command('offboard ann@contoso.com --forward-to Bob --keep-copy --grant Cid --shared --reply "Ann has left <!channel>; write to Bob."');
    expect(await finished('offboard ann@contoso.com')).toMatch(/^Done/);
    await slack.waitFor((calls) => calls.some((c) => /Work out what will change \(and record what is there now\): nothing to change/.test(callText(c))));
    expect(slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text))).toHaveLength(approvals);
    expect(labCalls(http.labDir, 'EXCH').length).toBe(calls);
  });

  it('restore returns the account to its recorded state, without an approval', async () => {
    await command('restore Ann');
    expect(await finished('restore Ann')).toMatch(/^Done/);
    expect(adUser('Ann')).toMatchObject({ Enabled: true, ChangePasswordAtLogon: true });
    expect([...adUser('Ann').MemberOf].sort()).toEqual(['Accounting', 'Domain Users']);
    expect(mailbox(http.labDir, 'Ann')).toMatchObject({
      HiddenFromAddressListsEnabled: false,
      ForwardingAddress: null,
      DeliverToMailboxAndForward: false,
      RecipientTypeDetails: 'UserMailbox',
      AutoReplyState: 'Disabled',
    });
    expect([...labState(http.labDir, 'EXCH').distributionGroups.find((g: any) => g.Name === 'Sales').Members].sort()).toEqual(['Ann', 'Bob']);
    expect(
      slack
        .of('chat.postEphemeral')
        .some((c) => c.args.user === ADMIN && /^New password for \*Ann\*/.test(c.args.text) && /change it at their next sign-in/.test(c.args.text)),
    ).toBe(true);
  });

  it('restore of someone never offboarded is refused in plain words', async () => {
    const body = JSON.parse((await command('restore Cid')).text);
    expect(body.text).toMatch(/There is no offboarding record for Cid/);
  });
});

describe('out-of-office and forward', () => {
  it('on until a time in the requester’s time zone, then off', async () => {
    const next = new Date(Date.now() + 3 * 86_400_000);
    const day = next.toISOString().slice(0, 10);
    await command(`out-of-office Bob on "Back Monday & <soon>" --until ${day} 17:00`);
    expect(await finished(`out-of-office Bob on until ${day} 17:00 Europe/Paris`)).toMatch(/^Done/);
    const box = mailbox(http.labDir, 'Bob');
    expect(box).toMatchObject({ AutoReplyState: 'Scheduled', InternalMessage: 'Back Monday & <soon>', ExternalMessage: 'Back Monday & <soon>' });
    const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(box.EndTime),
    );
    expect(paris).toBe('17:00');
    await command('out-of-office Bob off');
    expect(await finished('out-of-office Bob off')).toMatch(/^Done/);
    expect(mailbox(http.labDir, 'Bob').AutoReplyState).toBe('Disabled');
  });

  it('refuses a time in the past and text without quotes, before anything is queued', async () => {
    const past = JSON.parse((await command('out-of-office Bob on "x" --until 2020-01-01 10:00')).text);
    expect(past.text).toMatch(/is not in the future/);
    const unquoted = JSON.parse((await command('out-of-office Bob on Back Monday')).text);
    expect(unquoted.text).toMatch(/the text goes in double quotes/);
  });

  it('forwards with a copy kept, then stops', async () => {
    await command('forward Bob Cid --keep-copy');
    expect(await finished('forward Bob → Cid (copy kept)')).toMatch(/^Done/);
    expect(mailbox(http.labDir, 'Bob')).toMatchObject({ ForwardingAddress: 'contoso.local/Users/Cid', DeliverToMailboxAndForward: true });
    await command('forward Bob off');
    expect(await finished('forward Bob off')).toMatch(/^Done/);
    expect(mailbox(http.labDir, 'Bob').ForwardingAddress).toBeNull();
  });
});
