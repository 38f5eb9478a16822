// offboard --at, --export and --remove end to end (issue 12): the approval is asked when the job
// is planned; the job then waits as a delayed BullMQ job, listed by `jobs` as scheduled, and
// `cancel` ends it; an export refused without the Mailbox Import Export role stops the job before
// anything is removed; removal waits for a second approval after a completed export.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { PowerShellPool } from '../../src/powershell/pool.ts';
import { loadTargets } from '../../src/targets/targets.ts';
import { ROOT, SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
let pool: PowerShellPool;
const ADMIN = 'UADMIN1';
const ZONE = 'Asia/Tokyo';
const answered = new Map<SlackCall, string>();
const command = (text: string) => postSigned(http.url, slashCommandBody({ text, user: ADMIN }), SIGNING_SECRET);
const adUser = (name: string) => labState(http.labDir, 'WSE').adUsers.find((u: any) => u.SamAccountName === name);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cardOf = (summary: RegExp) =>
  slack
    .of('chat.update')
    .filter((c) => summary.test(c.args.text))
    .map((c) => c.args.text as string);

/** "YYYY-MM-DD HH:MM" (with seconds: "HH:MM:SS") of an instant in the requester's time zone. */
function wallClock(ms: number, seconds = false): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}

async function approvalFor(re: RegExp, after = 0): Promise<SlackCall> {
  let post: SlackCall | undefined;
  await slack.waitFor(
    () =>
      (post = slack
        .of('chat.postMessage')
        .slice(after)
        .find((c) => re.test(c.args.text))) !== undefined,
    60_000,
  );
  return post!;
}
const approve = (post: SlackCall) =>
  postSigned(
    http.url,
    buttonClickBody({
      user: 'UADMIN2',
      actionId: 'approval:approve',
      value: post.args.blocks.find((b: any) => b.type === 'actions').elements[0].value,
      channel: 'CGENERAL',
      messageTs: answered.get(post)!,
    }),
    SIGNING_SECRET,
  );
async function ask(text: string): Promise<string> {
  const before = slack.of('chat.postEphemeral').length;
  const res = await command(text);
  if (res.text) {
    const body = JSON.parse(res.text);
    return [body.text, ...(body.blocks ?? []).map((b: any) => b.text?.text ?? '')].join('\n');
  }
  await slack.waitFor(() => slack.of('chat.postEphemeral').length > before);
  const a = slack.of('chat.postEphemeral')[before]!;
  return [a.args.text, ...(a.args.blocks ?? []).map((b: any) => b.text?.text ?? '')].join('\n');
}

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  slack.timeZones[ADMIN] = ZONE;
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), env: { APPROVAL_TIMEOUT: '600' } });
  pool = new PowerShellPool(loadTargets(loadConfig({ LAB_DIR: http.labDir, POWERSHELL_PATH: inject('pwsh') })));
  for (const name of ['Ann', 'Bob', 'Cid']) {
    await command(`add-user ${name} 1GB`);
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith(`Done: add-user ${name} `)), 60_000);
  }
}, 120_000);
afterAll(async () => {
  await pool?.close();
  await http?.app.stop();
  await slack?.stop();
});

describe('offboard --at', () => {
  it('asks the approval now, waits as scheduled (jobs says so), and cancel ends it with nothing changed', async () => {
    const when = wallClock(Date.now() + 86_400_000);
    await command(`offboard Ann --at ${when} --shared`);
    const post = await approvalFor(/^Approval needed: Offboard \*Ann\*/);
    expect(post.args.text).toContain('converted to shared');
    await approve(post);
    const summary = new RegExp(`^Waiting, scheduled for .*: offboard Ann \\(shared, at ${escapeRe(when)} ${escapeRe(ZONE)}\\)`);
    await slack.waitFor(() => cardOf(summary).length > 0);
    const listed = await ask('jobs');
    const line = listed.split('\n').find((l) => /offboard Ann/.test(l))!;
    expect(line).toMatch(/^#\d+ Waiting, scheduled for /);
    const id = /^#(\d+)/.exec(line)![1];
    expect(await ask(`cancel #${id}`)).toMatch(new RegExp(`Cancelling #${id}`));
    await slack.waitFor(() => cardOf(/^Cancelled: offboard Ann/).length > 0);
    expect(adUser('Ann').Enabled).toBe(true);
    expect(mailbox(http.labDir, 'Ann').RecipientTypeDetails).toBe('UserMailbox');
  });

  it('a scheduled offboarding runs at its time, not before', async () => {
    const at = Math.ceil((Date.now() + 33_000) / 1000) * 1000; // just past the 30 s the bot asks for
    await command(`offboard Bob --at ${wallClock(at, true)}`);
    await approve(await approvalFor(/^Approval needed: Offboard \*Bob\*/));
    await slack.waitFor(() => cardOf(/^Waiting, scheduled for .*: offboard Bob/).length > 0);
    expect(adUser('Bob').Enabled).toBe(true);
    await slack.waitFor(() => cardOf(/^Done: offboard Bob/).length > 0, 120_000);
    const disabled = labCalls(http.labDir, 'EXCH').find((c: any) => c.cmdlet === 'Disable-ADAccount' && c.args.Identity === 'Bob') as any;
    expect(disabled).toBeDefined();
    expect(adUser('Bob').Enabled).toBe(false);
    const calls = (await import('node:fs'))
      .readFileSync(path.join(http.labDir, 'EXCH.calls.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const at2 = Date.parse(calls.find((c) => c.cmdlet === 'Disable-ADAccount' && c.args.Identity === 'Bob').at);
    expect(at2).toBeGreaterThanOrEqual(at);
  }, 150_000);

  it('refuses a time in the past', async () => {
    expect(await ask('offboard Cid --at 2020-01-01 09:00')).toMatch(/--at 2020-01-01 09:00 \(Asia\/Tokyo\) is not in the future/);
  });
});

describe('offboard --export --remove', () => {
  it('without the Mailbox Import Export role it stops before any change, with Exchange’s words; with it, removal after a second approval', async () => {
    expect(await ask('offboard Cid --export --remove')).toMatch(/needs an export share/);
    await ask('deploy profile set export-share \\\\WSE\\Exports');
    const approvalsBefore = slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length;
    await command('offboard Cid --export --remove');
    await slack.waitFor(() => cardOf(/^Failed: offboard Cid/).length > 0, 60_000);
    await slack.waitFor((calls) =>
      calls.some((c) => /failed\. The term 'Get-MailboxExportRequest' is not recognized .*needs the Mailbox Import Export role/.test(callText(c))),
    );
    expect(slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text))).toHaveLength(approvalsBefore);
    expect(adUser('Cid').Enabled).toBe(true);
    expect(
      labCalls(http.labDir, 'EXCH').filter((c) => ['Remove-Mailbox', 'Disable-ADAccount'].some((n) => c.cmdlet === n && c.args.Identity !== 'Bob')),
    ).toHaveLength(0);

    // The role the README names, then a retry from the failed step.
    await pool.run(
      'EXCH',
      { script: path.join(ROOT, 'test/powershell/lifecycle-helpers.ps1'), params: { Action: 'GrantExportRole', Name: 'svc-chatops' } },
      30_000,
    );
    const line = (await ask('jobs')).split('\n').find((l) => /offboard Cid/.test(l))!;
    const id = /^#(\d+)/.exec(line)![1];
    expect(await ask(`retry #${id}`)).toMatch(/Retrying/);
    const first = await approvalFor(/^Approval needed: Offboard \*Cid\*/);
    expect(first.args.text).toContain('PST export to \\\\WSE\\Exports\\Cid.pst');
    expect(first.args.text).toContain('removal of the mailbox and the account');
    const before = slack.of('chat.postMessage').length;
    await approve(first);
    const second = await approvalFor(/^Approval needed: Delete the mailbox and the account of \*Cid\*/, before);
    expect(second.args.text).toContain('its mail is exported to \\\\WSE\\Exports\\Cid.pst');
    expect(labCalls(http.labDir, 'EXCH').filter((c) => c.cmdlet === 'New-MailboxExportRequest')).toHaveLength(1);
    expect(mailbox(http.labDir, 'Cid')).toBeDefined();
    await approve(second);
    await slack.waitFor(() => cardOf(/^Done: offboard Cid/).length > 0, 60_000);
    expect(mailbox(http.labDir, 'Cid')).toBeUndefined();
    expect(adUser('Cid')).toBeUndefined();
  }, 150_000);
});
