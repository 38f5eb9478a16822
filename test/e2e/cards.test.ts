// The card never lies: add-user's whole story in at most 4 Slack writes, the private password
// before the card turns Done, the final state as the job's last call and within a second of its
// last step; and a Slack that fails (500, 429, an outage of seconds) still ends every card final.
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX, queueName } from '../../src/queue/queues.ts';
import { type HttpApp, SIGNING_SECRET, startHttpApp } from '../fixtures/app-process.ts';
import { labPasswordIs } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { type SlackCall, SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
let redisUrl: string;

const LOOKUPS = new Set(['users.info', 'usergroups.users.list', 'auth.test']);
const isWrite = (c: SlackCall) => !LOOKUPS.has(c.method.replace(/!\d+$/, ''));
const command = (text: string) => postSigned(http.url, slashCommandBody({ text, user: 'UADMIN1' }), SIGNING_SECRET);
const cardTsOf = (summary: string) => slack.calls.find((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && c.args.text.includes(summary));

async function jobData(id: string) {
  const queue = new Queue(queueName('EXCH'), { connection: { url: redisUrl }, prefix: PREFIX });
  const job = await Job.fromId(queue, id);
  await queue.close();
  return job!.data as { steps: { endedAt?: number }[] };
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

describe('the card and its calls', () => {
  it('add-user makes at most 4 Slack writes, sends the password before Done, and ends on the card within 1 s of its last step', async () => {
    const before = slack.calls.length;
    expect((await command('add-user Frank 2GB')).text).toBe('');
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Frank/.test(c.args.text)));
    await new Promise((r) => setTimeout(r, 1500)); // anything that would still come after Done
    const writes = slack.calls.slice(before).filter(isWrite);
    expect(writes.map((c) => c.method)).toEqual(expect.arrayContaining(['chat.postMessage', 'chat.postEphemeral', 'chat.update']));
    expect(writes.length).toBeLessThanOrEqual(4);

    const done = writes.findIndex((c) => c.method === 'chat.update' && /^Done:/.test(c.args.text));
    const password = writes.findIndex((c) => c.method === 'chat.postEphemeral' && /Initial password for \*Frank\*/.test(c.args.text));
    expect(password).toBeGreaterThanOrEqual(0);
    expect(password).toBeLessThan(done);
    expect(done).toBe(writes.length - 1); // the final state is the job's last call

    const data = await jobData('job-1');
    const lastStep = Math.max(...data.steps.map((s) => s.endedAt ?? 0));
    expect(writes[done]!.at - lastStep).toBeLessThan(1000);
    const secret = /`([^`]+)`/.exec(writes[password]!.args.text)![1]!;
    expect(labPasswordIs(http.labDir, 'Frank', secret)).toBe(true);
  });

  it('Slack answering 500 and 429 in bursts: the card still ends in its final state', async () => {
    slack.failNext('chat.update', 500, undefined, 3);
    slack.failNext('chat.update', 429, 1, 2);
    slack.failNext('chat.postEphemeral', 500, undefined, 2);
    expect((await command('add-user Grace 1GB')).text).toBe('');
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Grace/.test(c.args.text)), 45_000);
    const secret = /`([^`]+)`/.exec(slack.of('chat.postEphemeral').find((c) => /\*Grace\*/.test(c.args.text))!.args.text)![1]!;
    expect(labPasswordIs(http.labDir, 'Grace', secret)).toBe(true);
  });

  it('a Slack outage of several seconds on updates: the newest state goes out once Slack is back', async () => {
    slack.failNext('chat.update', 500, undefined, 12);
    expect((await command('set-quota Frank 3GB')).text).toBe('');
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: set-quota Frank/.test(c.args.text)), 60_000);
    const card = cardTsOf('set-quota Frank');
    expect(card).toBeTruthy();
    expect(slack.of('chat.update!500').length).toBeGreaterThanOrEqual(12);
  }, 70_000);
});
