// The whole deployment end to end over HTTP: a fresh lab (EXCH with nothing installed), the profile
// set with commands, `deploy run` with its deployment rights and three restart approvals clicked by
// another admin, the worker killed while Exchange setup runs, then OWA answering and the rights
// given back; a second run asks only for the rights again and changes nothing else; `deploy plan`
// shows every step done but the rights, asked for at every run.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEPLOY_PROFILE } from '../fixtures/deploy-profile.ts';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall, slashAnswer } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let bot: HttpApp;
let redisUrl: string;
const workers: HttpApp[] = [];
const answered = new Map<SlackCall, string>();
// The approval cards answered so far (by their ts).
const seen = new Set<string>();
const PFX_PASSWORD = 'pfx-Secret-42';
const workerEnv = {
  ROLE: 'worker',
  JOB_LOCK_SECONDS: '2',
  LAB_PRESET: 'fresh',
  LAB_SETUP_SECONDS: '6',
  LAB_REBOOT_SECONDS: '2',
  HEARTBEAT_SECONDS: '1',
  EXCHANGE_SECRET_PFX_PASS: PFX_PASSWORD,
};

const command = (text: string, user = 'UADMIN1') => postSigned(bot.url, slashCommandBody({ text, user }), SIGNING_SECRET);
async function worker(): Promise<HttpApp> {
  const w = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir: bot.labDir, env: workerEnv });
  workers.push(w);
  return w;
}
async function approveNext(): Promise<string> {
  let card: SlackCall | undefined;
  await slack.waitFor(
    () => Boolean((card = slack.of('chat.postMessage').find((c) => /^Approval needed/.test(c.args.text) && !seen.has(answered.get(c)!)))),
    60_000,
  );
  const ts = answered.get(card!)!;
  seen.add(ts);
  const id = card!.args.blocks.find((b: any) => b.type === 'actions').elements[0].value;
  await postSigned(bot.url, buttonClickBody({ user: 'UADMIN2', actionId: 'approval:approve', value: id, channel: 'CGENERAL', messageTs: ts }), SIGNING_SECRET);
  return card!.args.text;
}

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  redisUrl = await freshRedisUrl();
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot' } });
});
afterAll(async () => {
  for (const w of [...workers, bot]) await w?.app.stop();
  await slack?.stop();
});

it('deploys a fresh network from Slack, surviving a worker killed during Exchange setup', async () => {
  const first = await worker();
  for (const [key, value] of DEPLOY_PROFILE) {
    const res = JSON.parse((await command(`deploy profile set ${key} ${value}`)).text);
    expect(res.text).toMatch(new RegExp(`\`${key}\` is now`));
  }
  expect((await command('deploy run')).text).toBe('');
  expect(await approveNext()).toMatch(/^Approval needed: Give the bot's account \*Schema Admins\*/);
  expect(await approveNext()).toMatch(/Restart \*EXCH\* \(the Windows features need it\)/);

  // Exchange setup runs (the thread says so); the worker dies; a new one takes over.
  await slack.waitFor(() => slack.calls.some((c) => /Exchange setup is running/.test(callText(c))), 60_000);
  first.app.crash();
  await first.app.exited;
  await worker();

  expect(await approveNext()).toMatch(/Restart \*EXCH\* \(Exchange setup asks for it\)/);
  expect(await approveNext()).toMatch(/Restart \*EXCH\* \(after the configuration\)/);
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: deploy contoso\.com in/.test(c.args.text)), 90_000);
  await slack.waitFor((calls) => calls.some((c) => /25\/26 OWA from outside: already done \(https:\/\/mail\.contoso\.com\/owa answers\)/.test(callText(c))));
  // The rights were the run's only: given back at its end (Organization Management too, which setup made).
  await slack.waitFor((calls) =>
    calls.some((c) =>
      /26\/26 Give back the deployment rights: svc-chatops removed from Schema Admins, Enterprise Admins, Organization Management/.test(callText(c)),
    ),
  );
  expect(labState(bot.labDir, 'WSE').adUsers.find((u: any) => u.SamAccountName === 'svc-chatops').MemberOf).toEqual(['Domain Users']);

  const exch = labState(bot.labDir, 'EXCH');
  expect(exch.exchange).toMatchObject({ installed: true, organization: 'First Organization' });
  expect(exch.virtualDirectories.owa.ExternalUrl).toBe('https://mail.contoso.com/owa');
  expect(labState(bot.labDir, 'WSE')).toMatchObject({ exchangeIntegration: true, arr: { HostNames: ['mail.contoso.com', 'remote.contoso.com'] } });
  // Setup started twice (the first one died with its worker), and finished once.
  expect(labCalls(bot.labDir, 'EXCH').filter((c) => c.cmdlet === 'Start-Process').length).toBeGreaterThanOrEqual(2);
  expect(labCalls(bot.labDir, 'EXCH').filter((c) => c.cmdlet === 'Restart-Computer')).toHaveLength(3);
  // The .pfx password never left the worker.
  expect(JSON.stringify(slack.calls)).not.toContain(PFX_PASSWORD);
  for (const w of workers) expect(w.app.output).not.toContain(PFX_PASSWORD);

  // A second run asks only for the rights (held while it runs) and changes nothing else.
  const rightsCmdlets = new Set(['Add-ADGroupMember', 'Remove-ADGroupMember']);
  const changes = () => [...labCalls(bot.labDir, 'EXCH'), ...labCalls(bot.labDir, 'WSE')].filter((c) => !rightsCmdlets.has(c.cmdlet)).length;
  const calls = changes();
  const approvals = slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length;
  await command('deploy run');
  expect(await approveNext()).toMatch(/^Approval needed: Give the bot's account \*Schema Admins\*/);
  await slack.waitFor(() => slack.of('chat.update').filter((c) => /^Done: deploy contoso\.com in/.test(c.args.text)).length >= 2, 60_000);
  expect(changes()).toBe(calls);
  expect(slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length).toBe(approvals + 1);

  const plan = await slashAnswer(slack, () => command('deploy plan'));
  expect(plan.response_type).toBe('in_channel');
  expect(plan.text).toBe('Deployment plan for contoso.com: 23 of 26 steps done');
  expect(JSON.stringify(plan.blocks)).toContain('asked for at every run: held only while it runs');
  expect(JSON.stringify(plan.blocks)).toContain('*D12* Certificate request (EXCH) — skipped');
}, 240_000);

it('a step done by hand: instructions and a Done button, and the bot checks before it accepts Done', async () => {
  // The registrar lost the MX record: D13 is not done.
  const { readFileSync, writeFileSync } = await import('node:fs');
  const file = `${bot.labDir}/INTERNET.json`;
  const internet = JSON.parse(readFileSync(file, 'utf8'));
  const mx = internet.records.find((r: any) => r.Type === 'MX');
  internet.records = internet.records.filter((r: any) => r.Type !== 'MX');
  writeFileSync(file, JSON.stringify(internet));
  await command('deploy run --only D13');
  expect(await approveNext()).toMatch(/^Approval needed: Give the bot's account \*Schema Admins\*/);
  let card: SlackCall | undefined;
  await slack.waitFor(() => Boolean((card = slack.of('chat.postMessage').find((c) => /^To do by hand: At your registrar/.test(c.args.text)))), 60_000);
  expect(JSON.stringify(card!.args.blocks)).toContain('MX `0 mail.contoso.com.`');
  const press = (c: SlackCall) =>
    postSigned(
      bot.url,
      buttonClickBody({
        user: 'UADMIN1',
        actionId: 'approval:approve',
        value: c.args.blocks.find((b: any) => b.type === 'actions').elements[0].value,
        channel: 'CGENERAL',
        messageTs: answered.get(c)!,
      }),
      SIGNING_SECRET,
    );
  await press(card!); // the requester may press Done; the check says no
  await slack.waitFor(() => slack.calls.some((c) => /^✋ Not yet: MX contoso\.com: expected mail\.contoso\.com, found nothing/.test(callText(c))), 30_000);
  let again: SlackCall | undefined;
  await slack.waitFor(() => Boolean((again = slack.of('chat.postMessage').filter((c) => /^To do by hand: At your registrar/.test(c.args.text))[1])), 30_000);
  internet.records.push(mx);
  writeFileSync(file, JSON.stringify(internet));
  await press(again!);
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: deploy contoso\.com --only D13/.test(c.args.text)), 30_000);
  await slack.waitFor((calls) =>
    calls.some((c) => /Public DNS records \(registrar\): the registrar holds the records \(marked done by <@UADMIN1>, and checked\)/.test(callText(c))),
  );
}, 120_000);

it('dns records, dns check, ports check and cert request (its .req file attached to the thread)', async () => {
  const records = JSON.parse((await command('dns records')).text);
  expect(records.response_type).toBe('in_channel');
  expect(JSON.stringify(records.blocks)).toContain('_autodiscover._tcp   3600 IN SRV   0 0 443 mail.contoso.com.');

  const ask = async (text: string) => {
    const before = slack.of('chat.postEphemeral').length;
    expect((await command(text)).text).toBe('');
    await slack.waitFor(() => slack.of('chat.postEphemeral').length > before);
    return slack.of('chat.postEphemeral').at(-1)!.args;
  };
  const dns = await ask('dns check');
  expect(dns.text).toBe('DNS: every record as expected');
  expect(JSON.stringify(dns.blocks)).toContain('✅ A mail.contoso.com: expected `203.0.113.10`, found `203.0.113.10`');
  const ports = await ask('ports check');
  expect(ports.text).toBe('Ports: 25, 80 and 443 answer');

  expect((await command('cert request C=FR S=Ile-de-France L=Paris O="Contoso SARL" OU=IT')).text).toBe('');
  await slack.waitFor(() => slack.of('files.completeUploadExternal').length > 0, 30_000);
  const complete = slack.of('files.completeUploadExternal')[0]!.args;
  expect(complete.initial_comment).toMatch(/Certificate request for mail\.contoso\.com, autodiscover\.contoso\.com, remote\.contoso\.com/);
  expect(complete.thread_ts).toBeTruthy();
  // The Web API client uploads the file as multipart form data: take the part's body.
  const [raw] = [...slack.uploads.values()];
  const uploaded = raw!.includes('\r\n\r\n') ? raw!.slice(raw!.indexOf('\r\n\r\n') + 4, raw!.lastIndexOf('\r\n--')) : raw;
  expect(uploaded).toMatch(/^-----BEGIN NEW CERTIFICATE REQUEST-----/);
  const csr = Buffer.from(uploaded!.split(/\r?\n/).slice(1, -1).join(''), 'base64').toString('utf8');
  expect(csr).toContain('C=FR, S=Ile-de-France, L=Paris, O=Contoso SARL, OU=IT, CN=mail.contoso.com');
}, 60_000);

it('a WSE without Enable-ExchangeIntegration: D15 becomes a step done by hand, with the wizard’s instructions', async () => {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const file = `${bot.labDir}/WSE.json`;
  const wse = JSON.parse(readFileSync(file, 'utf8'));
  wse.wssCmdlets = false; // Windows Server Essentials 2012, before R2
  writeFileSync(file, JSON.stringify(wse));
  for (const w of workers.splice(0)) await w.app.stop();
  await worker(); // its new shells load the lab as it now is
  // The switch forgotten, as if never set through the bot (every bot's copy of the settings too).
  const { Redis } = await import('ioredis');
  const { Settings } = await import('../../src/engine/settings.ts');
  const redis = new Redis(redisUrl);
  await new Settings(redis).delete('exchange-integration');
  await redis.quit();
  await command('deploy run --only D15');
  expect(await approveNext()).toMatch(/^Approval needed: Give the bot's account \*Schema Admins\*/);
  let card: SlackCall | undefined;
  await slack.waitFor(
    () => Boolean((card = slack.of('chat.postMessage').find((c) => /^To do by hand: On WSE, open the \*Dashboard\*/.test(c.args.text)))),
    60_000,
  );
  await postSigned(
    bot.url,
    buttonClickBody({
      user: 'UADMIN1',
      actionId: 'approval:approve',
      value: card!.args.blocks.find((b: any) => b.type === 'actions').elements[0].value,
      channel: 'CGENERAL',
      messageTs: answered.get(card!)!,
    }),
    SIGNING_SECRET,
  );
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: deploy contoso\.com --only D15/.test(c.args.text)), 30_000);
  await slack.waitFor((calls) =>
    calls.some((c) => /Exchange integration in the Dashboard: the Dashboard shows the mailboxes \(marked done by <@UADMIN1>\)/.test(callText(c))),
  );
}, 120_000);
