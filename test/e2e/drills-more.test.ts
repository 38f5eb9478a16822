// Short versions of two more drills of npm run drills: Slack answering 500/429 in bursts to a few
// jobs, and Redis SIGKILLed in the middle of a few jobs and restarted from its AOF. Each ends with
// every card in its final state (Done), one mailbox per job and one working password per requester.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, type PrivateRedis, startPrivateRedis } from '../../src/redis/private-redis.ts';
import { type HttpApp, SIGNING_SECRET, startHttpApp } from '../fixtures/app-process.ts';
import { labCalls, labPasswordIs } from '../fixtures/lab.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let redis: PrivateRedis;
let http: HttpApp;
let port: number;
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-drills-more-'));

beforeAll(async () => {
  slack = await new SlackStub().start();
  port = await freePort();
  redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: true, port });
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: redis.url });
});
afterAll(async () => {
  await http?.app.stop();
  await redis?.stop();
  await slack?.stop();
});

const send = (text: string) => postSigned(http.url, slashCommandBody({ text }), SIGNING_SECRET);
const finalCard = (name: string) =>
  slack
    .of('chat.update')
    .filter((c) => c.args.text.includes(`add-user ${name} (`))
    .at(-1)?.args.text as string | undefined;
const passwordsFor = (name: string) =>
  slack.calls
    .filter((c) => c.method === 'chat.postEphemeral' || (c.method === 'chat.postMessage' && /^D/.test(c.args.channel)))
    .filter((c) => c.args.text.includes(`Initial password for *${name}*`))
    .map((c) => /`([^`]+)`/.exec(c.args.text)![1]!);

function expectAllDone(names: string[]): void {
  expect(names.filter((n) => !/^Done/.test(finalCard(n) ?? '')).map((n) => `${n}: ${finalCard(n)}`)).toEqual([]);
  expect(names.filter((n) => labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox' && c.args.Alias === n).length !== 1)).toEqual([]);
  expect(names.filter((n) => passwordsFor(n).filter((p) => labPasswordIs(http.labDir, n, p)).length !== 1)).toEqual([]);
}

it('a storm: Slack answering 500 and 429 in bursts of 1–4 to 6 jobs, every card ends Done', async () => {
  const names = Array.from({ length: 6 }, (_, i) => `Storm${i}`);
  for (const [i, name] of names.entries()) {
    slack.failNext('chat.update', i % 2 ? 500 : 429, 1, 1 + (i % 4));
    slack.failNext('chat.postEphemeral', i % 2 ? 429 : 500, 1, 1 + ((i + 2) % 4));
    if (i % 3 === 0) slack.failNext('chat.postMessage', 500, undefined, 1);
    expect((await send(`add-user ${name} 1GB`)).text).toBe('');
  }
  await slack.waitFor(() => names.every((n) => /^(Done|Failed)/.test(finalCard(n) ?? '')), 60_000);
  expect(slack.calls.filter((c) => /!(500|429)$/.test(c.method)).length).toBeGreaterThanOrEqual(20);
  expectAllDone(names);
}, 70_000);

it('Redis SIGKILLed in the middle of 6 jobs and restarted from its AOF: none lost, none twice', async () => {
  const names = Array.from({ length: 6 }, (_, i) => `Aof${i}`);
  for (const name of names.slice(0, 4)) expect((await send(`add-user ${name} 1GB`)).text).toBe('');
  await slack.waitFor(() => /^Done/.test(finalCard('Aof0') ?? ''), 20_000);
  process.kill(Number(readFileSync(path.join(dir, 'redis', 'redis.pid'), 'utf8')), 'SIGKILL');
  await new Promise((r) => setTimeout(r, 2000));
  redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: true, port });
  for (const name of names.slice(4)) expect((await send(`add-user ${name} 1GB`)).status).toBe(200);
  await slack.waitFor(() => names.every((n) => /^(Done|Failed)/.test(finalCard(n) ?? '')), 60_000);
  expectAllDone(names);
}, 90_000);
