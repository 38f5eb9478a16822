// Faults around the engine: Redis restarting in the middle of a job (AOF on, as in production),
// and Slack failing when the job card should be posted.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../src/redis/private-redis.ts';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, mailbox } from '../fixtures/lab.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
let redis: PrivateRedis;
let port: number;
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-faults-'));

beforeAll(async () => {
  slack = await new SlackStub().start();
  port = await freePort();
  redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: true, port });
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: redis.url, env: { LAB_SLOW: 'Set-Mailbox=4000' } });
});
afterAll(async () => {
  await http?.app.stop();
  await redis?.stop();
  await slack?.stop();
});

it('a job survives Redis restarting under it, and finishes once', async () => {
  await postSigned(http.url, slashCommandBody({ text: 'add-user Frank 2GB' }), SIGNING_SECRET);
  const deadline = Date.now() + 30_000;
  while (!labCalls(http.labDir, 'EXCH').some((c) => c.cmdlet === 'Set-Mailbox')) {
    if (Date.now() > deadline) throw new Error(http.app.output);
    await new Promise((r) => setTimeout(r, 50));
  }
  // The quota step is running (slow): Redis goes away and comes back on the same port, from its AOF.
  await redis.stop();
  await new Promise((r) => setTimeout(r, 3000));
  redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: true, port });
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Frank \(2 GB\)/.test(c.args.text)), 45_000);
  expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox')).toHaveLength(1);
  expect(mailbox(http.labDir, 'Frank').ProhibitSendReceiveQuota).toBe('2 GB (2,147,483,648 bytes)');
  await slack.waitFor(() => slack.of('chat.postEphemeral').filter((c) => /Initial password for \*Frank\*/.test(c.args.text)).length === 1);
});

it('Slack failing to show the job card: a private word, and no job behind it', async () => {
  const posts = slack.of('chat.postMessage').length;
  slack.failNext('chat.postMessage', 500, undefined, 3);
  const res = await postSigned(http.url, slashCommandBody({ text: 'add-user Grace 1GB' }), SIGNING_SECRET);
  expect(res.status).toBe(200);
  await slack.waitFor(
    () => slack.of('chat.postEphemeral').some((c) => /Your `\/exchange add-user` was not started: the job card could not be posted/.test(c.args.text)),
    20_000,
  );
  await new Promise((r) => setTimeout(r, 1500));
  expect(mailbox(http.labDir, 'Grace')).toBeUndefined();
  expect(slack.of('chat.postMessage').length).toBe(posts);
});
