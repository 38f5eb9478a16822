// An offboarding whose worker is killed in the middle of removing group memberships: a new worker
// resumes it at the unfinished step, does nothing twice (each membership removed once, the
// account disabled once), and the job finishes once.
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { PowerShellPool } from '../../src/powershell/pool.ts';
import { PREFIX, queueName } from '../../src/queue/queues.ts';
import { loadTargets } from '../../src/targets/targets.ts';
import { ROOT, SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let bot: HttpApp;
let redisUrl: string;
let pool: PowerShellPool;
const running: HttpApp[] = [];
const answered = new Map<SlackCall, string>();
const workerEnv = { ROLE: 'worker', JOB_LOCK_SECONDS: '2' };
const command = (text: string) => postSigned(bot.url, slashCommandBody({ text, user: 'UADMIN1' }), SIGNING_SECRET);

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  redisUrl = await freshRedisUrl();
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot' } });
  running.push(bot);
  pool = new PowerShellPool(loadTargets(loadConfig({ LAB_DIR: bot.labDir, POWERSHELL_PATH: inject('pwsh') })));
});
afterAll(async () => {
  await pool?.close();
  for (const app of running) await app.app.stop();
  await slack?.stop();
});

it('a worker killed between two Remove-ADGroupMember calls: the job resumes and removes each membership once', async () => {
  const first = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir: bot.labDir, env: { ...workerEnv, LAB_SLOW: 'Remove-ADGroupMember=20000' } });
  running.push(first);
  for (const name of ['Ann', 'Bob']) {
    await command(`add-user ${name} 1GB`);
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith(`Done: add-user ${name} `)), 30_000);
  }
  const helper = path.join(ROOT, 'test/powershell/lifecycle-helpers.ps1');
  await pool.run('EXCH', { script: helper, params: { Action: 'JoinGroup', Name: 'Ann', Group: 'Accounting' } }, 30_000);
  await pool.run('EXCH', { script: helper, params: { Action: 'DistributionGroup', Name: 'Sales', Group: 'Ann,Bob' } }, 30_000);
  const passwordsBefore = labCalls(bot.labDir, 'WSE')
    .concat(labCalls(bot.labDir, 'EXCH'))
    .filter((c) => c.cmdlet === 'Set-ADAccountPassword').length;

  await command('offboard Ann --forward-to Bob');
  let approval: SlackCall | undefined;
  await slack.waitFor(
    () => (approval = slack.of('chat.postMessage').find((c) => /^Approval needed: Offboard \*Ann\*/.test(c.args.text))) !== undefined,
    30_000,
  );
  const id = approval!.args.blocks.find((b: any) => b.type === 'actions').elements[0].value;
  await postSigned(
    bot.url,
    buttonClickBody({ user: 'UADMIN2', actionId: 'approval:approve', value: id, channel: 'CGENERAL', messageTs: answered.get(approval!)! }),
    SIGNING_SECRET,
  );

  const deadline = Date.now() + 30_000;
  while (!labCalls(bot.labDir, 'EXCH').some((c) => c.cmdlet === 'Remove-ADGroupMember')) {
    if (Date.now() > deadline) throw new Error(`Remove-ADGroupMember never ran:\n${first.app.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  first.app.crash();
  await first.app.exited;
  expect(labCalls(bot.labDir, 'EXCH').filter((c) => c.cmdlet === 'Remove-ADGroupMember')).toHaveLength(1);

  const second = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir: bot.labDir, env: workerEnv });
  running.push(second);
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: offboard Ann/.test(c.args.text)), 60_000);

  const removals = labCalls(bot.labDir, 'EXCH')
    .filter((c) => c.cmdlet === 'Remove-ADGroupMember')
    .map((c) => c.args.Identity);
  expect(removals).toHaveLength(2);
  expect(new Set(removals).size).toBe(2);
  const calls = labCalls(bot.labDir, 'WSE').concat(labCalls(bot.labDir, 'EXCH'));
  expect(calls.filter((c) => c.cmdlet === 'Disable-ADAccount')).toHaveLength(1);
  expect(calls.filter((c) => c.cmdlet === 'Set-ADAccountPassword').length - passwordsBefore).toBe(1);
  expect(labState(bot.labDir, 'WSE').adUsers.find((u: any) => u.Name === 'Ann')).toMatchObject({ Enabled: false, MemberOf: ['Domain Users'] });
  expect(mailbox(bot.labDir, 'Ann')).toMatchObject({ HiddenFromAddressListsEnabled: true, ForwardingAddress: 'contoso.local/Users/Bob' });

  const queue = new Queue(queueName('EXCH'), { connection: { url: redisUrl }, prefix: PREFIX });
  // The card says Done before BullMQ has moved the job to completed: wait for that too.
  let job: Awaited<ReturnType<typeof queue.getJobs>>[number] | undefined;
  for (const until = Date.now() + 15_000; !job && Date.now() < until; await new Promise((r) => setTimeout(r, 100)))
    job = (await queue.getJobs(['completed'])).find((j) => j?.data.kind === 'offboard');
  if (!job) throw new Error('the offboard job never completed');
  const steps = job.data.steps as { id: string; state: string; runs: number; result?: any }[];
  expect(steps.find((s) => s.id === 'plan')).toMatchObject({ state: 'done', runs: 1 });
  expect(steps.find((s) => s.id === 'disable-sign-in')).toMatchObject({ state: 'done', runs: 1 });
  expect(steps.find((s) => s.id === 'groups')).toMatchObject({ state: 'done', runs: 2 });
  // What the plan recorded before anything was removed: both groups.
  expect(
    steps
      .find((s) => s.id === 'plan')!
      .result.Record.Groups.map((g: any) => g.Name)
      .sort(),
  ).toEqual(['Accounting', 'Sales']);
  await queue.close();
  expect(
    new Set(
      slack
        .of('chat.update')
        .filter((c) => /^Done: offboard/.test(c.args.text))
        .map((c) => c.args.ts),
    ).size,
  ).toBe(1);
}, 150_000);
