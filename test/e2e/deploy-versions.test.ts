// The deployment per Exchange version, end to end over HTTP (2013 is test/e2e/deploy.test.ts):
// for 2010, 2016, 2019 and SE a fresh lab playing that version's setup media goes to OWA answering
// from outside (for 2016 with the worker killed during Exchange setup), and a second run changes
// nothing; the guards refuse what Microsoft does not support before anything changes (zero
// changing calls in the lab's calls logs); deploy upgrade takes 2019 to SE, and says why not from 2016.
import { readFileSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, SlackStub, type SlackCall, slashAnswer } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let redisUrl: string;
let bot: HttpApp | undefined;
let workers: HttpApp[] = [];
const answered = new Map<SlackCall, string>();
const seen = new Set<string>();
const PFX_PASSWORD = 'pfx-Secret-42';
const timings: Record<string, string> = {};

const base = {
  ROLE: 'worker',
  JOB_LOCK_SECONDS: '2',
  LAB_SETUP_SECONDS: '6',
  LAB_REBOOT_SECONDS: '1',
  HEARTBEAT_SECONDS: '1',
  EXCHANGE_SECRET_PFX_PASS: PFX_PASSWORD,
};
const PROFILE: [string, string][] = [
  ['domain', 'contoso.com'],
  ['remote-host', 'remote.contoso.com'],
  ['setup-path', 'D:\\Exchange\\Setup.exe'],
  ['exchange-ip', '192.168.0.20'],
  ['internal-range', '192.168.0.0/24'],
  ['public-ip', '203.0.113.10'],
  ['certificate', 'C:\\Certificates\\mail.pfx'],
  ['certificate-secret', 'pfx-pass'],
  ['prerequisites-path', 'D:\\Prereqs'],
];

const command = (text: string, user = 'UADMIN1') => postSigned(bot!.url, slashCommandBody({ text, user }), SIGNING_SECRET);
/** deploy plan's answer (on the ack, or posted after it when the probes are slow). */
const plan = () => slashAnswer(slack, () => command('deploy plan'));
// What changes the servers, but the deployment rights given and given back at every run.
const RIGHTS_CMDLETS = new Set(['Add-ADGroupMember', 'Remove-ADGroupMember']);
const changes = (labDir: string) => [...labCalls(labDir, 'EXCH'), ...labCalls(labDir, 'WSE')].filter((c) => !RIGHTS_CMDLETS.has(c.cmdlet)).length;
const RIGHTS_APPROVAL = /^Approval needed: Give the bot's account \*Schema Admins\*/;
const cards = (re: RegExp) => slack.of('chat.update').filter((c) => re.test(c.args.text));
let mark = 0; // calls before this index belong to an earlier lab
const since = () => slack.calls.slice(mark);
const said = (re: RegExp) => since().some((c) => re.test(callText(c)) || re.test(JSON.stringify(c.args)));

/** A new bot and worker on an empty Redis database and a fresh lab with these settings. */
async function lab(env: Record<string, string>, profile: [string, string][]): Promise<string> {
  for (const w of [...workers, ...(bot ? [bot] : [])]) await w.app.stop();
  workers = [];
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  mark = slack.calls.length;
  bot = await startHttpApp({ slackApiUrl: slack.url, redisUrl, env: { ROLE: 'bot' } });
  await worker(env);
  for (const [key, value] of profile)
    expect(JSON.parse((await command(`deploy profile set ${key} ${value}`)).text).text).toMatch(new RegExp(`\`${key}\` is now`));
  return bot.labDir;
}
async function worker(env: Record<string, string>): Promise<HttpApp> {
  const w = await startHttpApp({ slackApiUrl: slack.url, redisUrl, labDir: bot!.labDir, env: { ...base, ...env } });
  workers.push(w);
  return w;
}
async function approveNext(): Promise<string> {
  let card: SlackCall | undefined;
  await slack.waitFor(
    () => Boolean((card = slack.of('chat.postMessage').find((c) => /^Approval needed/.test(c.args.text) && !seen.has(answered.get(c)!)))),
    90_000,
  );
  const ts = answered.get(card!)!;
  seen.add(ts);
  const id = card!.args.blocks.find((b: any) => b.type === 'actions').elements[0].value;
  await postSigned(bot!.url, buttonClickBody({ user: 'UADMIN2', actionId: 'approval:approve', value: id, channel: 'CGENERAL', messageTs: ts }), SIGNING_SECRET);
  return card!.args.text;
}

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  redisUrl = await freshRedisUrl();
});
afterAll(async () => {
  for (const w of [...workers, ...(bot ? [bot] : [])]) await w.app.stop();
  await slack?.stop();
  console.log('lab deployment times:', JSON.stringify(timings));
});

// Steps per version: 26 for 2010 (as 2013), five prerequisites more from 2016, the Extended Protection guard on 2019 and SE.
// The last one gives back the deployment rights; OWA from outside comes just before. The worker is
// killed during setup in one of them (and for 2013 in deploy.test.ts): resuming is the engine's,
// the same for every version, and a kill costs a worker's start and a second setup.
it.each([
  ['2010', 26, 'Version 14.3 (Build 513.0)', false],
  ['2016', 31, 'Version 15.1 (Build 2507.6)', true],
  ['2019', 32, 'Version 15.2 (Build 1544.4)', false],
  ['SE', 32, 'Version 15.2 (Build 2562.17)', false],
] as const)(
  'Exchange %s: a fresh lab to OWA from outside in %i steps (%s; the worker killed during setup: %s), a second run changing nothing',
  async (version, steps, build, kill) => {
    // Exchange 2010 goes on Windows Server 2012 R2 only from SP3 media.
    const media: [string, string][] = version === '2010' ? [['setup-path', 'D:\\Exchange2010SP3\\setup.com']] : [];
    const labDir = await lab({ LAB_PRESET: 'fresh', LAB_EXCHANGE_VERSION: version }, [...PROFILE, ...media, ['exchange-version', version]]);
    const started = Date.now();
    const doneBefore = cards(/^Done: deploy contoso\.com in/).length;
    expect((await command('deploy run')).text).toBe('');
    expect(await approveNext()).toMatch(RIGHTS_APPROVAL);
    expect(await approveNext()).toMatch(/Restart \*EXCH\* \(the Windows features need it\)/);
    await slack.waitFor(() => since().some((c) => /Exchange setup is running/.test(callText(c))), 90_000);
    if (kill) {
      const first = workers[0]!;
      first.app.crash();
      await first.app.exited;
      await worker({ LAB_PRESET: 'fresh', LAB_EXCHANGE_VERSION: version });
    }
    expect(await approveNext()).toMatch(/Restart \*EXCH\* \(Exchange setup asks for it\)/);
    expect(await approveNext()).toMatch(/Restart \*EXCH\* \(after the configuration\)/);
    await slack.waitFor(() => cards(/^Done: deploy contoso\.com in/).length > doneBefore, 120_000);
    timings[version] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    await slack.waitFor(() =>
      since().some((c) => new RegExp(`${steps - 1}/${steps} OWA from outside: already done \\(https://mail\\.contoso\\.com/owa answers\\)`).test(callText(c))),
    );
    await slack.waitFor(() => since().some((c) => new RegExp(`${steps}/${steps} Give back the deployment rights: svc-chatops removed from`).test(callText(c))));

    const exch = labState(labDir, 'EXCH');
    expect(exch.exchange).toMatchObject({ installed: true, version, build });
    expect(exch.virtualDirectories.owa.ExternalUrl).toBe('https://mail.contoso.com/owa');
    const setups = labCalls(labDir, 'EXCH').filter((c) => c.cmdlet === 'Start-Process' && /setup\.(exe|com)$/i.test(String(c.args.FilePath)));
    expect(setups.length).toBeGreaterThanOrEqual(kill ? 2 : 1); // with a kill, the first one died with its worker
    const args = String(setups.at(-1)!.args.ArgumentList);
    if (version === '2010') expect(args).toBe('/mode:install /roles:mb,ht,ca /OrganizationName:"First Organization"');
    else expect(args).toBe('/mode:Install /Roles:Mailbox /OrganizationName:"First Organization" /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF');
    if (version !== '2010') {
      expect(exch.virtualDirectories.mapi.ExternalUrl).toBe('https://mail.contoso.com/mapi');
      // The prerequisites came from the folder of the profile (on Windows Server 2022, .NET 4.8 is there already).
      expect(exch.programs).toHaveLength(5);
      expect(labCalls(labDir, 'EXCH').filter((c) => /D:\\Prereqs\\/.test(`${c.args.FilePath} ${c.args.ArgumentList}`)).length).toBe(version === '2016' ? 5 : 4);
    } else {
      expect(exch.outlookAnywhere).toMatchObject({ Enabled: true, ClientAuthenticationMethod: 'Basic', SSLOffloading: false });
      expect(labCalls(labDir, 'EXCH').map((c) => c.cmdlet)).toContain('Enable-OutlookAnywhere');
    }
    expect(exch.receiveConnectors.map((c: any) => c.Name)).toEqual([
      version === '2010' ? 'Default EXCH' : 'Default Frontend EXCH',
      'WSE Internet Receive Connector',
    ]);
    expect(JSON.stringify(slack.calls)).not.toContain(PFX_PASSWORD);

    // A second run asks only for the rights again (held while it runs) and changes nothing else.
    const calls = changes(labDir);
    const approvals = slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length;
    await command('deploy run');
    expect(await approveNext()).toMatch(RIGHTS_APPROVAL);
    await slack.waitFor(() => cards(/^Done: deploy contoso\.com in/).length > doneBefore + 1, 90_000);
    expect(changes(labDir)).toBe(calls);
    expect(slack.of('chat.postMessage').filter((c) => /^Approval needed/.test(c.args.text)).length).toBe(approvals + 1);
    // Every step is done but the certificate request (never run here) and the rights (asked for at every run).
    expect((await plan()).text).toBe(`Deployment plan for contoso.com: ${steps - 3} of ${steps} steps done`);
  },
  300_000,
);

it.each([
  [
    'SE',
    { LAB_DC_VERSION: '2012' },
    'G2',
    /Exchange SE needs domain controllers on Windows Server 2012 R2 or later and a forest functional level of 2012 R2 or higher; this forest is at Windows2012Forest/,
  ],
  ['2019', { LAB_DC_VERSION: '2012' }, 'G2', /Exchange 2019 needs domain controllers on Windows Server 2012 R2 or later/],
  [
    '2013',
    { LAB_WINDOWS_VERSION: '2016' },
    'G1',
    /Exchange 2013 is not supported on Microsoft Windows Server 2016 Standard \(it runs on Windows Server 2012, Windows Server 2012 R2\)/,
  ],
  ['2016', { LAB_WINDOWS_VERSION: '2019' }, 'G1', /Exchange 2016 is not supported on Microsoft Windows Server 2019 Standard/],
  [
    'SE',
    { LAB_WINDOWS_VERSION: '2016' },
    'G1',
    /Exchange SE is not supported on Microsoft Windows Server 2016 Standard \(it runs on Windows Server 2019, Windows Server 2022, Windows Server 2025\)/,
  ],
] as const)(
  'Exchange %s with %j: the guard %s refuses before anything changes',
  async (version, env, guard, why) => {
    const labDir = await lab({ LAB_PRESET: 'fresh', LAB_EXCHANGE_VERSION: version, ...env }, [...PROFILE, ['exchange-version', version]]);
    const failedBefore = cards(/^Failed: deploy contoso\.com/).length;
    await command('deploy run');
    await slack.waitFor(() => cards(/^Failed: deploy contoso\.com/).length > failedBefore, 60_000);
    await slack
      .waitFor(() => said(why), 10_000)
      .catch(() => {
        throw new Error(`no ${guard} failure matching ${why}: ${JSON.stringify(slack.calls.slice(-6).map((c) => c.args.text))}`);
      });
    expect(labCalls(labDir, 'EXCH')).toEqual([]);
    expect(labCalls(labDir, 'WSE')).toEqual([]);
    expect(JSON.stringify((await plan()).blocks)).toMatch(new RegExp(`\\*${guard}\\* [^\\n]* — blocked`));
  },
  120_000,
);

it('Exchange 2019 CU14: the Extended Protection guard stops a reverse proxy that would present another certificate', async () => {
  const labDir = await lab({ LAB_PRESET: 'deployed', LAB_EXCHANGE_VERSION: '2019' }, [...PROFILE, ['exchange-version', '2019']]);
  // EXCH already serves IIS with another certificate for the mail name (bought elsewhere, say).
  const file = `${labDir}/EXCH.json`;
  const exch = JSON.parse(readFileSync(file, 'utf8'));
  exch.certificates.push({
    Thumbprint: 'FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000',
    Subject: 'CN=mail.contoso.com',
    CertificateDomains: ['mail.contoso.com'],
    Services: 'IIS, SMTP',
    IsSelfSigned: false,
    NotAfter: new Date(Date.now() + 200 * 86400_000).toISOString(),
  });
  writeFileSync(file, JSON.stringify(exch));
  const failedBefore = cards(/^Failed: deploy contoso\.com/).length;
  await command('deploy run');
  await slack.waitFor(() => cards(/^Failed: deploy contoso\.com/).length > failedBefore, 60_000);
  await slack.waitFor(() => said(/Extended Protection is on .*FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000.*export Exchange's certificate/), 10_000);
  expect(changes(labDir)).toBe(0);
}, 120_000);

it('deploy upgrade: Exchange 2019 CU14 to SE behind approvals, once; from 2016 it says it is a migration', async () => {
  const labDir = await lab({ LAB_PRESET: 'deployed', LAB_EXCHANGE_VERSION: '2016' }, [['exchange-version', '2016']]);
  const refused = JSON.parse((await command('deploy upgrade')).text);
  expect(refused.text).toMatch(/Exchange 2016 cannot be upgraded in place to Exchange Server SE: it is a migration .* which the bot does not automate/);
  expect(changes(labDir)).toBe(0);

  const dir = await lab({ LAB_PRESET: 'deployed', LAB_EXCHANGE_VERSION: '2019' }, [
    ['exchange-version', '2019'],
    ['setup-path', 'D:\\ExchangeSE\\Setup.exe'],
    ['prerequisites-path', 'D:\\Prereqs'],
  ]);
  const started = Date.now();
  expect((await command('deploy upgrade')).text).toBe('');
  expect(await approveNext()).toMatch(RIGHTS_APPROVAL);
  expect(await approveNext()).toMatch(/Upgrade \*EXCH\* to \*Exchange Server SE\* in place/);
  expect(await approveNext()).toMatch(/Restart \*EXCH\* \(the upgrade asks for it\)/);
  await slack.waitFor(() => cards(/^Done: deploy upgrade to Exchange Server SE/).length > 0, 90_000);
  timings['upgrade 2019→SE'] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  expect(labState(dir, 'EXCH').exchange).toMatchObject({ version: 'SE', build: 'Version 15.2 (Build 2562.17)' });
  expect(
    labCalls(dir, 'EXCH')
      .filter((c) => c.cmdlet === 'Start-Process')
      .map((c) => c.args.ArgumentList),
  ).toEqual(['/mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF']);
  expect(JSON.stringify(JSON.parse((await command('deploy profile')).text).blocks)).toMatch(/exchange-version`: SE/);
  // The profile follows: EXCH runs SE now, so there is nothing to upgrade.
  expect(JSON.parse((await command('deploy upgrade')).text).text).toMatch(/runs Exchange Server SE already: nothing to upgrade/);
}, 240_000);
