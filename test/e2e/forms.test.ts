// Forms end to end: the real app on its HTTP receiver, signed slash commands, view submissions and
// shortcuts, the Slack stand-in answering views.open like Slack, real Redis, real pwsh on the lab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { messageActionBody, postSigned, shortcutBody, slashCommandBody, viewSubmissionBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
const ADMIN = 'UADMIN1';

const command = (text: string, user = ADMIN, channel = 'CGENERAL') => postSigned(http.url, slashCommandBody({ text, user, channel }), SIGNING_SECRET);
const submit = (view: Record<string, any>, values: Record<string, string | boolean>, user = ADMIN) =>
  postSigned(http.url, viewSubmissionBody({ user, view, values }), SIGNING_SECRET);
const inputs = (view: any) => view.blocks.filter((b: any) => b.type === 'input');
const element = (view: any, id: string) => view.blocks.find((b: any) => b.block_id === id)?.element;

/** The next modal the app opens (views.open), as Slack keeps it. */
async function nextModal(send: () => Promise<{ status: number; ms: number }>): Promise<{ view: any; ackMs: number; openMs: number }> {
  const mark = slack.of('views.open').length;
  const started = Date.now();
  const res = await send();
  expect(res.status).toBe(200);
  await slack.waitFor(() => slack.of('views.open').length > mark, 5000);
  const call = slack.of('views.open')[mark]!;
  const kept = [...slack.views.values()].find(
    (v: any) => v.private_metadata === call.args.view.private_metadata && v.callback_id === call.args.view.callback_id,
  );
  return { view: kept ?? call.args.view, ackMs: res.ms, openMs: call.at - started };
}

beforeAll(async () => {
  slack = await new SlackStub().start();
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), env: { EXCHANGE_ADMINS: `${ADMIN},UADMIN2` } });
});
afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

describe('the add-user form', () => {
  it('opens within 3 s of a bare /exchange add-user, with its fields', async () => {
    const { view, ackMs, openMs } = await nextModal(() => command('add-user'));
    expect(ackMs).toBeLessThan(3000);
    expect(openMs).toBeLessThan(3000);
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe('form:add-user');
    expect(inputs(view).map((b: any) => b.block_id)).toEqual(['name', 'alias', 'quota', 'first', 'last', 'ou', 'like']);
    expect(inputs(view).every((b: any) => b.element.type === 'plain_text_input')).toBe(true);
    expect(element(view, 'quota').initial_value).toBe('2GB');
    expect(view.blocks.find((b: any) => b.block_id === 'name').optional).toBe(false);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ command: 'add-user', channel: 'CGENERAL' });
    // Slack's own answer to the trigger_id: it was used while valid.
    expect(slack.of('views.open').at(-1)!.args.trigger_id).toMatch(/^\d{13}\./);
  });

  it('shows a bad quota on its field and starts nothing', async () => {
    const { view } = await nextModal(() => command('add-user'));
    const posts = slack.of('chat.postMessage').length;
    const res = await submit(view, { name: 'Quinn', quota: '2XB' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['quota']);
    expect(body.errors.quota).toMatch(/"2XB" is not a size/);
    // A bad name too, each on its own field (the typed command's schema, its words).
    const both = JSON.parse((await submit(view, { name: 'Fr@nk', quota: '2XB' })).text);
    expect(Object.keys(both.errors).sort()).toEqual(['name', 'quota']);
    expect(both.errors.name).toMatch(/must be one word/);
    // "Like user" with a quota: the typed command refuses it; the form says so on the quota.
    const like = JSON.parse((await submit(view, { name: 'Quinn', like: 'Frank' })).text);
    expect(like.errors).toEqual({ quota: expect.stringMatching(/leave the quota empty/) });
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.of('chat.postMessage').length).toBe(posts);
    expect(mailbox(http.labDir, 'Quinn')).toBeUndefined();
  });

  it('a good submission closes the form and starts the same job as the typed command, its card in the channel', async () => {
    const { view } = await nextModal(() => command('add-user', ADMIN, 'CITDESK'));
    const res = await submit(view, { name: 'Rosa', quota: '1 Go', first: 'Rosa', last: 'Parks' });
    expect(res.status).toBe(200);
    expect(res.text).toBe(''); // an empty ack closes the modal
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Rosa \(1 GB\)/.test(c.args.text)));
    const card = slack.of('chat.postMessage').find((c) => !c.args.thread_ts && c.args.text === 'Queued: add-user Rosa (1 GB)');
    expect(card?.args.channel).toBe('CITDESK');
    await slack.waitFor(() => slack.of('chat.postEphemeral').some((c) => c.args.user === ADMIN && /Initial password for \*Rosa\*/.test(c.args.text)));
    const box = mailbox(http.labDir, 'Rosa');
    expect(box).toBeDefined();
    expect(JSON.stringify(box)).toMatch(/1073741824|1 GB|1GB/);
    // An empty alias came from the name; first and last name reached AD.
    const ad = labState(http.labDir, 'WSE').adUsers.find((u: any) => u.Name === 'Rosa');
    expect(ad).toMatchObject({ GivenName: 'Rosa', Surname: 'Parks' });
  });

  it('the submission is checked again: someone who may not add users gets a refusal, nothing starts', async () => {
    const { view } = await nextModal(() => command('add-user'));
    const posts = slack.of('chat.postMessage').length;
    const res = JSON.parse((await submit(view, { name: 'Mallory' }, 'UNOBODY')).text);
    expect(res.response_action).toBe('update');
    expect(JSON.stringify(res.view)).toMatch(/is for Exchange administrators/);
    // And the form is not opened for them at all.
    await command('add-user', 'UNOBODY');
    await slack.waitFor(() => slack.of('chat.postEphemeral').some((c) => c.args.user === 'UNOBODY' && /is for Exchange administrators/.test(c.args.text)));
    expect(slack.of('chat.postMessage').length).toBe(posts);
    expect(mailbox(http.labDir, 'Mallory')).toBeUndefined();
  });
});

describe('shortcuts', () => {
  it('the global shortcut opens the add-user form; the message shortcut prefills the person it names', async () => {
    const global = await nextModal(() => postSigned(http.url, shortcutBody({ user: ADMIN, callbackId: 'add_user' }), SIGNING_SECRET));
    expect(global.view.callback_id).toBe('form:add-user');
    expect(element(global.view, 'name').initial_value).toBeUndefined();

    const fromText = await nextModal(() =>
      postSigned(
        http.url,
        messageActionBody({ user: ADMIN, callbackId: 'add_user_message', channel: 'CHR', text: 'Please add Marie Dupont, she starts on Monday.' }),
        SIGNING_SECRET,
      ),
    );
    expect(element(fromText.view, 'name').initial_value).toBe('Marie');
    expect(element(fromText.view, 'first').initial_value).toBe('Marie');
    expect(element(fromText.view, 'last').initial_value).toBe('Dupont');
    expect(JSON.parse(fromText.view.private_metadata).channel).toBe('CHR');

    slack.realNames.UNEWHIRE = 'Élodie Martin';
    const fromMention = await nextModal(() =>
      postSigned(
        http.url,
        messageActionBody({ user: ADMIN, callbackId: 'add_user_message', channel: 'CHR', text: 'Welcome <@UNEWHIRE> to the team!' }),
        SIGNING_SECRET,
      ),
    );
    expect(slack.of('users.info').some((c) => c.args.user === 'UNEWHIRE')).toBe(true);
    expect(element(fromMention.view, 'first').initial_value).toBe('Élodie');
    expect(element(fromMention.view, 'last').initial_value).toBe('Martin');
    expect(element(fromMention.view, 'alias').placeholder.text).toBe('Elodie');
  });
});

describe('other forms', () => {
  it('reset-password: the form starts the job; the password comes privately', async () => {
    const { view } = await nextModal(() => command('reset-password'));
    expect(inputs(view).map((b: any) => b.block_id)).toEqual(['user', 'change-at-logon']);
    expect(element(view, 'change-at-logon').initial_options).toHaveLength(1);
    const bad = JSON.parse((await submit(view, { user: '' })).text);
    expect(bad.response_action).toBe('errors');
    expect(Object.keys(bad.errors)).toEqual(['user']);
    expect((await submit(view, { user: 'Rosa', 'change-at-logon': false })).text).toBe('');
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: reset-password Rosa \(no change at sign-in\)/.test(c.args.text)));
  });

  it('offboard: a checkbox per action, in the approval card’s words; its rules on their fields', async () => {
    const { view } = await nextModal(() => command('offboard'));
    expect(inputs(view).map((b: any) => b.block_id)).toEqual(['user', 'forward-to', 'keep-copy', 'reply', 'grant', 'shared', 'export', 'remove', 'at']);
    expect(element(view, 'shared').options[0].text.text).toBe('converted to shared');
    expect(element(view, 'remove').options[0].text.text).toMatch(/^removal of the mailbox and the account/);
    expect(JSON.stringify(view.blocks)).toContain('hidden from address lists');
    const bad = JSON.parse((await submit(view, { user: 'Rosa', 'keep-copy': true, remove: true })).text);
    expect(bad.errors['keep-copy']).toMatch(/goes with --forward-to/);
    expect(bad.errors.remove).toMatch(/needs --export/);
    expect((await submit(view, { user: 'Rosa', shared: true })).text).toBe('');
    await slack.waitFor((calls) => calls.some((c) => /Approval needed: Offboard \*Rosa\*/.test(callText(c))));
    const approval = slack.of('chat.postMessage').find((c) => /^Approval needed: Offboard \*Rosa\*/.test(c.args.text))!;
    expect(approval.args.text).toMatch(/converted to shared/);
  });

  it('deploy profile edit: every key with its value; submitting sets what changed, each key checked', async () => {
    await command('deploy profile set domain contoso.com');
    const { view } = await nextModal(() => command('deploy profile edit'));
    expect(element(view, 'domain').initial_value).toBe('contoso.com');
    expect(element(view, 'mail-host').initial_value).toBe('mail.contoso.com');
    expect(element(view, 'exchange-version').initial_value).toBe('2013');
    const bad = JSON.parse((await submit(view, { 'public-ip': '300.1.1.1' })).text);
    expect(bad.errors).toEqual({ 'public-ip': 'must be an IPv4 address' });
    const ok = JSON.parse((await submit(view, { 'public-ip': '203.0.113.10', 'exchange-version': 'SE' })).text);
    expect(ok.response_action).toBe('update');
    const shown = JSON.stringify(ok.view.blocks);
    expect(shown).toMatch(/public-ip`: 203\.0\.113\.10/);
    expect(shown).toMatch(/exchange-version`: SE/);
    expect(shown).toMatch(/mail-host`: mail\.contoso\.com _\(default\)_/); // unchanged: still a default, not stored
  });
});
