// Distribution groups, shared mailboxes and mail trace end to end (issue 12): signed requests in
// over the HTTP receiver, the Slack stand-in recording what the app posts, real Redis and pwsh,
// the lab's state checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
const ADMIN = 'UADMIN1';
const answered = new Map<SlackCall, string>();
const command = (text: string, user = ADMIN) => postSigned(http.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const group = (name: string) => labState(http.labDir, 'EXCH').distributionGroups?.find((g: any) => g.Name === name);

async function finished(summary: string): Promise<string> {
  const re = new RegExp(`^(Done|Failed|Cancelled): ${escapeRe(summary)}`);
  await slack.waitFor(() => slack.of('chat.update').some((c) => re.test(c.args.text)), 60_000);
  await new Promise((r) => setTimeout(r, 300));
  return slack
    .of('chat.update')
    .map((c) => c.args.text as string)
    .reverse()
    .find((t) => re.test(t))!;
}
const said = (re: RegExp) => slack.waitFor((calls) => calls.some((c) => re.test(callText(c))));

/** A read-only question: acked empty, then one private message. */
async function ask(text: string): Promise<string> {
  const before = slack.of('chat.postEphemeral').length;
  const res = await command(text);
  if (res.text) return JSON.parse(res.text).text;
  await slack.waitFor(() => slack.of('chat.postEphemeral').length > before);
  const answers = slack.of('chat.postEphemeral').slice(before);
  expect(answers).toHaveLength(1);
  return (answers[0]!.args.blocks ?? []).map((b: any) => b.text?.text ?? '').join('\n') || answers[0]!.args.text;
}

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), env: { APPROVAL_TIMEOUT: '120' } });
  for (const name of ['Ann', 'Bob', 'Cid']) {
    await command(`add-user ${name} 1GB`);
    await finished(`add-user ${name} `);
  }
}, 120_000);
afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

describe('distribution groups', () => {
  it('group add creates it with its members; the same name again is refused', async () => {
    await command('group add "Sales Team" --members Ann,bob@contoso.com');
    expect(await finished('group add Sales Team (2 members)')).toMatch(/^Done/);
    expect(group('Sales Team')).toMatchObject({ Alias: 'SalesTeam', PrimarySmtpAddress: 'SalesTeam@contoso.com', Members: ['Ann', 'Bob'] });
    await said(/Create the distribution group: created Sales Team &lt;SalesTeam@contoso\.com&gt; with Ann, Bob/);
    await command('group add "Sales Team"');
    // Its summary is a prefix of the first one's: wait for this job's own card.
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text === 'Failed: group add Sales Team'), 60_000);
    await said(/A group named Sales Team already exists/);
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-DistributionGroup')).toHaveLength(1);
  });

  it('add-member and remove-member change only what needs changing', async () => {
    await command('group add-member SalesTeam Cid,Ann');
    expect(await finished('group add-member SalesTeam Cid, Ann')).toMatch(/^Done/);
    await said(/Add the members: added Cid to Sales Team \(Ann already in\)/);
    expect(group('Sales Team').Members).toEqual(['Ann', 'Bob', 'Cid']);
    await command('group remove-member "Sales Team" Ann');
    expect(await finished('group remove-member Sales Team Ann')).toMatch(/^Done/);
    expect(group('Sales Team').Members).toEqual(['Bob', 'Cid']);
    await command('group remove-member "Sales Team" Ann');
    await finished('group remove-member Sales Team Ann');
    await said(/Remove the members: already done \(none of them is a member\)/);
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Remove-DistributionGroupMember')).toHaveLength(1);
  });

  it('group members and groups answer privately', async () => {
    expect(await ask('group members SalesTeam@contoso.com')).toMatch(
      /^\*Sales Team\* SalesTeam@contoso\.com — 2 members\n• Bob Bob@contoso\.com\n• Cid Cid@contoso\.com$/,
    );
    expect(await ask('groups sales')).toMatch(/^\*1 group matching “sales”\*\n• \*Sales Team\* SalesTeam@contoso\.com — 2 members$/);
    expect(await ask('groups nothing-like-it')).toMatch(/^\*0 groups matching/);
    expect(await ask('group members Nobody')).toMatch(/No distribution group is named Nobody/);
  });

  it('asks no approval, and refuses bad lists before queueing', async () => {
    expect(slack.of('chat.postMessage').some((c) => /^Approval needed/.test(c.args.text))).toBe(false);
    expect(await ask('group add-member SalesTeam "Ann;Bob"')).toMatch(/must be an alias, name, sign-in name or address/);
    expect(await ask('group add <!channel>')).toMatch(/must be a name of letters/);
  });
});

describe('shared mailboxes', () => {
  const box = () => labState(http.labDir, 'EXCH').mailboxes.find((m: any) => m.Name === 'Support Desk');
  it('shared-mailbox add: a shared mailbox whose account is disabled; members get Full Access and Send As, with no approval', async () => {
    const approvals = slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length;
    await command('shared-mailbox add "Support Desk" --members Ann,Bob');
    expect(await finished('shared-mailbox add Support Desk')).toMatch(/^Done/);
    expect(box()).toMatchObject({ Alias: 'SupportDesk', RecipientTypeDetails: 'SharedMailbox', PrimarySmtpAddress: 'SupportDesk@contoso.com' });
    expect(labState(http.labDir, 'WSE').adUsers.find((u: any) => u.Name === 'Support Desk').Enabled).toBe(false);
    const perms = labState(http.labDir, 'EXCH').mailboxPermissions.filter((p: any) => p.Mailbox === box().Guid);
    expect(perms.map((p: any) => [p.User, p.AccessRights])).toEqual([
      ['CONTOSO\\Ann', ['FullAccess']],
      ['CONTOSO\\Bob', ['FullAccess']],
    ]);
    expect(slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text))).toHaveLength(approvals);
  });

  it('grant asks one approval, then gives the right; permissions shows who has what, privately', async () => {
    await command('shared-mailbox grant SupportDesk Cid send-on-behalf');
    const summary = 'shared-mailbox grant SupportDesk Cid send-on-behalf';
    let post: SlackCall | undefined;
    await slack.waitFor(
      () =>
        (post = slack.of('chat.postMessage').find((c) => /^Approval needed: Give \*Cid\* Send on Behalf on the mailbox \*Support Desk\*/.test(c.args.text))) !==
        undefined,
    );
    expect(box().GrantSendOnBehalfTo ?? []).toEqual([]);
    const id = post!.args.blocks.find((b: any) => b.type === 'actions').elements[0].value;
    await postSigned(
      http.url,
      buttonClickBody({ user: 'UADMIN2', actionId: 'approval:approve', value: id, channel: 'CGENERAL', messageTs: answered.get(post!)! }),
      SIGNING_SECRET,
    );
    expect(await finished(summary)).toMatch(/^Done/);
    expect(box().GrantSendOnBehalfTo).toEqual(['contoso.local/Users/Cid']);
    const text = await ask('shared-mailbox permissions SupportDesk@contoso.com');
    expect(text).toBe('*Support Desk* SupportDesk@contoso.com (shared)\n• Full Access: Ann, Bob\n• Send As: Ann, Bob\n• Send on Behalf: Cid');
  });

  it('revoke takes one right away, without an approval; again, it is already done', async () => {
    await command('shared-mailbox revoke SupportDesk Bob full-access');
    expect(await finished('shared-mailbox revoke SupportDesk Bob full-access')).toMatch(/^Done/);
    expect(
      labState(http.labDir, 'EXCH')
        .mailboxPermissions.filter((p: any) => p.Mailbox === box().Guid)
        .map((p: any) => p.User),
    ).toEqual(['CONTOSO\\Ann']);
    await command('shared-mailbox revoke SupportDesk Bob full-access');
    await finished('shared-mailbox revoke SupportDesk Bob full-access');
    await said(/Revoke Full Access: already done \(Bob does not have full-access\)/);
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Remove-MailboxPermission')).toHaveLength(1);
    expect((await ask('shared-mailbox grant SupportDesk Bob read-everything')).toString()).toMatch(/must be full-access, send-as or send-on-behalf/);
  });
});

describe('trace', () => {
  it('shows each message’s path, newest first, privately', async () => {
    const text = await ask('trace Ann');
    expect(text.split('\n')[0]).toBe('*4 messages* from or to Ann@contoso.com in the last 1 day, newest first');
    const subjects = [...text.matchAll(/^\*([^*]+)\* — from/gm)].map((m) => m[1]);
    expect(subjects).toEqual(['Meeting notes', 'Quarterly figures', 'Welcome to Contoso', 'Your order 4471 has shipped']);
    expect(text).toMatch(/❌ failed for j\.smith@fabrikam\.example: 550 5\.1\.1 RESOLVER\.ADR\.RecipNotFound; not found/);
    expect(text).toMatch(/sent out to partner@fabrikam\.com through the Internet send connector/);
    expect(text).toMatch(/received from outside\n.*delivered to Ann@contoso\.com/);
  });

  it('narrows by direction, time and subject; no match says no messages', async () => {
    expect((await ask('trace ann@contoso.com --from --subject "quarterly FIG"')).split('\n')[0]).toBe(
      '*1 message* from ann@contoso.com in the last 1 day, subject containing “quarterly FIG”, newest first',
    );
    expect((await ask('trace Ann --since 2h')).split('\n')[0]).toMatch(/^\*1 message\* .* in the last 2 h/);
    expect(await ask('trace Ann --to --subject "<!channel> $(New-Item x)"')).toBe(
      'no messages to Ann@contoso.com in the last 1 day, subject containing “&lt;!channel&gt; $(New-Item x)”',
    );
    expect(await ask('trace Ann --since 90d')).toMatch(/reaches back further than the 30 days Exchange keeps/);
  });
});

describe('add-user --like', () => {
  it('copies the template user’s OU, groups and quota', async () => {
    await command('add-user Tina 3GB --ou OU=Staff,DC=contoso,DC=local');
    await finished('add-user Tina (3 GB)');
    await command('group add-member "Sales Team" Tina');
    await finished('group add-member Sales Team Tina');
    await command('add-user Dave --like tina@contoso.com');
    expect(await finished('add-user Dave (like tina@contoso.com)')).toMatch(/^Done/);
    const dave = labState(http.labDir, 'EXCH').mailboxes.find((m: any) => m.Alias === 'Dave');
    expect(dave).toMatchObject({
      DistinguishedName: 'CN=Dave,OU=Staff,DC=contoso,DC=local',
      UseDatabaseQuotaDefaults: false,
      ProhibitSendReceiveQuota: '3 GB (3,221,225,472 bytes)',
    });
    expect(group('Sales Team').Members).toContain('Dave');
    await said(/Copy tina@contoso\.com’s groups and quota: in Sales Team; quota copied/);
    expect(slack.of('chat.postEphemeral').some((c) => /^Initial password for \*Dave\*/.test(c.args.text))).toBe(true);
    expect(await ask('add-user Eve 2GB --like Tina')).toMatch(/--like copies the template’s quota: give no quota with it/);
  });
});
