// npm run doctor against what is here: the lab's hosts, a real Redis (one well configured, one
// without AOF, one not running), the Slack stand-in (answering, then failing). Each line says ok or
// problem, and a problem says what to do.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { checkDisk, checkRedis, checkSlack } from '../../src/doctor.ts';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../src/redis/private-redis.ts';
import { ROOT } from '../fixtures/app-process.ts';
import { SlackStub, slashAnswer } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let redis: PrivateRedis;
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-doctor-'));

beforeAll(async () => {
  slack = await new SlackStub().start();
  redis = await startPrivateRedis(path.join(dir, 'redis'), { persist: true });
});
afterAll(async () => {
  await slack?.stop();
  await redis?.stop();
});

const slackConfig = () =>
  loadConfig({
    SLACK_MODE: 'http',
    SLACK_BOT_TOKEN: 'xoxb-doctor',
    SLACK_SIGNING_SECRET: 'doctor-secret-0123456789',
    SLACK_API_URL: slack.url,
    EXCHANGE_ADMINS: 'UADMIN1',
    DATA_DIR: path.join(dir, 'data'),
  });

it('Redis: noeviction and AOF ok; AOF off is a problem with its fix; not running is a problem', async () => {
  expect(await checkRedis(redis.url)).toEqual([
    { ok: true, what: 'Redis', detail: `reachable at ${redis.url.replace(/\/\/:[^@]*@/, '//***@')}` }, // its password never shown
    { ok: true, what: 'Redis maxmemory-policy', detail: 'noeviction' },
    { ok: true, what: 'Redis persistence', detail: 'AOF on' },
  ]);
  const noAof = await checkRedis(inject('redisUrl')); // the tests' own Redis runs without AOF
  expect(noAof[2]).toMatchObject({ ok: false, what: 'Redis persistence', fix: expect.stringMatching(/appendonly yes/) });
  const gone = await checkRedis(`redis://:secret-pass@127.0.0.1:${await freePort()}`);
  expect(gone).toHaveLength(1);
  expect(gone[0]).toMatchObject({ ok: false, what: 'Redis', detail: expect.stringMatching(/not reachable at redis:\/\/\*\*\*@127\.0\.0\.1/) });
  expect(JSON.stringify(gone)).not.toContain('secret-pass');
});

it('Slack: auth.test with the configured token; a failing Slack is a problem', async () => {
  expect(await checkSlack(slackConfig())).toEqual([{ ok: true, what: 'Slack', detail: 'auth.test: the bot is @exchange in Small Biz' }]);
  expect(slack.of('auth.test').at(-1)!.args.token).toBe('xoxb-doctor');
  slack.failNext('auth.test', 500);
  expect((await checkSlack(slackConfig()))[0]).toMatchObject({ ok: false, detail: 'auth.test answered HTTP 500', fix: expect.stringMatching(/reachable/) });
  expect(await checkSlack(loadConfig({ DATA_DIR: path.join(dir, 'data') }))).toMatchObject([
    { ok: true, what: 'Slack', detail: expect.stringMatching(/console mode/) },
  ]);
});

it('disk: the free space of DATA_DIR', () => {
  expect(checkDisk(dir)[0]).toMatchObject({ what: 'Disk', detail: expect.stringMatching(/GB free/) });
  expect(checkDisk(path.join(dir, 'missing'))[0]).toMatchObject({ ok: false, fix: expect.stringMatching(/DATA_DIR/) });
});

it('npm run doctor: every line ok or problem; the lab enforcing RBAC without the role group is a problem; exit status 1', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/doctor.ts')], {
    cwd: dir, // no .env here
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME!,
      POWERSHELL_PATH: inject('pwsh'),
      SLACK_MODE: 'http',
      SLACK_BOT_TOKEN: 'xoxb-doctor',
      SLACK_SIGNING_SECRET: 'doctor-secret-0123456789',
      SLACK_API_URL: slack.url,
      EXCHANGE_ADMINS: 'UADMIN1',
      REDIS_URL: redis.url,
      LAB_DIR: path.join(dir, 'lab'),
      DATA_DIR: path.join(dir, 'data'),
      LAB_ENFORCE_RBAC: 'true',
      LAB_RBAC_GRANT: 'false', // a server where grant-bot-rights.ps1 was not run yet
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise((r) => child.once('exit', r));
  const lines = out.trim().split('\n');
  for (const l of lines.filter((x) => x && !x.startsWith('        →') && !/^\d+ problems?$|^all good$/.test(x))) expect(l).toMatch(/^(ok {6}|problem )[^:]+: /);
  expect(out).toMatch(/^ok {6}WSE: PowerShell 7\.\d+\.\d+ \(Core\)/m);
  expect(out).toMatch(/^ok {6}WSE clock: \d+\.\d s (ahead of|behind) this worker$/m);
  expect(out).toMatch(/^ok {6}EXCH Exchange: the Exchange cmdlets are loaded$/m);
  expect(out).toMatch(
    /^problem EXCH rights: the role group "ChatOps Bot" does not exist\n {8}→ on the Exchange server, as Organization Management: scripts\/windows\/grant-bot-rights\.ps1 -Part Exchange/m,
  );
  expect(out).toMatch(/^ok {6}Redis persistence: AOF on$/m);
  expect(out).toMatch(/^ok {6}Slack: auth\.test: the bot is @exchange in Small Biz$/m);
  expect(out).toMatch(/^1 problem$/m);
  expect(code).toBe(1);
});

it('/exchange doctor (admins): each host asked on its read queue, a line per check', async () => {
  const { startHttpApp, SIGNING_SECRET } = await import('../fixtures/app-process.ts');
  const { postSigned, slashCommandBody } = await import('../fixtures/slack-signing.ts');
  const { freshRedisUrl } = await import('../fixtures/redis-db.ts');
  const app = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl() });
  try {
    // The workers' read lanes warm up first (status does the same).
    let body: any;
    const deadline = Date.now() + 60_000;
    do {
      // On the ack, or posted privately after it when the hosts are slow to answer.
      body = await slashAnswer(slack, () => postSigned(app.url, slashCommandBody({ text: 'doctor' }), SIGNING_SECRET));
      if (!/no answer/.test(JSON.stringify(body))) break;
      await new Promise((r) => setTimeout(r, 1000));
    } while (Date.now() < deadline);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toBe('Doctor: all good');
    const text = body.blocks[0].text.text as string;
    expect(text).toMatch(/✅ \*EXCH Exchange\*: the Exchange cmdlets are loaded/);
    expect(text).toMatch(/✅ \*WSE clock\*: \d+\.\d s (ahead of|behind) this worker/);
    const refused = JSON.parse((await postSigned(app.url, slashCommandBody({ text: 'doctor', user: 'USOMEONE' }), SIGNING_SECRET)).text);
    expect(refused.text).not.toMatch(/^Doctor/);
  } finally {
    await app.app.stop();
  }
});
