// Approvals and reboots across failures: no decision in time, a worker killed while a job waits
// for approval, a worker killed while its host reboots. The bot and the workers are separate
// processes here, as in production; roles come from a ROLES_FILE with a Slack user group.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let bot: HttpApp;
let redisUrl: string;
const apps: HttpApp[] = [];
const answered = new Map<SlackCall, string>();

const command = (text: string, user = 'UADMIN1') => postSigned(bot.url, slashCommandBody({ text, user }), SIGNING_SECRET);
const updated = (re: RegExp) => () => slack.of('chat.update').some((c) => re.test(c.args.text));

async function worker(env: Record<string, string> = {}): Promise<HttpApp> {
  const app = await startHttpApp({
    slackApiUrl: slack.url,
    redisUrl,
    labDir: bot.labDir,
    env: { ROLE: 'worker', JOB_LOCK_SECONDS: '2', LAB_REBOOT_SECONDS: '4', ...env },
  });
  apps.push(app);
  return app;
}

async function approval(summary: string): Promise<{ id: string; ts: string }> {
  let found: { id: string; ts: string } | undefined;
  await slack.waitFor(() => {
    const cardTs = slack.of('chat.update').find((u) => u.args.text.includes(summary))?.args.ts;
    const post = slack.of('chat.postMessage').find((c) => cardTs && c.args.thread_ts === cardTs && /^Approval needed/.test(c.args.text));
    if (post) found = { id: post.args.blocks.find((b: any) => b.type === 'actions').elements[0].value, ts: answered.get(post)! };
    return Boolean(post);
  });
  return found!;
}

const click = (a: { id: string; ts: string }, user: string, action = 'approve') =>
  postSigned(bot.url, buttonClickBody({ user, actionId: `approval:${action}`, value: a.id, channel: 'CGENERAL', messageTs: a.ts }), SIGNING_SECRET);

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  slack.groups = { S0HELPDESK: ['UHELP1'], S0APPROVERS: ['UBOSS'] };
  redisUrl = await freshRedisUrl();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-roles-'));
  const rolesFile = path.join(dir, 'roles.json');
  writeFileSync(
    rolesFile,
    JSON.stringify({
      roles: { helpdesk: { members: ['S0HELPDESK'], commands: ['add-user', 'reset-password'], approval: ['reset-password'] } },
      approvers: ['S0APPROVERS', 'UADMIN2'],
    }),
  );
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot', ROLES_FILE: rolesFile } });
  apps.push(bot);
});
afterAll(async () => {
  for (const app of apps) await app.app.stop();
  await slack?.stop();
});

it('roles: a helpdesk group member may add users but not reboot; the refusal names the role', async () => {
  const w = await worker();
  const ok = await command('add-user Paula 1GB', 'UHELP1');
  expect(ok.text).toBe('');
  await slack.waitFor(updated(/^Done: add-user Paula/));
  const refused = JSON.parse((await command('reboot EXCH', 'UHELP1')).text);
  expect(refused.text).toMatch(/is for Exchange administrators \(role: admin\)/);
  const stranger = JSON.parse((await command('add-user Eve', 'USTRANGER')).text);
  expect(stranger.text).toMatch(/\(role: admin or helpdesk\)/);
  await w.app.stop();
});

it('roles file: the helpdesk’s reset-password waits for another approver; an admin’s asks none', async () => {
  const w = await worker();
  const resets = () => labCalls(bot.labDir, 'EXCH').filter((c) => c.cmdlet === 'Set-ADAccountPassword').length;
  const before = resets();
  await command('reset-password Paula', 'UHELP1');
  const a = await approval('reset-password Paula');
  const card = slack
    .of('chat.postMessage')
    .find((c) => /^Approval needed/.test(c.args.text) && c.args.blocks.some((b: any) => b.elements?.[0]?.value === a.id))!;
  expect(callText(card)).toMatch(/Run `\/exchange reset-password Paula`: the roles file asks an approval for `reset-password`/);
  await click(a, 'UHELP1'); // the requester cannot approve their own request
  await slack.waitFor(() => slack.of('chat.postEphemeral').some((c) => c.args.user === 'UHELP1' && /approv/i.test(c.args.text)));
  expect(resets()).toBe(before);
  await click(a, 'UBOSS');
  await slack.waitFor(updated(/^Done: reset-password Paula/));
  expect(resets()).toBe(before + 1);
  expect(slack.of('chat.postEphemeral').some((c) => c.args.user === 'UHELP1' && /password/i.test(callText(c)))).toBe(true);
  await slack.waitFor((calls) => calls.some((c) => /Approval \(roles file\): approved by <@UBOSS>/.test(callText(c))));
  const approvals = slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length;
  const done = slack.of('chat.update').filter((c) => /^Done: reset-password Paula/.test(c.args.text)).length;
  await command('reset-password Paula', 'UADMIN1');
  await slack.waitFor(() => slack.of('chat.update').filter((c) => /^Done: reset-password Paula/.test(c.args.text)).length > done);
  expect(slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length).toBe(approvals);
  expect(resets()).toBe(before + 2);
  await w.app.stop();
});

it('no decision before the expiry: denied by timeout, the card says so, nothing removed', async () => {
  const w = await worker({ APPROVAL_TIMEOUT: '3' });
  await command('add-user Quentin 1GB');
  await slack.waitFor(updated(/^Done: add-user Quentin/));
  await command('remove-user Quentin');
  const a = await approval('remove-user Quentin');
  await slack.waitFor(updated(/^Cancelled: remove-user Quentin/), 20_000);
  await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.ts === a.ts && /^Expired: no decision within 3 seconds/.test(c.args.text)));
  await slack.waitFor((calls) =>
    calls.some((c) => /Remove the mailbox and its account: failed\. Denied by timeout: no decision within 3 seconds/.test(callText(c))),
  );
  expect(mailbox(bot.labDir, 'Quentin')).toBeDefined();
  // A click after the expiry changes nothing.
  await click(a, 'UADMIN2');
  await slack.waitFor(() => slack.of('chat.postEphemeral').some((c) => c.args.user === 'UADMIN2' && /^Already decided: Expired/.test(c.args.text)));
  await w.app.stop();
});

it('a worker killed while the job waits for approval: the click still counts, a new worker finishes it', async () => {
  const w = await worker();
  await command('add-user Rita 1GB');
  await slack.waitFor(updated(/^Done: add-user Rita/));
  await command('remove-user Rita');
  const a = await approval('remove-user Rita');
  w.app.crash();
  await w.app.exited;
  await click(a, 'UBOSS'); // an approver through the S0APPROVERS group
  await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.ts === a.ts && /^Approved by <@UBOSS>/.test(c.args.text)));
  expect(mailbox(bot.labDir, 'Rita')).toBeDefined(); // no worker, nothing happened yet
  const w2 = await worker();
  await slack.waitFor(updated(/^Done: remove-user Rita/));
  expect(mailbox(bot.labDir, 'Rita')).toBeUndefined();
  await w2.app.stop();
});

it('a worker killed while its host reboots: the new worker confirms the boot time moved and reports the downtime', async () => {
  const w = await worker();
  const bootBefore = labState(bot.labDir, 'EXCH').LastBootUpTime;
  await command('reboot EXCH');
  const a = await approval('reboot EXCH');
  await click(a, 'UADMIN2');
  const deadline = Date.now() + 20_000;
  while (!labCalls(bot.labDir, 'EXCH').some((c) => c.cmdlet === 'Restart-Computer')) {
    if (Date.now() > deadline) throw new Error('Restart-Computer never ran');
    await new Promise((r) => setTimeout(r, 50));
  }
  w.app.crash(); // as if the worker ran on the host that restarts
  await w.app.exited;
  const w2 = await worker();
  await slack.waitFor(updated(/^Done: reboot EXCH/), 30_000);
  await slack.waitFor((calls) => calls.some((c) => /Restart EXCH: EXCH restarted; back after [\d.]+ s/.test(callText(c))));
  expect(labCalls(bot.labDir, 'EXCH').filter((c) => c.cmdlet === 'Restart-Computer')).toHaveLength(1);
  expect(new Date(labState(bot.labDir, 'EXCH').LastBootUpTime).getTime()).toBeGreaterThan(new Date(bootBefore).getTime());
  await w2.app.stop();
});

// Last in this file: WSE stays "down" for an hour afterwards.
it('a host that does not come back within the limit fails the job with a clear message', async () => {
  const w = await worker({ LAB_REBOOT_SECONDS: '3600', REBOOT_WAIT_SECONDS: '3' });
  await command('reboot wse');
  const a = await approval('reboot WSE');
  await click(a, 'UADMIN2');
  await slack.waitFor(updated(/^Failed: reboot WSE/), 30_000);
  await slack.waitFor((calls) =>
    calls.some((c) => /Restart WSE: failed\. WSE did not come back within 3 seconds of the restart\. Check the server's console\./.test(callText(c))),
  );
  await w.app.stop();
});
