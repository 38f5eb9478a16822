// Approvals end to end: signed button clicks on the real app (HTTP receiver), a Slack stand-in,
// real Redis and pwsh against the lab. Each case ends with the lab's state and the thread's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
let redisUrl: string;
const ADMIN = 'UADMIN1';
const OTHER_ADMIN = 'UADMIN2';
const THIRD_ADMIN = 'UADMIN3';

const command = (text: string, user = ADMIN) => postSigned(http.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const click = (approval: ApprovalCard, user: string, action: 'approve' | 'deny') =>
  postSigned(
    http.url,
    buttonClickBody({ user, actionId: `approval:${action}`, value: approval.id, channel: 'CGENERAL', messageTs: approval.ts }),
    SIGNING_SECRET,
  );

interface ApprovalCard {
  id: string;
  ts: string;
  call: SlackCall;
}

/** Waits for the approval card of the job whose summary is given; returns its id and ts. */
async function approvalCard(summary: string): Promise<ApprovalCard> {
  let found: ApprovalCard | undefined;
  await slack.waitFor(() => {
    const card = slack.of('chat.postMessage').find((c) => !c.args.thread_ts && c.args.text.includes(summary));
    const cardTs = card && slack.of('chat.update').find((u) => u.args.text.includes(summary))?.args.ts;
    const post = slack.of('chat.postMessage').find((c) => c.args.thread_ts === cardTs && /^Approval needed/.test(c.args.text));
    if (!post) return false;
    found = { id: post.args.blocks.find((b: any) => b.type === 'actions').elements[0].value, ts: tsOf(post), call: post };
    return true;
  });
  return found!;
}

// The stand-in numbers ts in the order of posts; keep a map from the call to the ts it answered.
const answered = new Map<SlackCall, string>();
function tsOf(call: SlackCall): string {
  return answered.get(call)!;
}

async function addUser(name: string): Promise<void> {
  await command(`add-user ${name} 1GB`);
  await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith(`Done: add-user ${name} `)));
}

const updatesOf = (ts: string) => slack.of('chat.update').filter((c) => c.args.ts === ts);
const privateTo = (user: string) =>
  slack
    .of('chat.postEphemeral')
    .filter((c) => c.args.user === user)
    .map((c) => c.args.text as string);

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  redisUrl = await freshRedisUrl();
  http = await startHttpApp({
    slackApiUrl: slack.url,
    redisUrl,
    env: { APPROVAL_TIMEOUT: '60', LAB_REBOOT_SECONDS: '2', EXCHANGE_ADMINS: `${ADMIN},${OTHER_ADMIN},${THIRD_ADMIN}` },
  });
});
afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

describe('remove-user waits for an approval', () => {
  it('refuses the requester and a non-approver, then another approver approves: the mailbox and account are gone', async () => {
    await addUser('Frank');
    expect((await command('remove-user Frank')).status).toBe(200);
    const approval = await approvalCard('remove-user Frank');
    expect(approval.call.args.text).toMatch(/^Approval needed: Delete the mailbox and the account of \*Frank\* \(Frank@contoso\.com\)/);
    const buttons = approval.call.args.blocks.find((b: any) => b.type === 'actions').elements;
    expect(buttons.map((b: any) => b.text.text)).toEqual(['Approve', 'Deny']);
    expect(buttons[0].confirm.title.text).toBe('Are you sure?');
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text === 'Waiting for approval: remove-user Frank'));

    // The requester (four eyes) and someone who is not an approver: a private word, the card unchanged.
    expect((await click(approval, ADMIN, 'approve')).status).toBe(200);
    expect((await click(approval, 'UNOBODY', 'approve')).status).toBe(200);
    await slack.waitFor(
      () => privateTo(ADMIN).some((t) => /another approver must decide/.test(t)) && privateTo('UNOBODY').some((t) => /Only approvers/.test(t)),
    );
    expect(updatesOf(approval.ts)).toHaveLength(0);
    expect(mailbox(http.labDir, 'Frank')).toBeDefined();

    expect((await click(approval, OTHER_ADMIN, 'approve')).status).toBe(200);
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith('Done: remove-user Frank')));
    await slack.waitFor(() => updatesOf(approval.ts).length === 1);
    const edited = updatesOf(approval.ts)[0]!;
    expect(edited.args.text).toMatch(/^Approved by <@UADMIN2> at \d\d:\d\d UTC: Delete the mailbox/);
    expect(JSON.stringify(edited.args.blocks)).not.toContain('"actions"'); // the buttons are gone
    await slack.waitFor((calls) =>
      calls.some((c) =>
        /2\/2 Remove the mailbox and its account: removed Frank's mailbox \(Frank@contoso\.com\) and account \(approved by <@UADMIN2>\)/.test(callText(c)),
      ),
    );
    expect(mailbox(http.labDir, 'Frank')).toBeUndefined();
    expect(labState(http.labDir, 'WSE').adUsers.find((u: any) => u.Name === 'Frank')).toBeUndefined();

    // A second click changes nothing.
    await click(approval, THIRD_ADMIN, 'deny');
    await slack.waitFor(() => privateTo(THIRD_ADMIN).some((t) => /^Already decided: Approved by <@UADMIN2>/.test(t)));
    expect(updatesOf(approval.ts)).toHaveLength(1);
  });

  it('a denial cancels the job and keeps the mailbox', async () => {
    await addUser('Grace');
    await command('remove-user Grace');
    const approval = await approvalCard('remove-user Grace');
    await click(approval, OTHER_ADMIN, 'deny');
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text === 'Cancelled: remove-user Grace'));
    await slack.waitFor(() => updatesOf(approval.ts).some((c) => /^Denied by <@UADMIN2> at \d\d:\d\d UTC/.test(c.args.text)));
    await slack.waitFor((calls) => calls.some((c) => /2\/2 Remove the mailbox and its account: failed\. Denied by <@UADMIN2>/.test(callText(c))));
    expect(mailbox(http.labDir, 'Grace')).toBeDefined();
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Remove-Mailbox' && c.args.Name === 'Grace')).toHaveLength(0);
  });

  it('two approvers clicking at the same instant: one decision, taken once', async () => {
    await addUser('Henry');
    await command('remove-user Henry');
    const approval = await approvalCard('remove-user Henry');
    const [a, b] = await Promise.all([click(approval, OTHER_ADMIN, 'approve'), click(approval, THIRD_ADMIN, 'deny')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await slack.waitFor(
      () => updatesOf(approval.ts).length >= 1 && slack.of('chat.update').some((c) => /^(Done|Cancelled): remove-user Henry/.test(c.args.text)),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(updatesOf(approval.ts)).toHaveLength(1);
    const decided = updatesOf(approval.ts)[0]!.args.text as string;
    const loser = decided.includes('UADMIN2') ? THIRD_ADMIN : OTHER_ADMIN;
    await slack.waitFor(() => privateTo(loser).some((t) => t.startsWith('Already decided')));
    expect(mailbox(http.labDir, 'Henry') === undefined).toBe(decided.startsWith('Approved'));
  });

  it('--keep-account disables only the mailbox', async () => {
    await addUser('Irene');
    await command('remove-user Irene --keep-account');
    const approval = await approvalCard('remove-user Irene (keep the account)');
    await click(approval, OTHER_ADMIN, 'approve');
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith('Done: remove-user Irene')));
    expect(mailbox(http.labDir, 'Irene')).toBeUndefined();
    expect(labState(http.labDir, 'WSE').adUsers.find((u: any) => u.Name === 'Irene')).toBeDefined();
  });
});

describe('reboot', () => {
  it('asks, restarts, waits until the host is back, and reports the downtime', async () => {
    const bootBefore = labState(http.labDir, 'EXCH').LastBootUpTime;
    await command('reboot exch');
    const approval = await approvalCard('reboot EXCH');
    expect(approval.call.args.text).toMatch(/Restart \*EXCH\*/);
    await click(approval, OTHER_ADMIN, 'approve');
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith('Done: reboot EXCH')), 30_000);
    await slack.waitFor((calls) => calls.some((c) => /1\/1 Restart EXCH: EXCH restarted; back after [\d.]+ s/.test(callText(c))));
    expect(new Date(labState(http.labDir, 'EXCH').LastBootUpTime).getTime()).toBeGreaterThan(new Date(bootBefore).getTime());
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'Restart-Computer')).toHaveLength(1);
  });
});
