// End to end through the JEA endpoint: the real program, its worker reaching "WSE" over SSH to the
// sshd's chatopsbot subsystem (RestrictedRemoteServer, NoLanguage, Invoke-ChatOpsStep over a copy
// of the scripts grant-bot-rights.ps1 installs; test/fixtures/jea.ts), "EXCH" a local lab shell.
// A WSE job (disable-integration) runs to Done on WSE, and status lists both hosts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type HttpApp, SIGNING_SECRET, startHttpApp } from '../fixtures/app-process.ts';
import { writeJeaEndpoint } from '../fixtures/jea.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub, slashAnswer } from '../fixtures/slack-stub.ts';
import { type Sshd, sshTargetsFile, startSshd } from '../fixtures/sshd.ts';

let slack: SlackStub;
let sshd: Sshd;
let http: HttpApp;
let labDir: string;
const command = (text: string) => postSigned(http.url, slashCommandBody({ text, user: 'UADMIN1' }), SIGNING_SECRET);

beforeAll(async () => {
  slack = await new SlackStub().start();
  labDir = mkdtempSync(path.join(os.tmpdir(), 'chatops-lab-'));
  const endpoint = writeJeaEndpoint(inject('pwsh'));
  sshd = await startSshd({ pwsh: inject('pwsh'), env: { LAB_DIR: labDir }, configurations: { chatopsbot: endpoint.pssc } });
  const file = sshTargetsFile(sshd, labDir, ['WSE'], { ConfigurationName: 'ChatOpsBot', Subsystem: 'chatopsbot' });
  const targets = JSON.parse(readFileSync(file, 'utf8'));
  targets.hosts.EXCH = { prelude: 'lab', params: { LabHost: 'EXCH' } };
  writeFileSync(file, JSON.stringify(targets));
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), labDir, env: { TARGETS: file } });
}, 120_000);

afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
  await sshd?.stop();
});

it('disable-integration runs on WSE through the JEA endpoint; status lists both hosts', async () => {
  expect((await command('disable-integration')).text).toBe('');
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: disable-integration/.test(c.args.text)), 60_000);
  const card = slack.of('chat.update').find((c) => /^Done: disable-integration/.test(c.args.text))!;
  expect(JSON.stringify(card.args.blocks)).toContain('on WSE');
  expect(labCalls(labDir, 'WSE').some((c) => c.cmdlet === 'Disable-ExchangeIntegration')).toBe(true);
  expect(labState(labDir, 'WSE').exchangeIntegration).toBe(false);
  const status = JSON.parse((await command('status')).text);
  expect(status.text).toBe('Status: WSE ok, EXCH ok');
});

it('/exchange doctor: WSE answers through the JEA endpoint, with its modules and clock', async () => {
  const doctor = await slashAnswer(slack, () => command('doctor')); // on the ack, or after it when slow
  const text = JSON.stringify(doctor.blocks);
  expect(text).toMatch(/\*WSE\*: PowerShell 7\.[0-9.]+ \(Core\), through the JEA endpoint \(its restricted session answered\)/);
  expect(text).toMatch(/\*WSE Active Directory\*: /);
  expect(text).toMatch(/\*WSE clock\*: /);
  expect(text).not.toMatch(/\*EXCH\*: [^"]*JEA/); // the local lab shell is no endpoint
});
