// The deployment's own rights, held only while it runs, under the bot's least rights (the lab
// enforces them: vitest.config.ts). Its first step asks for Schema Admins, Enterprise Admins and
// Organization Management behind an approval; while a job holds them, status says so; a cancel
// gives them back (the give-back step runs also when the deployment fails or is cancelled).
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { DEPLOY_PROFILE } from '../fixtures/deploy-profile.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall, slashAnswer } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let bot: HttpApp;
let worker: HttpApp;
const answered = new Map<SlackCall, string>();
const DEPLOYMENT_GROUPS = ['Schema Admins', 'Enterprise Admins', 'Organization Management'];

const command = (text: string, user = 'UADMIN1') => postSigned(bot.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const privately = async (text: string) => JSON.parse((await command(text)).text).text as string;
const groupsOfBot = () => labState(bot.labDir, 'WSE').adUsers.find((u: any) => u.SamAccountName === 'svc-chatops')?.MemberOf as string[];
const statusText = async () => {
  const answer = await slashAnswer(slack, () => command('status'));
  return JSON.stringify(answer.blocks);
};

beforeAll(async () => {
  expect(process.env.LAB_ENFORCE_RBAC).toBe('true');
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  const redisUrl = await freshRedisUrl();
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot' } });
  worker = await startHttpApp({
    slackApiUrl: slack.url,
    redisUrl,
    labDir: bot.labDir,
    env: { ROLE: 'worker', JOB_LOCK_SECONDS: '2', EXCHANGE_SECRET_PFX_PASS: 'pfx-Secret-42' },
  });
  for (const [key, value] of DEPLOY_PROFILE) await command(`deploy profile set ${key} ${value}`);
}, 120_000);
afterAll(async () => {
  for (const a of [worker, bot]) await a?.app.stop();
  await slack?.stop();
});

it('asks for the deployment rights first, warns in status while they are held, and gives them back on cancel', async () => {
  // The registrar lost the MX record, so D13 waits for a person: the job holds its rights meanwhile.
  const file = `${bot.labDir}/INTERNET.json`;
  // The lab's registrar is made when it is first read: a dns check reads it.
  expect((await slashAnswer(slack, () => command('dns check'))).text).toBe('DNS: every record as expected');
  const internet = JSON.parse(readFileSync(file, 'utf8'));
  internet.records = internet.records.filter((r: any) => r.Type !== 'MX');
  writeFileSync(file, JSON.stringify(internet));
  expect(groupsOfBot()).toEqual(['Domain Users']);

  await command('deploy run --only D13');
  let approval: SlackCall | undefined;
  await slack.waitFor(() => Boolean((approval = slack.of('chat.postMessage').find((c) => /^Approval needed/.test(c.args.text)))), 60_000);
  expect(approval!.args.text).toMatch(/Schema Admins\* and \*Enterprise Admins\* on \*WSE\*/);
  // Nothing is granted before the approval.
  expect(groupsOfBot()).toEqual(['Domain Users']);
  const id = approval!.args.blocks.find((b: any) => b.type === 'actions').elements[0].value;
  await postSigned(
    bot.url,
    buttonClickBody({ user: 'UADMIN2', actionId: 'approval:approve', value: id, channel: 'CGENERAL', messageTs: answered.get(approval!)! }),
    SIGNING_SECRET,
  );
  await slack.waitFor(() => slack.of('chat.postMessage').some((c) => /^To do by hand: At your registrar/.test(c.args.text)), 60_000);
  expect(groupsOfBot()).toEqual(['Domain Users', ...DEPLOYMENT_GROUPS]);
  expect(
    labCalls(bot.labDir, 'WSE')
      .filter((c) => c.cmdlet === 'Add-ADGroupMember')
      .map((c) => c.args.Identity),
  ).toEqual(DEPLOYMENT_GROUPS);

  const held = await statusText();
  expect(held).toMatch(/⚠️ Job #\d+ holds what its step “Deployment rights for the bot's account/);
  expect(held).toContain('svc-chatops added to Schema Admins, Enterprise Admins, Organization Management for the deployment');

  const listed = JSON.stringify(JSON.parse((await command('jobs')).text).blocks);
  const job = /#(\d+) Waiting for approval: deploy contoso\.com --only D13/.exec(listed)![1];
  expect(await privately(`cancel #${job}`)).toMatch(new RegExp(`Cancelling #${job}`));
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Cancelled: deploy contoso\.com --only D13/.test(c.args.text)), 60_000);
  expect(groupsOfBot()).toEqual(['Domain Users']);
  expect(
    labCalls(bot.labDir, 'WSE')
      .filter((c) => c.cmdlet === 'Remove-ADGroupMember')
      .map((c) => c.args.Identity),
  ).toEqual(DEPLOYMENT_GROUPS);
  const card = slack
    .of('chat.update')
    .filter((c) => /^Cancelled: deploy/.test(c.args.text))
    .at(-1)!;
  expect(callText(card)).toMatch(/Give back the deployment rights.*svc-chatops removed from Schema Admins, Enterprise Admins, Organization Management/s);
  expect(await statusText()).not.toContain('holds what its step');
}, 180_000);
