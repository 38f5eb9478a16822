// Short fault drills (npm run drills runs the long ones and prints figures): whatever dies or
// fails, every card ends in its true final state and each requester holds exactly one password
// that works. A SIGKILLed process may leave a lab lock behind; its successor must not wait on it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HttpApp, SIGNING_SECRET, startHttpApp } from '../fixtures/app-process.ts';
import { labCalls, labPasswordIs } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let redisUrl: string;
const apps: HttpApp[] = [];

beforeAll(async () => {
  slack = await new SlackStub().start();
  redisUrl = await freshRedisUrl();
});

afterAll(async () => {
  for (const a of apps) await a.app.stop();
  await slack?.stop();
});

const start = async (labDir?: string, env: Record<string, string> = {}) => {
  const app = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir, env: { JOB_LOCK_SECONDS: '2', ...env } });
  apps.push(app);
  return app;
};
const passwordsFor = (name: string) =>
  slack
    .of('chat.postEphemeral')
    .filter((c) => new RegExp(`Initial password for \\*${name}\\*`).test(c.args.text))
    .map((c) => /`([^`]+)`/.exec(c.args.text)![1]!);
const finalCard = (summary: string) =>
  slack
    .of('chat.update')
    .filter((c) => c.args.text.includes(summary))
    .at(-1)?.args.text as string | undefined;

it('a bot (ROLE=all) SIGKILLed right after New-Mailbox: restarted at once, the job ends Done with one mailbox and one working password', async () => {
  const first = await start();
  expect((await postSigned(first.url, slashCommandBody({ text: 'add-user Frank 2GB' }), SIGNING_SECRET)).text).toBe('');
  const deadline = Date.now() + 30_000;
  while (!labCalls(first.labDir, 'EXCH').some((c) => c.cmdlet === 'New-Mailbox')) {
    if (Date.now() > deadline) throw new Error(`New-Mailbox never ran:\n${first.app.output}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  first.app.crash();
  await first.app.exited;
  await start(first.labDir);
  await slack.waitFor(() => /^(Done|Failed)/.test(finalCard('add-user Frank') ?? ''), 60_000);
  expect(finalCard('add-user Frank')).toMatch(/^Done: add-user Frank/);
  expect(labCalls(first.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox')).toHaveLength(1);
  const passwords = passwordsFor('Frank');
  expect(passwords).toHaveLength(1);
  expect(labPasswordIs(first.labDir, 'Frank', passwords[0]!)).toBe(true);
});

it('a flood within Slack’s limits: 12 add-user commands in 1.2 s from 3 users in 2 channels, all acked in 3 s, all Done, no 429 provoked', async () => {
  slack.limits = { perMinute: { 'chat.update': 50, 'chat.postEphemeral': 100 }, postsPerChannel: { perSecond: 1, burst: 4 } };
  for (const a of apps.splice(0)) await a.app.stop(); // one worker on this Redis: the one with this lab
  const app = await start(undefined, { CHAT_MIN_INTERVAL_MS: '1000' }); // Slack's pace for posts, not the tests' quicker one
  const names = Array.from({ length: 12 }, (_, i) => `Flood${i}`);
  const acks = await Promise.all(
    names.map(async (name, i) => {
      await new Promise((r) => setTimeout(r, i * 100));
      const res = await postSigned(
        app.url,
        slashCommandBody({ text: `add-user ${name} 1GB`, user: ['UADMIN1', 'UADMIN2', 'UADMIN1'][i % 3], channel: ['CGENERAL', 'CIT'][i % 2] }),
        SIGNING_SECRET,
      );
      expect(res.text).toBe('');
      return res.ms;
    }),
  );
  expect(Math.max(...acks)).toBeLessThan(3000);
  await slack.waitFor(() => names.every((n) => /^Done/.test(finalCard(`add-user ${n} `) ?? '')), 120_000);
  expect(slack.rateLimited).toBe(0);
  const wrong = names.filter((name) => !labPasswordIs(app.labDir, name, passwordsFor(name).at(-1) ?? ''));
  expect(wrong.map((n) => `${n}: ${passwordsFor(n).length} password(s)`)).toEqual([]);
}, 150_000);
