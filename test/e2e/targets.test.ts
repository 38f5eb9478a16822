// Hosts by role, end to end: a TARGETS file that calls the servers MAIL01 and DC01 (both played
// by the lab) works like the lab's own names. Jobs ask for the `exchange` or `domain-controller`
// role; the card, status and reboot use the site's names.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HttpApp, SIGNING_SECRET, startHttpApp } from '../fixtures/app-process.ts';
import { labCalls, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;

const command = (text: string) => postSigned(http.url, slashCommandBody({ text, user: 'UADMIN1' }), SIGNING_SECRET);

beforeAll(async () => {
  slack = await new SlackStub().start();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-targets-'));
  const targets = path.join(dir, 'targets.json');
  writeFileSync(
    targets,
    JSON.stringify({ hosts: { MAIL01: { prelude: 'lab', params: { LabHost: 'EXCH' } }, DC01: { prelude: 'lab', params: { LabHost: 'WSE' } } } }),
  );
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), env: { TARGETS: targets } });
});

afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

it('runs add-user on the host that plays the exchange role, under its own name', async () => {
  expect((await command('add-user Frank 2GB')).text).toBe('');
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Frank/.test(c.args.text)));
  const card = slack.of('chat.update').find((c) => /^Done: add-user Frank/.test(c.args.text))!;
  expect(JSON.stringify(card.args.blocks)).toContain('on MAIL01');
  expect(mailbox(http.labDir, 'Frank')).toBeTruthy();
  expect(labCalls(http.labDir, 'EXCH').some((c) => c.cmdlet === 'New-Mailbox')).toBe(true);
});

it('status and the integration switch use the site’s names; a lab name is not a host here', async () => {
  const status = JSON.parse((await command('status')).text);
  expect(status.text).toMatch(/^Status: MAIL01 \S+, DC01 \S+$/);
  expect((await command('disable-integration')).text).toBe('');
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: disable-integration/.test(c.args.text)));
  const card = slack.of('chat.update').find((c) => /^Done: disable-integration/.test(c.args.text))!;
  expect(JSON.stringify(card.args.blocks)).toContain('on DC01');
  expect(labCalls(http.labDir, 'WSE').some((c) => c.cmdlet === 'Disable-ExchangeIntegration')).toBe(true);
  const refused = JSON.parse((await command('reboot EXCH')).text);
  expect(refused.text).toMatch(/`EXCH` is not a known host\. Hosts: MAIL01, DC01\./);
});
