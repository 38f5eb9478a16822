// App Home end to end: app_home_opened and Home clicks signed as Slack signs them, the stand-in
// recording views.publish. Deciding from Home obeys the thread's rules: four eyes, one decision,
// the thread's approval card shows who decided, a refused click gets a direct message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { eventBody, homeClickBody, postSigned, postSignedJson, slashCommandBody, viewSubmissionBody } from '../fixtures/slack-signing.ts';
import { type SlackCall, SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
const ADMIN = 'UADMIN1';
const OTHER = 'UADMIN2';
const THIRD = 'UADMIN3';

const command = (text: string, user = ADMIN) => postSigned(http.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const answered = new Map<SlackCall, string>();

/** Opens the user's Home and returns the view published for them. */
async function home(user: string): Promise<any> {
  const mark = slack.of('views.publish').length;
  const res = await postSignedJson(http.url, eventBody({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' }), SIGNING_SECRET);
  expect(res.status).toBe(200);
  await slack.waitFor(
    () =>
      slack
        .of('views.publish')
        .slice(mark)
        .some((c) => c.args.user_id === user),
    10_000,
  );
  return slack
    .of('views.publish')
    .slice(mark)
    .find((c) => c.args.user_id === user)!.args.view;
}
const homeClick = (user: string, action: 'approve' | 'deny', approvalId: string) =>
  postSigned(http.url, homeClickBody({ user, actionId: `approval:${action}`, value: approvalId, blockId: `approval:${approvalId}` }), SIGNING_SECRET);
const buttonsOf = (view: any, approvalId: string) => view.blocks.find((b: any) => b.type === 'actions' && b.block_id === `approval:${approvalId}`);
const directTo = (user: string) =>
  slack
    .of('chat.postMessage')
    .filter((c) => c.args.channel === `D${user}`)
    .map((c) => c.args.text as string);

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  http = await startHttpApp({
    slackApiUrl: slack.url,
    redisUrl: await freshRedisUrl(),
    env: { APPROVAL_TIMEOUT: '120', EXCHANGE_ADMINS: `${ADMIN},${OTHER},${THIRD}` },
  });
});
afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

describe('App Home', () => {
  it('shows the servers, the forms and the user’s jobs', async () => {
    await command('add-user Tess 1GB');
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith('Done: add-user Tess')));
    const view = await home(ADMIN);
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Servers');
    expect(text).toMatch(/EXCH/);
    expect(text).toMatch(/#\d+ Done: add-user Tess \(1 GB\)/);
    expect(text).toContain('Nothing is waiting for a decision.');
    const forms = view.blocks.find((b: any) => b.block_id === 'forms');
    expect(forms.elements.map((e: any) => e.value)).toEqual(expect.arrayContaining(['add-user', 'offboard', 'reset-password', 'deploy profile']));
    // A form button opens the form with the click's trigger_id.
    const mark = slack.of('views.open').length;
    await postSigned(http.url, homeClickBody({ user: ADMIN, actionId: 'form:open:add-user', value: 'add-user', blockId: 'forms' }), SIGNING_SECRET);
    await slack.waitFor(() => slack.of('views.open').length > mark, 5000);
    const opened = slack.of('views.open').at(-1)!.args.view;
    expect(opened.callback_id).toBe('form:add-user');
    // Home has no channel: the job's card goes to the user's direct conversation with the bot.
    expect(JSON.parse(opened.private_metadata).channel).toBeUndefined();
    const submitted = await postSigned(http.url, viewSubmissionBody({ user: ADMIN, view: opened, values: { name: 'Uma' } }), SIGNING_SECRET);
    expect(submitted.text).toBe('');
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith('Done: add-user Uma (2 GB)')));
    expect(slack.of('chat.postMessage').find((c) => c.args.text === 'Queued: add-user Uma (2 GB)')?.args.channel).toBe(`D${ADMIN}`);
    // Someone who may run nothing sees no form buttons.
    expect((await home('UNOBODY')).blocks.find((b: any) => b.block_id === 'forms')).toBeUndefined();
  });

  it('deciding from Home: buttons only for who may decide; four eyes and once, as in the thread', async () => {
    await command('remove-user Tess');
    await slack.waitFor(() => slack.of('chat.postMessage').some((c) => /^Approval needed: Delete the mailbox and the account of \*Tess\*/.test(c.args.text)));
    const post = slack.of('chat.postMessage').find((c) => /^Approval needed: Delete the mailbox and the account of \*Tess\*/.test(c.args.text))!;
    const approvalId = post.args.blocks.find((b: any) => b.type === 'actions').elements[0].value as string;
    const cardTs = answered.get(post)!;

    // The requester sees the request without buttons; another approver sees the buttons.
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text === 'Waiting for approval: remove-user Tess'));
    const mine = await home(ADMIN);
    expect(JSON.stringify(mine.blocks)).toMatch(/Delete the mailbox and the account of \*Tess\*/);
    expect(buttonsOf(mine, approvalId)).toBeUndefined();
    expect(JSON.stringify(mine.blocks)).toContain('another approver decides it');
    const theirs = await home(OTHER);
    expect(buttonsOf(theirs, approvalId).elements.map((e: any) => e.text.text)).toEqual(['Approve', 'Deny']);
    expect(JSON.stringify(await home('UNOBODY'))).not.toContain('Tess');

    // A click the requester forges anyway is refused by the desk, with a direct message.
    expect((await homeClick(ADMIN, 'approve', approvalId)).status).toBe(200);
    await slack.waitFor(() => directTo(ADMIN).some((t) => /another approver must decide it \(four eyes\)/.test(t)));
    expect(slack.of('chat.update').filter((c) => c.args.ts === cardTs)).toHaveLength(0);
    expect(mailbox(http.labDir, 'Tess')).toBeDefined();

    // Another approver decides from Home: the thread's card shows who, the job runs.
    expect((await homeClick(OTHER, 'approve', approvalId)).status).toBe(200);
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.ts === cardTs && /^Approved by <@UADMIN2> at/.test(c.args.text)));
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith('Done: remove-user Tess')));
    expect(mailbox(http.labDir, 'Tess')).toBeUndefined();
    // Their Home was published again, without the request.
    await slack.waitFor(() => slack.of('views.publish').some((c) => c.args.user_id === OTHER && !JSON.stringify(c.args.view).includes(approvalId)));

    // Once: a later click, from Home or the thread, changes nothing and says why.
    await homeClick(THIRD, 'deny', approvalId);
    await slack.waitFor(() => directTo(THIRD).some((t) => /^Already decided: Approved by <@UADMIN2>/.test(t)));
    expect(slack.of('chat.update').filter((c) => c.args.ts === cardTs)).toHaveLength(1);
  });
});
