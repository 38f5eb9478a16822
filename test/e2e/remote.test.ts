// One worker for both servers: the real program, its worker reaching "EXCH" and "WSE" through
// PowerShell remoting over SSH (an sshd on 127.0.0.1 started here, the lab in the remote session).
// The remote session is killed in the middle of New-Mailbox: the step is reported in the thread as
// the session breaking, `retry` resumes the job at that step, its probe sees the mailbox, and the
// job finishes once, with one New-Mailbox.
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { PREFIX, queueName } from '../../src/queue/queues.ts';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';
import { type Sshd, sshTargetsFile, startSshd } from '../fixtures/sshd.ts';

let slack: SlackStub;
let sshd: Sshd;
let bot: HttpApp;
let worker: HttpApp;
let redisUrl: string;

const command = (text: string, user = 'UADMIN1') => postSigned(bot.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const updated = (re: RegExp, timeout = 45_000) => slack.waitFor(() => slack.of('chat.update').some((c) => re.test(c.args.text ?? '')), timeout);

beforeAll(async () => {
  slack = await new SlackStub().start();
  redisUrl = await freshRedisUrl();
  // The remote side's environment is the sshd's: the lab there is slow right after New-Mailbox.
  sshd = await startSshd({ pwsh: inject('pwsh'), env: { LAB_SLOW: 'New-Mailbox=20000' } });
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot' } });
  const targets = sshTargetsFile(sshd, bot.labDir, ['WSE', 'EXCH'], { LabRebootSeconds: 1 });
  worker = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir: bot.labDir, env: { ROLE: 'worker', TARGETS: targets } });
});

afterAll(async () => {
  await worker?.app.stop();
  await bot?.app.stop();
  await slack?.stop();
  await sshd?.stop();
});

it('add-user through the remote session; the session killed mid-step; retry resumes it once', async () => {
  expect((await command('add-user Frank 2GB')).status).toBe(200);
  const deadline = Date.now() + 60_000;
  while (!labCalls(bot.labDir, 'EXCH').some((c) => c.cmdlet === 'New-Mailbox')) {
    if (Date.now() > deadline) throw new Error(`New-Mailbox never ran:\n${worker.app.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(sshd.killSessions()).toBeGreaterThan(0); // the remote PowerShell (and its sshd) die mid-step
  // The card's checklist line of the step says why (in its text or its blocks).
  await slack.waitFor(() => slack.calls.some((c) => /Create the mailbox[^"]*broke during the step/.test(JSON.stringify(c.args))), 20_000);
  await updated(/^Failed: add-user Frank/);

  const retry = JSON.parse((await command('retry 1')).text);
  expect(retry.text).toMatch(/^Retrying #1 from “Create the mailbox/);
  await updated(/^Done: add-user Frank/, 60_000);

  expect(labCalls(bot.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox')).toHaveLength(1);
  const frank = labState(bot.labDir, 'EXCH').mailboxes.filter((m: any) => m.Alias === 'Frank');
  expect(frank).toHaveLength(1);
  expect(frank[0].ProhibitSendReceiveQuota).toBe('2 GB (2,147,483,648 bytes)');
  const queue = new Queue(queueName('EXCH'), { connection: { url: redisUrl }, prefix: PREFIX });
  const job = await Job.fromId(queue, 'job-1');
  expect(await job!.getState()).toBe('completed');
  const steps = job!.data.steps as { id: string; state: string; runs: number }[];
  expect(steps.find((s) => s.id === 'check-free')).toMatchObject({ state: 'done', runs: 1 });
  expect(steps.find((s) => s.id === 'create-mailbox')).toMatchObject({ state: 'skipped', runs: 2 }); // the probe saw it
  await queue.close();
  await slack.waitFor(() => slack.of('chat.postEphemeral').some((c) => /Initial password for \*Frank\*/.test(c.args.text)));
  expect(slack.of('chat.postEphemeral').filter((c) => /Initial password/.test(c.args.text))).toHaveLength(1);
});
