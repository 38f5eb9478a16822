// npm run drills: fault drills from outside, bounded, printing figures (short versions of each run
// in npm test: test/e2e/drills.test.ts, test/e2e/cards.test.ts, test/e2e/faults.test.ts).
//  1. kill:  20 SIGKILLs of the bot+worker at random moments of add-user and set-quota jobs;
//  2. storm: Slack answering 500/429 in bursts of 1–4 to 20 jobs;
//  3. redis: Redis killed and restarted from its AOF in the middle of 30 jobs;
//  4. flood: 100 add-user commands in 10 s from 5 users in 3 channels, Slack's limits enforced.
// Each ends by checking every card's final state (and, for add-user, that the requester's newest
// password is the account's). `npm run drills -- kill` runs one of them.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locatePowerShell } from '../src/powershell/locate.ts';
import { startPrivateRedis } from '../src/redis/private-redis.ts';
import { type HttpApp, SIGNING_SECRET, startHttpApp } from '../test/fixtures/app-process.ts';
import { labCalls, labPasswordIs } from '../test/fixtures/lab.ts';
import { postSigned, slashCommandBody } from '../test/fixtures/slack-signing.ts';
import { SlackStub } from '../test/fixtures/slack-stub.ts';

const pwsh = locatePowerShell(process.env.POWERSHELL_PATH);
const only = process.argv[2];
// Every drill's users are admins; a killed worker's job is taken over 2 s after its lock lapses.
const env = { POWERSHELL_PATH: pwsh, JOB_LOCK_SECONDS: '2', LOG_LEVEL: 'warn', EXCHANGE_ADMINS: 'UADMIN1,UADMIN2,UADMIN3,UADMIN4,UADMIN5' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const random = (n: number) => Math.floor(Math.random() * n);

interface Drill {
  slack: SlackStub;
  apps: HttpApp[];
  labDir: string;
  redisUrl: string;
}

async function setup(name: string): Promise<Drill & { stopRedis(): Promise<void>; startRedis(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `chatops-drill-${name}-`));
  let redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: true });
  const port = Number(new URL(redis.url).port);
  const slack = await new SlackStub().start();
  return {
    slack,
    apps: [],
    labDir: path.join(dir, 'lab'),
    redisUrl: redis.url,
    stopRedis: () => redis.stop(),
    startRedis: async () => {
      redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: true, port });
    },
  };
}

async function start(d: Drill): Promise<HttpApp> {
  const app = await startHttpApp({ slackApiUrl: d.slack.url, redisUrl: d.redisUrl, labDir: d.labDir, env });
  d.apps.push(app);
  return app;
}

const send = (app: HttpApp, text: string, user = 'UADMIN1', channel = 'CGENERAL') =>
  postSigned(app.url, slashCommandBody({ text, user, channel }), SIGNING_SECRET);

/** Each card's last state, by card ts. */
function cardStates(slack: SlackStub): Map<string, string> {
  const byTs = new Map<string, string>();
  for (const c of slack.calls)
    if (c.method === 'chat.update' && /^(Queued|Running|Waiting|Done|Failed|Cancelled)/.test(c.args.text)) byTs.set(c.args.ts, c.args.text);
  return byTs;
}

async function untilFinal(d: Drill, jobs: number, timeoutMs: number): Promise<{ done: number; failed: number; open: number; ms: number }> {
  const started = Date.now();
  for (;;) {
    const states = [...cardStates(d.slack).values()];
    const done = states.filter((s) => s.startsWith('Done')).length;
    const failed = states.filter((s) => /^(Failed|Cancelled)/.test(s)).length;
    if (done + failed >= jobs || Date.now() - started > timeoutMs) return { done, failed, open: jobs - done - failed, ms: Date.now() - started };
    await sleep(250);
  }
}

/** For each add-user name: how many passwords went out, and whether the newest one works. */
function passwords(d: Drill, names: string[]): { users: number; newestWorks: number; extra: number } {
  let newestWorks = 0;
  let extra = 0;
  for (const name of names) {
    const sent = d.slack
      .of('chat.postEphemeral')
      .filter((c) => c.args.text.includes(`Initial password for *${name}*`))
      .map((c) => /`([^`]+)`/.exec(c.args.text)![1]!);
    if (sent.length && labPasswordIs(d.labDir, name, sent.at(-1)!)) newestWorks++;
    extra += Math.max(0, sent.length - 1);
  }
  return { users: names.length, newestWorks, extra };
}

async function finish(d: Drill & { stopRedis(): Promise<void> }): Promise<void> {
  for (const a of d.apps) await a.app.stop().catch(() => undefined);
  await d.slack.stop();
  await d.stopRedis();
}

const drills: Record<string, () => Promise<Record<string, unknown>>> = {
  async kill() {
    const d = await setup('kill');
    let app = await start(d);
    const names: string[] = [];
    let jobs = 0;
    for (let kill = 0; kill < 20; kill++) {
      const name = `Kill${kill}`;
      names.push(name);
      await send(app, `add-user ${name} 1GB`);
      jobs++;
      if (kill % 2 && kill > 1) {
        await send(app, `set-quota Kill${kill - 2} 2GB`);
        jobs++;
      }
      await sleep(200 + random(1800));
      app.app.crash();
      await app.app.exited;
      app = await start(d);
    }
    const end = await untilFinal(d, jobs, 240_000);
    const created = labCalls(d.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox').length;
    const result = { kills: 20, jobs, ...end, mailboxesCreated: created, ...passwords(d, names) };
    await finish(d);
    return result;
  },

  async storm() {
    const d = await setup('storm');
    const app = await start(d);
    const names = Array.from({ length: 20 }, (_, i) => `Storm${i}`);
    for (const [i, name] of names.entries()) {
      for (const method of ['chat.update', 'chat.postEphemeral', 'chat.postMessage']) {
        if (random(2)) d.slack.failNext(method, random(2) ? 500 : 429, 1, 1 + random(4));
      }
      await send(app, `add-user ${name} 1GB`, `UADMIN${1 + (i % 2)}`);
    }
    const end = await untilFinal(d, names.length, 300_000);
    const failures = d.slack.calls.filter((c) => /!(500|429)$/.test(c.method)).length;
    const result = { jobs: names.length, slackFailuresServed: failures, ...end, ...passwords(d, names) };
    await finish(d);
    return result;
  },

  async redis() {
    const d = await setup('redis');
    const app = await start(d);
    const names = Array.from({ length: 30 }, (_, i) => `Aof${i}`);
    for (const name of names.slice(0, 15)) await send(app, `add-user ${name} 1GB`);
    await sleep(3000);
    await d.stopRedis(); // killed mid-run, jobs waiting and running
    await sleep(2000);
    await d.startRedis(); // back from its append-only file
    for (const name of names.slice(15)) await send(app, `add-user ${name} 1GB`);
    const end = await untilFinal(d, names.length, 300_000);
    const created = new Set(
      labCalls(d.labDir, 'EXCH')
        .filter((c) => c.cmdlet === 'New-Mailbox')
        .map((c) => c.args.Alias),
    ).size;
    const result = { jobs: names.length, ...end, lost: names.length - created, ...passwords(d, names) };
    await finish(d);
    return result;
  },

  async flood() {
    const d = await setup('flood');
    d.slack.limits = { perMinute: { 'chat.update': 50, 'chat.postEphemeral': 100 }, postsPerChannel: { perSecond: 1, burst: 4 } };
    const app = await start(d);
    const users = ['UADMIN1', 'UADMIN2', 'UADMIN3', 'UADMIN4', 'UADMIN5'];
    const channels = ['CGENERAL', 'CIT', 'COPS'];
    const acks: number[] = [];
    const names = Array.from({ length: 100 }, (_, i) => `Flood${i}`);
    const t0 = Date.now();
    await Promise.all(
      names.map(async (name, i) => {
        await sleep(i * 100); // 100 commands over 10 s
        const res = await send(app, `add-user ${name} 1GB`, users[i % 5], channels[i % 3]);
        acks.push(res.ms);
      }),
    );
    const sent = Date.now() - t0;
    const end = await untilFinal(d, names.length, 600_000);
    const sorted = [...acks].sort((a, b) => a - b);
    const result = {
      commands: names.length,
      sentInMs: sent,
      ackP50ms: Math.round(sorted[50]!),
      ackMaxMs: Math.round(sorted.at(-1)!),
      over3s: acks.filter((a) => a > 3000).length,
      ...end,
      rateLimitAnswers: d.slack.rateLimited,
      ...passwords(d, names),
    };
    await finish(d);
    return result;
  },
};

for (const [name, drill] of Object.entries(drills)) {
  if (only && only !== name) continue;
  const t = Date.now();
  const figures = await drill();
  console.log(`${name.padEnd(6)} ${JSON.stringify(figures)} (${Math.round((Date.now() - t) / 1000)} s)`);
}
process.exit(0);
