// A worker killed in the middle of a job: a new worker resumes it at the first unfinished step,
// the probe sees the mailbox the dead worker created, and the job finishes once.
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PREFIX, queueName } from '../../src/queue/queues.ts';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let bot: HttpApp;
let redisUrl: string;
const running: HttpApp[] = [];

beforeAll(async () => {
  slack = await new SlackStub().start();
  redisUrl = await freshRedisUrl();
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot' } });
  running.push(bot);
});

afterAll(async () => {
  for (const app of running) await app.app.stop();
  await slack?.stop();
});

it('a worker killed after New-Mailbox ran: the job resumes, never creates the mailbox twice, and finishes once', async () => {
  // The first worker is slow right after creating the mailbox: the crash lands between the
  // Exchange change and the step being recorded as done.
  const workerEnv = { ROLE: 'worker', JOB_LOCK_SECONDS: '2' };
  const first = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir: bot.labDir, env: { ...workerEnv, LAB_SLOW: 'New-Mailbox=20000' } });
  running.push(first);

  const res = await postSigned(bot.url, slashCommandBody({ text: 'add-user Frank 2GB' }), SIGNING_SECRET);
  expect(res.status).toBe(200);

  const deadline = Date.now() + 30_000;
  while (!labCalls(bot.labDir, 'EXCH').some((c) => c.cmdlet === 'New-Mailbox')) {
    if (Date.now() > deadline) throw new Error(`New-Mailbox never ran:\n${first.app.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  first.app.crash();
  await first.app.exited;

  const second = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir: bot.labDir, env: workerEnv });
  running.push(second);
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Frank/.test(c.args.text)), 45_000);

  expect(labCalls(bot.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox')).toHaveLength(1);
  expect(labState(bot.labDir, 'EXCH').mailboxes.filter((m: any) => m.Alias === 'Frank')).toHaveLength(1);
  expect(labState(bot.labDir, 'EXCH').mailboxes.find((m: any) => m.Alias === 'Frank').ProhibitSendReceiveQuota).toBe('2 GB (2,147,483,648 bytes)');

  const queue = new Queue(queueName('EXCH'), { connection: { url: redisUrl }, prefix: PREFIX });
  const job = await Job.fromId(queue, 'job-1');
  expect(await job!.getState()).toBe('completed');
  const steps = job!.data.steps as { id: string; state: string; runs: number }[];
  expect(steps.find((s) => s.id === 'check-free')).toMatchObject({ state: 'done', runs: 1 }); // not re-run
  expect(steps.find((s) => s.id === 'create-mailbox')).toMatchObject({ state: 'skipped', runs: 2 }); // the probe saw it
  expect(steps.find((s) => s.id === 'set-quota')).toMatchObject({ state: 'done', runs: 1 });
  await queue.close();

  // One Done, one password: the job finished once.
  await slack.waitFor(() => slack.of('chat.postEphemeral').length > 0);
  expect(
    new Set(
      slack
        .of('chat.update')
        .filter((c) => /^Done:/.test(c.args.text))
        .map((c) => c.args.ts),
    ).size,
  ).toBe(1);
  expect(slack.of('chat.postEphemeral').filter((c) => /Initial password/.test(c.args.text))).toHaveLength(1);
  await slack.waitFor((calls) => calls.some((c) => /2\/4 Create the mailbox: already done/.test(callText(c))));
});
