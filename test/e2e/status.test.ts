// Status, jobs and audit end to end: /exchange status in the channel (with a host rebooting and a
// host without a worker), @exchange status, the App Home tab, job/jobs/cancel/retry/audit, the
// queue dashboard behind its password, and the scheduled health watch.
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { PowerShellPool } from '../../src/powershell/pool.ts';
import { loadTargets } from '../../src/targets/targets.ts';
import { ROOT, SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, eventBody, postSigned, postSignedJson, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let bot: HttpApp;
let worker: HttpApp;
let redisUrl: string;
const answered = new Map<SlackCall, string>();
const ADMIN_PASSWORD = 'correct horse battery staple';

const command = (text: string, user = 'UADMIN1') => postSigned(bot.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const done = (re: RegExp) => slack.waitFor(() => slack.of('chat.update').some((c) => re.test(c.args.text)), 30_000);
const blockText = (blocks: any[]) => blocks.map((b) => b.text?.text ?? (b.elements ?? []).map((e: any) => e.text).join(' ')).join('\n');
const privately = async (text: string, user = 'UADMIN1') => {
  const res = await command(text, user);
  const body = JSON.parse(res.text);
  expect(body.response_type).toBe('ephemeral');
  return { text: body.text as string, all: `${body.text}\n${blockText(body.blocks ?? [])}` };
};

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  redisUrl = await freshRedisUrl();
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot', ADMIN_PASSWORD } });
  // The worker serves EXCH only: WSE has no worker in this test.
  worker = await startHttpApp({
    slackApiUrl: slack.url,
    redisUrl,
    labDir: bot.labDir,
    env: { ROLE: 'worker', WORKER_HOSTS: 'EXCH', LAB_REBOOT_SECONDS: '6', HEALTH_CHANNEL: 'CHEALTH', HEALTH_CHECK_MINUTES: '0.05' },
  });
  // The worker's read lane warms up first (its shell starts under the bot's rights): until then a
  // loaded machine may miss the 1 s probe. The tests below are about a warm worker.
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    const text = JSON.parse((await command('status', 'USOMEONE')).text || '{}').text ?? '';
    if (/EXCH ok/.test(text)) break;
  }
});
afterAll(async () => {
  await worker?.app.stop();
  await bot?.app.stop();
  await slack?.stop();
});

describe('/exchange status', () => {
  it('answers in the channel, one line per host, at once (Slack allows 3 s)', async () => {
    const started = Date.now();
    const res = await command('status', 'USOMEONE'); // anyone may ask
    expect(Date.now() - started).toBeLessThan(3000);
    const body = JSON.parse(res.text);
    expect(body.response_type).toBe('in_channel');
    expect(body.text).toBe('Status: WSE no worker, EXCH ok');
    const lines = blockText(body.blocks).split('\n');
    expect(lines[0]).toMatch(/^\*WSE\* — ⛔ no worker to ask — worker offline — jobs: 0 waiting/);
    expect(lines[1]).toMatch(
      /^\*EXCH\* — ✅ up since .* · Exchange services running \(5\) · 1\/1 databases mounted · mail queue 0 · D: 400 GB free \(80%\) \(health \d+ s old\) — worker online since .* — jobs: 0 waiting, 0 running, 0 waiting for approval, 0 failed in 24 h$/,
    );
  });

  it('shows a host that reboots as rebooting, at once, whatever the cache holds', async () => {
    await command('reboot EXCH');
    let approval: SlackCall | undefined;
    await slack.waitFor(() => Boolean((approval = slack.of('chat.postMessage').find((c) => /^Approval needed: Restart \*EXCH\*/.test(c.args.text)))));
    await postSigned(
      bot.url,
      buttonClickBody({
        user: 'UADMIN2',
        actionId: 'approval:approve',
        value: approval!.args.blocks.at(-1).elements[0].value,
        channel: 'CGENERAL',
        messageTs: answered.get(approval!)!,
      }),
      SIGNING_SECRET,
    );
    await slack.waitFor(() => slack.calls.some((c) => /Restart of EXCH issued/.test(callText(c))));
    const started = Date.now();
    const body = JSON.parse((await command('status')).text);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(body.text).toBe('Status: WSE no worker, EXCH rebooting');
    expect(blockText(body.blocks)).toMatch(/\*EXCH\* — 🔄 rebooting \(restart issued .*\) — worker online since .* — jobs: 0 waiting, 1 running/);
  });

  it('answers "@exchange status" in the channel', async () => {
    const before = slack.of('chat.postMessage').length;
    const res = await postSignedJson(
      bot.url,
      eventBody({ type: 'app_mention', user: 'USOMEONE', text: '<@UBOT> status please', channel: 'CGENERAL', ts: '1.2' }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    await slack.waitFor(() =>
      slack
        .of('chat.postMessage')
        .slice(before)
        .some((c) => c.args.channel === 'CGENERAL' && /^Status: WSE no worker, EXCH (ok|rebooting)/.test(c.args.text)),
    );
  });

  it('publishes the App Home tab with the status and the user’s own jobs', async () => {
    await done(/^Done: reboot EXCH/);
    await postSignedJson(bot.url, eventBody({ type: 'app_home_opened', user: 'UADMIN1', channel: 'D1', tab: 'home' }), SIGNING_SECRET);
    await slack.waitFor(() => slack.of('views.publish').length > 0);
    const view = slack.of('views.publish')[0]!.args;
    expect(view.user_id).toBe('UADMIN1');
    const text = blockText(JSON.parse(typeof view.view === 'string' ? view.view : JSON.stringify(view.view)).blocks);
    expect(text).toMatch(/\*EXCH\* — ✅/);
    expect(text).toMatch(/#1 Done: reboot EXCH/);
  });
});

describe('jobs, cancel, retry, audit', () => {
  it('job <id> shows each step with state, start and duration; jobs lists newest first', async () => {
    const card = await privately('job 1');
    expect(card.all).toMatch(/\*Job #1\* on EXCH: Done: reboot EXCH in [\d.]+ s/);
    expect(card.all).toMatch(/✅ Restart EXCH — done · started .* · [\d.]+ s/);
    expect((await privately('job 42')).text).toMatch(/There is no job #42/);
    expect((await privately('job banana')).text).toMatch(/\*id\* must be a job number/);
    await command('add-user Frank 1GB');
    await done(/^Done: add-user Frank/);
    const list = await privately('jobs');
    expect(list.all).toMatch(/\*2 jobs\*\n#2 Done: add-user Frank \(1 GB\) in [\d.]+ s — <@UADMIN1> .*\n#1 Done: reboot EXCH/);
    expect((await privately('jobs mine', 'UADMIN2')).all).toMatch(/\*0 jobs \(mine\)\*/);
    expect((await privately('jobs failed')).all).toMatch(/\*0 jobs \(failed\)\*/);
  });

  it('cancel denies a pending approval and ends the job; retry resumes it at that step', async () => {
    await command('remove-user Frank');
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text === 'Waiting for approval: remove-user Frank'));
    expect((await privately('cancel #3', 'UADMIN2')).text).toBe('Cancelling #3: it will not run any further step.');
    await done(/^Cancelled: remove-user Frank$/);
    await slack.waitFor(() => slack.of('chat.update').some((c) => /^Denied by <@UADMIN2>/.test(c.args.text)));
    expect(mailbox(bot.labDir, 'Frank')).toBeDefined();
    expect((await privately('jobs failed')).all).toMatch(/#3 Cancelled: remove-user Frank/);

    expect((await privately('retry 3')).text).toBe('Retrying #3 from “Remove the mailbox and its account”.');
    let second: SlackCall | undefined;
    await slack.waitFor(() =>
      Boolean((second = slack.of('chat.postMessage').filter((c) => /^Approval needed: Delete the mailbox and the account of \*Frank\*/.test(c.args.text))[1])),
    );
    await postSigned(
      bot.url,
      buttonClickBody({
        user: 'UADMIN2',
        actionId: 'approval:approve',
        value: second!.args.blocks.at(-1).elements[0].value,
        channel: 'CGENERAL',
        messageTs: answered.get(second!)!,
      }),
      SIGNING_SECRET,
    );
    await done(/^Done: remove-user Frank/);
    expect(mailbox(bot.labDir, 'Frank')).toBeUndefined();
    const card = await privately('job 3');
    expect(card.all).toMatch(/☑️ Find the mailbox — skipped|✅ Find the mailbox — done/); // done before: not run again
  });

  it('the audit holds every command, refusal, step and decision, with no secret in it', async () => {
    const password = /`([^`]{16})`/.exec(slack.of('chat.postEphemeral').find((c) => /Initial password for \*Frank\*/.test(c.args.text))!.args.text)![1]!;
    const redis = new Redis(redisUrl);
    const entries = (await redis.xrange('chatops:audit', '-', '+')).map(([, f]) => JSON.parse(f[1]!));
    await redis.quit();
    const types = new Set(entries.map((e) => e.type));
    for (const t of ['command', 'command.refused', 'job.start', 'job.end', 'step.run', 'approval.request', 'approval.approved', 'job.cancel', 'job.retry'])
      expect(types).toContain(t);
    const frankSteps = entries.filter((e) => e.type === 'step.run' && e.job === 'job-2').map((e) => e.step);
    expect(frankSteps).toEqual(['check-free', 'create-mailbox', 'set-quota', 'initial-password']);
    expect(entries.find((e) => e.step === 'initial-password').params.Password).toBe('[redacted]');
    expect(JSON.stringify(entries)).not.toContain(password);
    const shown = await privately('audit 5');
    expect(shown.all).toMatch(/\*Audit log: the last 5 entries\*/);
    expect((await privately('audit', 'USOMEONE')).text).toMatch(/^Sorry, `\/exchange audit` is for Exchange administrators/);
  });
});

describe('the queue dashboard', () => {
  it('is behind its password at /admin/queues, on its own loopback port', async () => {
    const url = /queue dashboard listening.*?(http:\/\/127\.0\.0\.1:\d+\/admin\/queues)/.exec(bot.app.output)![1]!;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Basic ${Buffer.from('admin:wrong password!!').toString('base64')}` } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/<html/i);
  });
});

describe('the scheduled health watch', () => {
  it('posts when a service stops, and again when it recovers', async () => {
    const pool = new PowerShellPool(loadTargets(loadConfig({ LAB_DIR: bot.labDir, POWERSHELL_PATH: inject('pwsh') })));
    const helper = path.join(ROOT, 'test/powershell/lab-helpers.ps1');
    try {
      await pool.run('EXCH', { script: helper, params: { Action: 'StopService', Name: 'MSExchangeTransport' } }, 30_000);
      await slack.waitFor(
        () => slack.of('chat.postMessage').some((c) => c.args.channel === 'CHEALTH' && c.args.text === '⚠️ *EXCH*: MSExchangeTransport stopped'),
        30_000,
      );
      await pool.run('EXCH', { script: helper, params: { Action: 'StartService', Name: 'MSExchangeTransport' } }, 30_000);
      await slack.waitFor(
        () =>
          slack.of('chat.postMessage').some((c) => c.args.channel === 'CHEALTH' && c.args.text === '✅ *EXCH* recovered: MSExchangeTransport running again'),
        30_000,
      );
      // Only changes are posted: nothing while all is well.
      const posts = slack.of('chat.postMessage').filter((c) => c.args.channel === 'CHEALTH').length;
      await new Promise((r) => setTimeout(r, 7000));
      expect(slack.of('chat.postMessage').filter((c) => c.args.channel === 'CHEALTH').length).toBe(posts);
    } finally {
      await pool.close();
    }
  });
});
