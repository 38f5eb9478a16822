// npm run bench: speed numbers, printed (not asserted: this machine is shared and noisy).
//  1. ack latency of 200 signed slash commands over HTTP (the bot alone, Slack stand-in, real Redis);
//  2. enqueue → worker start, through BullMQ on a loopback Redis (200 jobs);
//  3. one PowerShell step on a warm shell vs a freshly started pwsh (the lab).
import { LAB_HOST_MAP } from '../src/targets/lab-hosts.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { addUserJob } from '../jobs/add-user/index.ts';
import { loadConfig } from '../src/config.ts';
import { PowerShellPool } from '../src/powershell/pool.ts';
import { PowerShellSession } from '../src/powershell/session.ts';
import { startPrivateRedis } from '../src/redis/private-redis.ts';
import { loadTargets } from '../src/targets/targets.ts';
import { SIGNING_SECRET, startApp } from '../test/fixtures/app-process.ts';
import { postSigned, slashCommandBody } from '../test/fixtures/slack-signing.ts';
import { SlackStub } from '../test/fixtures/slack-stub.ts';
import { freePort } from '../src/redis/private-redis.ts';
import { locatePowerShell } from '../src/powershell/locate.ts';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const line = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(52)} p50 ${ms(pct(xs, 50)).padStart(9)}   p99 ${ms(pct(xs, 99)).padStart(9)}   (n=${xs.length})`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-bench-'));
const redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: false });
const pwsh = locatePowerShell(process.env.POWERSHELL_PATH);
console.log(`bench on ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}\n`);

// 1. Ack latency over HTTP: the bot (bot and worker in one process, its worker running the jobs
// the commands start) beside a bare Bolt app, requests interleaved, in the same run.
{
  const slack = await new SlackStub().start();
  const port = await freePort();
  const barePort = await freePort();
  process.env.POWERSHELL_PATH = pwsh;
  const common = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: slack.url };
  const app = startApp({
    ...common,
    SLACK_MODE: 'http',
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: redis.url,
    EXCHANGE_ADMINS: 'UADMIN1',
    DATA_DIR: path.join(dir, 'data'),
    LAB_DIR: path.join(dir, 'lab-ack'),
    POWERSHELL_PATH: pwsh,
    RATE_LIMIT_COMMANDS: 'off', // the bench is one user asking hundreds of times
    RATE_LIMIT_STATUS: 'off',
  });
  const bare = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bench/bare-bolt.ts')], {
    env: { ...process.env, ...common, PORT: String(barePort) },
    stdio: 'ignore',
  });
  await app.waitForOutput(/slack app listening/, 120_000);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;
  for (let i = 0; ; i++) {
    const r = await fetch(bareUrl, { method: 'POST' }).catch(() => undefined);
    if (r) break;
    if (i > 300) throw new Error('the bare Bolt app did not start');
    await new Promise((res) => setTimeout(res, 100));
  }
  const acks: number[] = [];
  const refused: number[] = [];
  const bareAcks: number[] = [];
  for (let i = 0; i < 200; i++) {
    const text = i % 4 === 3 ? 'add-user Fr@nk' : `add-user Bench${i} 1GB`;
    const res = await postSigned(url, slashCommandBody({ text }), SIGNING_SECRET);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    (i % 4 === 3 ? refused : acks).push(res.ms);
    bareAcks.push((await postSigned(bareUrl, slashCommandBody({ text }), SIGNING_SECRET)).ms);
  }
  line('ack of add-user, enqueued (HTTP, worker running jobs)', acks);
  line('ack of add-user refused by validation', refused);
  line('ack of a bare Bolt app, same requests', bareAcks);
  console.log(
    `${'  ack ratio, bot / bare Bolt'.padEnd(52)} p50 ${(pct(acks, 50) / pct(bareAcks, 50)).toFixed(2)} ×   p99 ${(pct(acks, 99) / pct(bareAcks, 99)).toFixed(2)} ×`,
  );
  bare.kill();
  await app.stop();
  await slack.stop();
}

// 1b. /exchange status over HTTP (bot + workers + lab), then with WSE rebooting.
{
  const slack = await new SlackStub().start();
  const port = await freePort();
  const app = startApp({
    SLACK_MODE: 'http',
    PORT: String(port),
    HOST: '127.0.0.1',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: slack.url,
    REDIS_URL: redis.url,
    EXCHANGE_ADMINS: 'UADMIN1',
    DATA_DIR: path.join(dir, 'data-status'),
    LOG_LEVEL: 'warn',
    POWERSHELL_PATH: pwsh,
    RATE_LIMIT_COMMANDS: 'off', // the bench is one user asking hundreds of times
    RATE_LIMIT_STATUS: 'off',
  });
  await app.waitForOutput(/./, 60_000).catch(() => undefined);
  const url = `http://127.0.0.1:${port}/slack/events`;
  for (let i = 0; ; i++) {
    const r = await postSigned(url, slashCommandBody({ text: 'status' }), SIGNING_SECRET).catch(() => undefined);
    if (r?.status === 200 && r.text.includes('EXCH ok')) break;
    if (i > 300) throw new Error(app.output);
    await new Promise((res) => setTimeout(res, 200));
  }
  const ask = async () => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) times.push((await postSigned(url, slashCommandBody({ text: 'status' }), SIGNING_SECRET)).ms);
    return times;
  };
  line('/exchange status (health cached, probe each time)', await ask());
  const { Redis } = await import('ioredis');
  const r = new Redis(redis.url);
  await r.set('chatops:rebooting:WSE', String(Date.now()), 'PX', 60_000);
  line('/exchange status with WSE rebooting', await ask());
  await r.del('chatops:rebooting:WSE');
  await r.quit();
  await app.stop();
  await slack.stop();
}

// 2. Enqueue → worker start.
{
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const queue = new Queue('bench', { connection, prefix: 'bench' });
  const starts = new Map<string, number>();
  const waits: number[] = [];
  let done: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const worker = new Worker(
    'bench',
    async (job) => {
      waits.push(performance.now() - starts.get(job.id!)!);
      if (waits.length === 200) done();
    },
    { connection, prefix: 'bench', concurrency: 1 },
  );
  await worker.waitUntilReady();
  for (let i = 0; i < 200; i++) {
    const id = `b-${i}`;
    starts.set(id, performance.now());
    await queue.add('x', {}, { jobId: id });
    await new Promise((r) => setTimeout(r, 5));
  }
  await finished;
  line('enqueue → worker start (BullMQ, loopback)', waits);
  await worker.close();
  await queue.close();
}

// 3. One PowerShell step: warm shell vs a fresh pwsh.
{
  const labDir = path.join(dir, 'lab');
  const config = loadConfig({ LAB_DIR: labDir, POWERSHELL_PATH: pwsh });
  const targets = loadTargets(config);
  const pool = new PowerShellPool(targets);
  const probe = addUserJob.steps({ name: 'Frank', alias: 'Frank', samAccountName: 'Frank', quota: { unlimited: true } }, LAB_HOST_MAP)[1]!.probe!;
  await pool.warm('EXCH');
  const warm: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    await pool.run('EXCH', probe, 30_000);
    warm.push(performance.now() - t);
  }
  line('one step on a warm shell (lab probe)', warm);
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const session = await PowerShellSession.start(targets.shellFor('EXCH'));
    await session.run(probe, 30_000);
    cold.push(performance.now() - t);
    await session.dispose();
  }
  line('one step on a fresh pwsh (start + lab + step)', cold);
  await pool.close();
  console.log(`\nbench process RSS after the runs: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}

await redis.stop();
process.exit(0);
