// End to end: the real app on its HTTP receiver, slash commands signed as Slack signs them,
// a local stand-in for Slack's Web API, real Redis, real pwsh against the lab.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody, slackSignature } from '../fixtures/slack-signing.ts';
import { callText, SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
let redisUrl: string;

const command = (text: string, user = 'UADMIN1') => postSigned(http.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const cardOf = (summary: string) => slack.of('chat.postMessage').find((c) => !c.args.thread_ts && String(c.args.text).includes(summary));
async function jobCount(): Promise<number> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys('chatops:host-*:*');
  await redis.quit();
  return keys.filter((k) => /:host-[A-Z]+:job-\d+$/.test(k)).length;
}

beforeAll(async () => {
  slack = await new SlackStub().start();
  redisUrl = await freshRedisUrl();
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl });
});

afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

describe('/exchange add-user Frank 2GB, end to end', () => {
  it('acks at once, posts a card, reports each step in its thread, creates the mailbox, and sends the password privately', async () => {
    const res = await command('add-user Frank 2GB');
    expect(res.status).toBe(200);
    expect(res.text).toBe(''); // an accepted command gets no private reply

    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Frank \(2 GB\) in [\d.]+ s$/.test(c.args.text)));
    const card = cardOf('add-user Frank');
    expect(card?.args.text).toBe('Queued: add-user Frank (2 GB)');
    expect(card?.args.channel).toBe('CGENERAL');
    const cardTs = slack.of('chat.postMessage').indexOf(card!);
    expect(cardTs).toBeGreaterThanOrEqual(0);

    // The card is the live view: its checklist holds each step's outcome; nothing needed the thread.
    const rootTs = (await waitTs(card!)) as string;
    expect(slack.of('chat.postMessage').filter((c) => c.args.thread_ts === rootTs)).toEqual([]);
    const updates = slack.of('chat.update').filter((c) => c.args.ts === rootTs);
    const checklist = callText(updates.at(-1)!);
    expect(checklist).toMatch(/✅ 1\/4 Check the name is free: Frank is free/);
    expect(checklist).toMatch(/✅ 2\/4 Create the mailbox: created Frank &lt;Frank@contoso\.com&gt;/);
    expect(checklist).toMatch(/✅ 3\/4 Set the quota: 2 GB/);
    expect(checklist).toMatch(/✅ 4\/4 Send the initial password privately: sent to the requester privately/);
    for (const update of updates) {
      expect(update.args.text).toMatch(/^(Queued|Running \(step [1-4] of 4\)|Done): add-user Frank \(2 GB\)/);
    }

    // The password went privately to the requester, in a code span, and nowhere else.
    await slack.waitFor(() => slack.of('chat.postEphemeral').some((c) => /Initial password/.test(c.args.text)));
    const privateMsg = slack.of('chat.postEphemeral').find((c) => /Initial password/.test(c.args.text));
    expect(privateMsg?.args.user).toBe('UADMIN1');
    const password = /`([^`]+)`/.exec(privateMsg!.args.text)![1]!;
    expect(password).toMatch(/^.{16}$/);
    const publicText = JSON.stringify(slack.calls.filter((c) => c.method !== 'chat.postEphemeral'));
    expect(publicText).not.toContain(password);
    expect(http.app.output).not.toContain(password);
    const redis = new Redis(redisUrl);
    const dump: string[] = [];
    for (const key of await redis.keys('*')) {
      const type = await redis.type(key);
      if (type === 'hash') dump.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'string') dump.push(String(await redis.get(key)));
      else if (type === 'list') dump.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'stream') dump.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    await redis.quit();
    expect(dump.join('\n')).toContain('Frank'); // the job data is there...
    expect(dump.join('\n')).not.toContain(password); // ...without the secret

    // The lab holds the mailbox as Exchange would.
    const frank = mailbox(http.labDir, 'Frank');
    expect(frank).toMatchObject({
      Name: 'Frank',
      DisplayName: 'Frank',
      PrimarySmtpAddress: 'Frank@contoso.com',
      EmailAddresses: ['SMTP:Frank@contoso.com'],
      UseDatabaseQuotaDefaults: false,
      ProhibitSendReceiveQuota: '2 GB (2,147,483,648 bytes)',
      ProhibitSendQuota: '1.899 GB (2,040,109,465 bytes)',
      IssueWarningQuota: '1.799 GB (1,932,735,283 bytes)',
    });
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox')).toHaveLength(1);
  });

  it('transliterates accented names into the alias and keeps the display name', async () => {
    expect((await command('add-user Frédéric 500Mo')).status).toBe(200);
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Frédéric \(500 MB\)/.test(c.args.text)));
    expect(mailbox(http.labDir, 'Frederic')).toMatchObject({
      DisplayName: 'Frédéric',
      PrimarySmtpAddress: 'Frederic@contoso.com',
      ProhibitSendReceiveQuota: '500 MB (524,288,000 bytes)',
    });
  });

  it('fails in plain words when the name is taken', async () => {
    expect((await command('add-user Frank 1GB')).status).toBe(200);
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Failed: add-user Frank \(1 GB\)/.test(c.args.text)));
    // The step's line in the thread says why, in Exchange's words.
    await slack.waitFor((calls) =>
      calls.some((c) =>
        /1\/4 Check the name is free: failed\. Cannot add Frank: the alias Frank is already used by Frank .*Frank2 is free: try add-user Frank2/.test(
          c.args.text ?? '',
        ),
      ),
    );
    expect(mailbox(http.labDir, 'Frank').ProhibitSendReceiveQuota).toBe('2 GB (2,147,483,648 bytes)'); // untouched
  });
});

describe('bad input and refusals: a private, specific answer, nothing enqueued', () => {
  it.each([
    // A bare `add-user` opens its form in Slack (test/e2e/forms.test.ts); options without a name do not.
    ['add-user --alias frank', /\*name\* is missing/],
    ['add-user Fr@nk', /\*name\* must be one word/],
    ['add-user Frank 2XB', /\*quota\* "2XB" is not a size/],
    ['add-user Frank 3TB', /\*quota\* 3 TB is out of range/],
    ['frobnicate', /`frobnicate` is not a \/exchange command/],
  ])('%s', async (text, expected) => {
    const before = await jobCount();
    const posts = slack.of('chat.postMessage').length;
    const res = await command(text);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(expected);
    if (text.startsWith('add-user')) expect(body.text).toContain('Usage: `/exchange add-user &lt;name&gt; [quota] [--alias A]');
    expect(await jobCount()).toBe(before);
    expect(slack.of('chat.postMessage').length).toBe(posts);
  });

  it('refuses politely someone who is not an administrator', async () => {
    const before = await jobCount();
    const res = await command('add-user Mallory 1GB', 'UNOBODY');
    expect(JSON.parse(res.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Sorry, .*administrators/) });
    expect(await jobCount()).toBe(before);
  });

  it('lists the commands for help, privately, in one message', async () => {
    const body = JSON.parse((await command('help')).text);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('/exchange add-user &lt;name&gt; [quota]');
    expect(body.text).toContain('/exchange help');
  });
});

describe('request signatures', () => {
  const body = () => slashCommandBody({ text: 'add-user Eve 1GB' });
  it.each([
    ['forged', { signature: slackSignature('not-the-secret-at-all', Math.floor(Date.now() / 1000), 'x') }],
    ['unsigned', { signature: null }],
    ['six minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
  ] as const)('refuses a %s request with 401 and enqueues nothing', async (_name, options) => {
    const before = await jobCount();
    const res = await postSigned(http.url, body(), SIGNING_SECRET, options as never);
    expect(res.status).toBe(401);
    expect(await jobCount()).toBe(before);
    expect(mailbox(http.labDir, 'Eve')).toBeUndefined();
  });
});

/** The ts Slack gave the card (the stand-in answers in order). */
async function waitTs(card: { args: Record<string, any> }): Promise<string | undefined> {
  const update = slack.of('chat.update').find((c) => c.args.channel === card.args.channel && String(c.args.text).includes('add-user Frank (2 GB)'));
  return update?.args.ts;
}
