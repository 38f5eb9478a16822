// Hostile input for every command, over the HTTP receiver: quotes of every kind (U+2018–U+201E too),
// $(), @(), backticks, ; | &, newlines, NUL, right-to-left marks, 10,000 characters, PowerShell
// variables. Each answer is a clear refusal naming the argument, or a job whose result is exactly
// the text given. A canary file the payloads try to create never appears, and the lab changes only
// as the accepted commands intended.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls, labState, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;
const canary = path.join(os.tmpdir(), `chatops-hostile-canary-${process.pid}`);

const payloads = [
  `x';New-Item ${canary};'`,
  `x"; New-Item ${canary}; "`,
  `x\u2018;New-Item ${canary};\u2019`,
  `x\u201A;New-Item ${canary};\u201B`,
  `x\u201C;New-Item ${canary};\u201D`,
  `x\u201E;New-Item ${canary};\u201C`,
  `$(New-Item ${canary})`,
  `@(New-Item ${canary})`,
  `\`$(New-Item ${canary})`,
  `x;New-Item ${canary}`,
  `x|New-Item ${canary}`,
  `x&New-Item ${canary}`,
  `x\nNew-Item ${canary}`,
  `x\u0000y`,
  `x\u202Eevil\u202C`,
  '$env:PATH',
  '${env:HOME}',
  'x'.repeat(10_000),
  '<!channel>',
];

// Where each payload goes: one command and argument position at a time.
const places: ((p: string) => string)[] = [
  (p) => `add-user ${p}`,
  (p) => `add-user Alice ${p}`,
  (p) => `add-user Alice --alias ${p}`,
  (p) => `add-user Alice --first ${p}`,
  (p) => `add-user Alice --ou ${p}`,
  (p) => `add-user Alice --upn ${p}`,
  (p) => `set-quota ${p} 1GB`,
  (p) => `set-quota Frank ${p}`,
  (p) => `set-alias Frank ${p}`,
  (p) => `set-alias ${p} frank2`,
  (p) => `user ${p}`,
  (p) => `users ${p}`,
  (p) => `remove-user ${p}`,
  (p) => `reboot ${p}`,
];

beforeAll(async () => {
  slack = await new SlackStub().start();
  http = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl() });
  await postSigned(http.url, slashCommandBody({ text: 'add-user Frank 1GB' }), SIGNING_SECRET);
  await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith('Done: add-user Frank')));
});
afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

it('refuses every hostile argument, naming it, and nothing runs', async () => {
  const before = JSON.stringify(labState(http.labDir, 'EXCH').mailboxes);
  const callsBefore = labCalls(http.labDir, 'EXCH').length;
  let refused = 0;
  const accepted: string[] = [];
  for (const place of places) {
    for (const payload of payloads) {
      const text = place(payload);
      const res = await postSigned(http.url, slashCommandBody({ text }), SIGNING_SECRET);
      expect(res.status).toBe(200);
      if (res.text) {
        const body = JSON.parse(res.text);
        expect(body.response_type).toBe('ephemeral');
        expect(body.text).toMatch(/was not run:\n• \*[a-z.]+\*|is not a \/exchange command|is not a known host/);
        expect(body.text).not.toMatch(/<!channel>/);
        refused++;
      } else accepted.push(text);
    }
  }
  // Nothing got through validation: every payload carries a character the rules refuse.
  expect(accepted).toEqual([]);
  expect(refused).toBe(places.length * payloads.length);
  await new Promise((r) => setTimeout(r, 500));
  expect(existsSync(canary)).toBe(false);
  expect(JSON.stringify(labState(http.labDir, 'EXCH').mailboxes)).toBe(before);
  expect(labCalls(http.labDir, 'EXCH').length).toBe(callsBefore);
});

it('accepts names with apostrophes of both kinds and keeps them exactly', async () => {
  for (const name of ["D'Arcy", 'O\u2019Brien', 'Zoë-Ångström']) {
    await postSigned(http.url, slashCommandBody({ text: `add-user ${name} 1GB` }), SIGNING_SECRET);
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.text.startsWith(`Done: add-user ${name.replace(/&/g, '&amp;')}`)));
  }
  expect(mailbox(http.labDir, 'DArcy')).toMatchObject({ Name: "D'Arcy", DisplayName: "D'Arcy", PrimarySmtpAddress: 'DArcy@contoso.com' });
  expect(mailbox(http.labDir, 'OBrien')).toMatchObject({ Name: 'O\u2019Brien', PrimarySmtpAddress: 'OBrien@contoso.com' });
  expect(mailbox(http.labDir, 'Zoe-Angstrom')).toMatchObject({ Name: 'Zoë-Ångström' });
  expect(existsSync(canary)).toBe(false);
});
