// End to end: the real app with EVENT_LOG_SOURCE=ChatOpsBot, its errors and warnings in the lab's
// Application log (the lab's Write-EventLog on EXCH, where the worker runs), and no secret there.
// The audit folder is unusable (a file stands where it should be): every audit write is an error.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { labCalls } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let http: HttpApp;

const command = (text: string) => postSigned(http.url, slashCommandBody({ text, user: 'UADMIN1' }), SIGNING_SECRET);
const entries = () =>
  labCalls(http.labDir, 'EXCH')
    .filter((c) => c.cmdlet === 'Write-EventLog')
    .map((c) => c.args as Record<string, any>);

beforeAll(async () => {
  slack = await new SlackStub().start();
  const labDir = mkdtempSync(path.join(os.tmpdir(), 'chatops-lab-'));
  mkdirSync(path.join(labDir, 'data'), { recursive: true });
  writeFileSync(path.join(labDir, 'data', 'audit'), 'not a folder');
  // As install-worker.ps1 does: the source registered by an administrator (while the app starts,
  // to save time: the app logs nothing for the Event Log until the jobs below).
  const { pool } = labPool({ LAB_ENFORCE_RBAC: 'false' }, labDir);
  const register = path.join(labDir, 'register.ps1');
  writeFileSync(register, '[CmdletBinding()] param([string]$Source)\nNew-EventLog -LogName Application -Source $Source\n@{ ok = $true }');
  const registered = pool.run('EXCH', { script: register, params: { Source: 'ChatOpsBot' } }, 30_000).finally(() => pool.close());
  // A worker for EXCH only (add-user runs there): two shells start sooner than four.
  [http] = await Promise.all([
    startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), labDir, env: { EVENT_LOG_SOURCE: 'ChatOpsBot', WORKER_HOSTS: 'EXCH' } }),
    registered,
  ]);
});

afterAll(async () => {
  await http?.app.stop();
  await slack?.stop();
});

it('writes the app’s errors and warnings to the Application log, with no secret in them', async () => {
  expect((await command('add-user Frank 2GB')).status).toBe(200);
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Done: add-user Frank/.test(c.args.text)));
  await slack.waitFor(() => slack.of('chat.postEphemeral').some((c) => /Initial password/.test(c.args.text)));
  const password = /`([^`]+)`/.exec(slack.of('chat.postEphemeral').find((c) => /Initial password/.test(c.args.text))!.args.text)![1]!;
  // The name is taken now: the job fails at its first step, a warning.
  expect((await command('add-user Frank 1GB')).status).toBe(200);
  await slack.waitFor(() => slack.of('chat.update').some((c) => /^Failed: add-user Frank \(1 GB\)/.test(c.args.text)));

  const deadline = Date.now() + 10_000;
  const has = (type: string, re: RegExp) => entries().some((e) => e.EntryType === type && re.test(e.Message));
  while (!(has('Error', /"msg":"audit entry not written"/) && has('Warning', /"msg":"step failed"/)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const error = entries().find((e) => e.EntryType === 'Error')!;
  expect(error).toMatchObject({ LogName: 'Application', Source: 'ChatOpsBot', EventId: 1001 });
  expect(JSON.parse(error.Message)).toMatchObject({ level: 'error', msg: 'audit entry not written' });
  const warning = entries().find((e) => e.EntryType === 'Warning' && /"msg":"step failed"/.test(e.Message))!;
  expect(warning).toMatchObject({ LogName: 'Application', Source: 'ChatOpsBot', EventId: 1002 });
  expect(JSON.parse(warning.Message).error).toMatch(/the alias Frank is already used/);
  // Only errors and warnings; and nothing secret in any of them.
  expect(entries().every((e) => ['Error', 'Warning'].includes(e.EntryType))).toBe(true);
  const all = JSON.stringify(entries());
  for (const secret of [password, 'xoxb-test-token', SIGNING_SECRET]) expect(all).not.toContain(secret);
  // The log files (stderr) hold the same lines.
  expect(http.app.output).toContain(error.Message);
});
