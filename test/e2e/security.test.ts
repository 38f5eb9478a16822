// The holes of the security review (issue 10), tried as an attacker would, end to end against the
// real program on its HTTP receiver, real Redis, real pwsh and the lab:
// retry never hands over someone else's account; a job added to a queue directly (or with edited
// data) cannot pass an approval it did not get; the dashboard is read-only, on its own loopback
// port, its login rate-limited; a replayed signed slash command enqueues nothing; an approval
// click updates the stored card only; per-user rate limits answer privately and touch nothing.
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalGate } from '../../src/engine/approvals/gate.ts';
import type { JobData } from '../../src/engine/job-data.ts';
import { AUDIT_STREAM } from '../../src/audit.ts';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slackSignature, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let app: HttpApp;
let redis: Redis;
let exch: Queue<JobData>;
const answered = new Map<SlackCall, string>();
const ADMIN_PASSWORD = 'correct horse battery staple';

const command = (text: string, user = 'UADMIN1') => postSigned(app.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const privately = async (text: string, user = 'UADMIN1') => {
  const body = JSON.parse((await command(text, user)).text);
  expect(body.response_type).toBe('ephemeral');
  return body.text as string;
};
const jobData = async (id: string) => (await Job.fromId<JobData>(exch, id))?.data;
const until = async (what: () => Promise<boolean> | boolean, ms = 40_000) => {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(`timed out:\n${app.app.output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const calls = (cmdlet: string) => [...labCalls(app.labDir, 'EXCH'), ...labCalls(app.labDir, 'WSE')].filter((c) => c.cmdlet === cmdlet);
const dashboardUrl = () => /queue dashboard listening.*?(http:\/\/[^"\s]+)/.exec(app.app.output)?.[1];

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  const redisUrl = await freshRedisUrl();
  app = await startHttpApp({
    slackApiUrl: slack.url,
    redisUrl,
    env: {
      ADMIN_PASSWORD,
      EXCHANGE_ADMINS: 'UADMIN1,UADMIN2,UFLOOD,UFLOOD2',
      RATE_LIMIT_COMMANDS: '12/60',
      RATE_LIMIT_STATUS: '3/10',
      LAB_REBOOT_SECONDS: '2',
    },
  });
  redis = new Redis(redisUrl);
  exch = new Queue<JobData>('host-EXCH', { connection: { url: redisUrl } as never, prefix: 'chatops' });
});
afterAll(async () => {
  await exch?.close();
  await redis?.quit();
  await app?.app.stop();
  await slack?.stop();
});

describe('retry', () => {
  it('never takes over an account another job created, nor resets its password', async () => {
    await command('add-user Dave --upn Administrator@contoso.local');
    await until(async () => (await jobData('job-1'))?.state === 'failed');
    expect((await jobData('job-1'))!.steps.find((s) => s.id === 'create-mailbox')).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/already used/),
    });
    await command('add-user Dave', 'UADMIN2');
    await until(async () => (await jobData('job-2'))?.state === 'done');
    expect(calls('Set-ADAccountPassword')).toHaveLength(1);

    expect(await privately('retry 1')).toBe('Retrying #1 from “Check the name is free”.');
    await until(async () => (await jobData('job-1'))?.state === 'failed');
    const job1 = (await jobData('job-1'))!;
    expect(job1.steps[0]).toMatchObject({ id: 'check-free', state: 'failed', error: expect.stringMatching(/the alias Dave is already used by Dave/) });
    expect(job1.steps.find((s) => s.id === 'create-mailbox')!.state).toBe('pending');
    expect(calls('Set-ADAccountPassword')).toHaveLength(1); // job 2's, once
    const passwords = slack.of('chat.postEphemeral').filter((c) => /Initial password for \*Dave\*/.test(c.args.text));
    expect(passwords.map((c) => c.args.user)).toEqual(['UADMIN2']);
  });

  it('a create step whose probe finds an object this job did not create fails, even with its guard marked done', async () => {
    // Job data as a tool other than the bot could write it: the name check "done".
    await exch.add(
      'add-user',
      {
        kind: 'add-user',
        host: 'EXCH',
        params: { name: 'Dave', alias: 'Dave', samAccountName: 'Dave', quota: null },
        summary: 'add-user Dave',
        requester: 'UADMIN1',
        channel: 'CGENERAL',
        createdAt: Date.now(),
        state: 'queued',
        steps: [
          { id: 'check-free', title: 'Check the name is free', state: 'done', result: { free: true } },
          { id: 'create-mailbox', title: 'Create the mailbox', state: 'pending' },
          { id: 'initial-password', title: 'Send the initial password privately', state: 'pending' },
        ],
      },
      { jobId: 'job-801' },
    );
    await until(async () => (await jobData('job-801'))?.state === 'failed');
    const steps = (await jobData('job-801'))!.steps;
    expect(steps[1]).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/Dave &lt;Dave@contoso.com&gt; exists, but this job did not create it: nothing was changed/),
    });
    expect(steps[2]!.state).toBe('pending');
    expect(calls('Set-ADAccountPassword')).toHaveLength(1);
  });
});

describe('a job added to a queue directly', () => {
  it('parked "after" its approval with phase reboot still asks for one, and restarts nothing', async () => {
    await exch.add(
      'reboot',
      {
        kind: 'reboot',
        host: 'EXCH',
        params: { host: 'EXCH' },
        summary: 'reboot EXCH',
        requester: 'UADMIN1',
        channel: 'CGENERAL',
        createdAt: Date.now(),
        state: 'running',
        steps: [
          {
            id: 'restart-exch',
            title: 'Restart EXCH',
            state: 'running',
            phase: 'reboot',
            runs: 1,
            approvedBy: 'UADMIN2',
            reboot: { before: '2000-01-01T00:00:00.000Z', issuedAt: Date.now() },
          },
        ],
      },
      { jobId: 'job-802' },
    );
    await until(async () => (await jobData('job-802'))?.state === 'waiting');
    expect(await redis.hget('chatops:approval:job-802.restart-exch.1', 'state')).toBe('pending');
    expect(calls('Restart-Computer')).toEqual([]);
  });

  it('carrying the approved approval of another job waits for its own', async () => {
    const other = await new ApprovalGate(redis).create({
      id: 'job-999.remove-mailbox.1',
      jobId: 'job-999',
      host: 'EXCH',
      queue: 'EXCH',
      stepId: 'remove-mailbox',
      what: 'Delete the mailbox and the account of *Dave*',
      requester: 'UADMIN1',
      channel: 'CGENERAL',
      threadTs: '',
      confirm: true,
      kind: 'approval',
      expiresAt: Date.now() + 600_000,
    });
    await new ApprovalGate(redis).decide(other.id, 'approved', 'UADMIN2');
    await exch.add(
      'remove-user',
      {
        kind: 'remove-user',
        host: 'EXCH',
        params: { identity: 'Dave', keepAccount: false },
        summary: 'remove-user Dave',
        requester: 'UADMIN1',
        channel: 'CGENERAL',
        createdAt: Date.now(),
        state: 'waiting',
        steps: [
          {
            id: 'find-mailbox',
            title: 'Find the mailbox',
            state: 'done',
            result: { Name: 'Dave', PrimarySmtpAddress: 'Dave@contoso.com', EmailAddresses: ['SMTP:Dave@contoso.com'] },
          },
          { id: 'remove-mailbox', title: 'Remove', state: 'running', phase: 'approval', runs: 1, approvalId: other.id, approvedBy: 'UADMIN2' },
        ],
      },
      { jobId: 'job-803' },
    );
    await until(async () => (await jobData('job-803'))?.steps[1]?.approvalId === 'job-803.remove-mailbox.1');
    await until(async () => (await jobData('job-803'))?.state === 'waiting');
    expect(await redis.hget('chatops:approval:job-803.remove-mailbox.1', 'state')).toBe('pending');
    expect(mailbox(app.labDir, 'Dave')).toBeDefined();
    expect(calls('Remove-Mailbox')).toEqual([]);
  });
});

describe('an approval click', () => {
  it('updates the stored approval card, never the message the click names', async () => {
    await command('remove-user Dave');
    let card: SlackCall | undefined;
    await slack.waitFor(() =>
      Boolean((card = slack.of('chat.postMessage').find((c) => /^Approval needed: Delete the mailbox and the account of \*Dave\*/.test(c.args.text)))),
    );
    await slack.waitFor(() => answered.has(card!));
    await until(async () => Boolean(await redis.hget(`chatops:approval:${card!.args.blocks.at(-1).elements[0].value}`, 'messageTs')));
    const victim = '1700000000.000100'; // some other message of the channel
    await postSigned(
      app.url,
      buttonClickBody({
        user: 'UADMIN2',
        actionId: 'approval:deny',
        value: card!.args.blocks.at(-1).elements[0].value,
        channel: 'CGENERAL',
        messageTs: victim,
      }),
      SIGNING_SECRET,
    );
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.ts === answered.get(card!) && /^Denied by <@UADMIN2>/.test(c.args.text)));
    expect(slack.of('chat.update').filter((c) => c.args.ts === victim)).toEqual([]);
    expect(mailbox(app.labDir, 'Dave')).toBeDefined();
  });
});

describe('a replayed slash command', () => {
  it('with the same body, timestamp and signature enqueues nothing the second time', async () => {
    const body = slashCommandBody({ text: 'add-user Erin 1GB', user: 'UADMIN2' });
    const ts = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SIGNING_SECRET, ts, body);
    const first = await postSigned(app.url, body, SIGNING_SECRET, { timestamp: ts, signature });
    const again = await postSigned(app.url, body, SIGNING_SECRET, { timestamp: ts, signature });
    expect([first.status, again.status]).toEqual([200, 200]);
    await until(() => slack.of('chat.postMessage').some((c) => /add-user Erin/.test(c.args.text)));
    await new Promise((r) => setTimeout(r, 2000));
    expect(
      slack.of('chat.postMessage').filter((c) => /^(Queued|Running|Done).*add-user Erin/.test(c.args.text) || /add-user Erin \(1 GB\)$/.test(c.args.text)),
    ).toHaveLength(1);
    expect(JSON.parse(first.text || '{}').text).toBeUndefined();
    // The same command, signed anew (a second request by the user), is a new command.
    expect((await command('add-user Erin 1GB', 'UADMIN2')).status).toBe(200);
  });
});

describe('rate limits', () => {
  const auditedBy = async (user: string) =>
    (await redis.xrange(AUDIT_STREAM, '-', '+')).map(([, f]) => JSON.parse(f[1]!)).filter((e) => e.user === user && /^command/.test(e.type)).length;

  it('answer a user over the status limit privately, touching nothing, while others go on', async () => {
    for (let i = 0; i < 3; i++) expect(JSON.parse((await command('status', 'UFLOOD')).text).response_type).toBe('in_channel');
    expect(await privately('status', 'UFLOOD')).toMatch(/^Too many requests: try again in \d+ s\.$/);
    expect(await auditedBy('UFLOOD')).toBe(3);
    expect(JSON.parse((await command('status', 'UADMIN1')).text).response_type).toBe('in_channel');
  });

  it('hold every command to its own per-user limit', async () => {
    for (let i = 0; i < 12; i++) expect(await privately('help', 'UFLOOD2')).not.toMatch(/Too many requests/);
    expect(await privately('help', 'UFLOOD2')).toMatch(/^Too many requests: try again in (5\d|60) s\.$/);
    expect(await privately('add-user Mallory', 'UFLOOD2')).toMatch(/^Too many requests/);
    expect(await auditedBy('UFLOOD2')).toBe(12);
  });
});

describe('the queue dashboard', () => {
  const auth = (password: string) => ({ authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` });

  it('is on its own loopback port, not on the port that faces Slack', async () => {
    expect((await fetch(app.url.replace('/slack/events', '/admin/queues'), { headers: auth(ADMIN_PASSWORD) })).status).toBe(404);
    const url = dashboardUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin\/queues$/);
    const ok = await fetch(url!, { headers: auth(ADMIN_PASSWORD) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/<html/i);
  });

  it('is read-only: it cannot add a job nor edit one', async () => {
    const api = dashboardUrl()!.replace('/admin/queues', '/admin/queues/api/queues/host-EXCH');
    const json = { ...auth(ADMIN_PASSWORD), 'content-type': 'application/json' };
    const add = await fetch(`${api}/add`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'reboot', data: { kind: 'reboot' } }) });
    expect(add.status).toBe(405);
    const edit = await fetch(`${api}/job-1/update-data`, { method: 'PATCH', headers: json, body: JSON.stringify({ jobData: { kind: 'reboot' } }) });
    expect(edit.status).toBe(405);
    const promote = await fetch(`${api}/job-803/promote`, { method: 'PUT', headers: json });
    expect(promote.status).toBe(405);
    expect((await exch.getJobs(['waiting', 'delayed', 'active'])).filter((j) => j?.name === 'reboot' && j.id !== 'job-802')).toEqual([]);
  });

  it('limits failed logins: the sixth wrong password in a minute gets 429', async () => {
    const url = dashboardUrl()!;
    for (let i = 0; i < 5; i++) expect((await fetch(url, { headers: auth(`wrong password ${i}`) })).status).toBe(401);
    const locked = await fetch(url, { headers: auth(ADMIN_PASSWORD) });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
