// The newcomer's path: nothing configured, commands piped into the console, the lab as target and
// a private Redis that the program starts and stops itself. At end of input it waits, then exits 0.
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startApp } from '../fixtures/app-process.ts';
import { mailbox } from '../fixtures/lab.ts';

it('runs add-user from piped console input and exits 0 when the jobs are done', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatops-console-'));
  const app = startApp({ DATA_DIR: dataDir }, '/exchange help\n/exchange add-user Frank 2GB\n/exchange add-user Fr@nk\n');
  expect(await app.exited).toBe(0);
  const out = app.output;
  expect(out).toContain('/exchange add-user <name> [quota]');
  expect(out).toMatch(/● #1 Queued: add-user Frank \(2 GB\)/);
  expect(out).toMatch(/#1 │ ✅ 2\/4 Create the mailbox: created Frank <Frank@contoso\.com>/);
  expect(out).toMatch(/\(only you can see this\) Initial password for \*Frank\*.*`[^`]{16}`/);
  expect(out).toMatch(/● #1 Done: add-user Frank \(2 GB\) in [\d.]+ s/);
  expect(out).toContain('*name* must be one word');
  expect(out).not.toMatch(/"level":"info"/); // the console is the chat: no info logs in it
  expect(mailbox(path.join(dataDir, 'lab'), 'Frank').ProhibitSendReceiveQuota).toBe('2 GB (2,147,483,648 bytes)');
  expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true); // its own Redis, with AOF
});

it('asks approvals at the prompt: the next line answers, and an unanswered one is denied at end of input', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatops-console-'));
  const app = startApp(
    { DATA_DIR: dataDir },
    '/exchange add-user Frank\n/exchange add-user Grace\n/exchange remove-user Frank\ny\n/exchange remove-user Grace\n',
  );
  expect(await app.exited).toBe(0);
  const out = app.output;
  expect(out).toMatch(/Approve “Delete the mailbox and the account of \*Frank\* \(Frank@contoso\.com\).*”\? \[y\/N\]\n\? y/);
  expect(out).toMatch(/Approved by you at \d\d:\d\d UTC/);
  expect(out).toMatch(/● #3 Done: remove-user Frank/);
  expect(out).toContain('End of input: the request is denied.');
  expect(out).toMatch(/● #4 Cancelled: remove-user Grace/);
  const lab = path.join(dataDir, 'lab');
  expect(mailbox(lab, 'Frank')).toBeUndefined();
  expect(mailbox(lab, 'Grace')).toBeDefined();
});
