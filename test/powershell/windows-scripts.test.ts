// The scripts an administrator runs on the servers (scripts/windows): parsed as Windows PowerShell
// 5.1 would need them (no PowerShell 7 syntax), and every cmdlet and parameter they call is in the
// repository's reference list of documented 5.1 cmdlets (scripts/windows/reference-cmdlets-5.1.json).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { labPool } from '../fixtures/lab-pool.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const INSTALL = path.join(ROOT, 'scripts/windows/install-worker.ps1');
const SCRIPTS = [INSTALL, path.join(ROOT, 'scripts/windows/uninstall-worker.ps1')];
const ALL = [...SCRIPTS, path.join(ROOT, 'scripts/windows/grant-bot-rights.ps1'), path.join(ROOT, 'scripts/rights/read-scripts.ps1')];
let pool: PowerShellPool;
beforeAll(() => ({ pool } = labPool()));
afterAll(() => pool.close());

it('parse without PowerShell 7 syntax, Invoke-Expression, or parse errors', async () => {
  const result = (await pool.run('EXCH', { script: path.join(ROOT, 'test/powershell/check-syntax.ps1'), params: { Path: ALL } }, 60_000)) as {
    files: number;
    problems: string[];
  };
  expect(result.files).toBe(ALL.length);
  expect(result.problems).toEqual([]);
});

it('call only cmdlets and parameters of the 5.1 reference list', () => {
  const reference = JSON.parse(readFileSync(path.join(ROOT, 'scripts/windows/reference-cmdlets-5.1.json'), 'utf8')) as Record<string, string[]>;
  const list = path.join(mkdtempSync(path.join(os.tmpdir(), 'chatops-winscripts-')), 'list.txt');
  writeFileSync(list, SCRIPTS.join('\n'));
  const out = execFileSync(inject('pwsh'), ['-NoProfile', '-NonInteractive', '-File', path.join(ROOT, 'scripts/rights/read-scripts.ps1'), '-ListFile', list], {
    encoding: 'utf8',
  });
  const parsed = JSON.parse(out) as {
    files: {
      path: string;
      errors: string[];
      problems: string[];
      functions: string[];
      commands: { name: string; line: number; parameters: Record<string, unknown> }[];
    }[];
  };
  const unknown: string[] = [];
  let calls = 0;
  for (const file of parsed.files) {
    expect(file.errors).toEqual([]);
    expect(file.problems).toEqual([]);
    for (const c of file.commands) {
      if (file.functions.includes(c.name)) continue;
      calls++;
      const known = reference[c.name];
      if (!known) {
        unknown.push(`${path.basename(file.path)}:${c.line} ${c.name}`);
        continue;
      }
      for (const p of Object.keys(c.parameters))
        if (!['ErrorAction', 'WarningAction', 'Verbose', 'Debug', 'ErrorVariable'].includes(p) && !known.includes(p))
          unknown.push(`${path.basename(file.path)}:${c.line} ${c.name} -${p}`);
    }
  }
  expect(calls).toBeGreaterThan(40);
  expect(unknown).toEqual([]);
});

it('install-worker.ps1 gives its folder and its secret files a protected ACL before writing them', () => {
  const out = execFileSync(
    inject('pwsh'),
    [
      '-NoProfile',
      '-NonInteractive',
      '-File',
      path.join(ROOT, 'test/powershell/check-install-acl.ps1'),
      '-Path',
      INSTALL,
      '-InstallFolder',
      '/srv/ChatOpsBot',
      '-Account',
      'CONTOSO\\svc-chatops$',
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out) as {
    errors: string[];
    plan: unknown[];
    rulesValid: boolean;
    passwords: string[];
    writes: { command: string; function: string }[];
    writerOrder: string[];
    aclProtects: boolean;
    aclSets: boolean;
    protectedWrites: { entry: string; value: string }[];
  };
  expect(r.errors).toEqual([]);
  // Administrators and SYSTEM by SID; the account reads the app, modifies data and logs, reads its
  // two secret files (WinSW, running as the account, reads its XML at each start). No other rule:
  // nothing inherited from C:\ (Users: read).
  const [system, admins, account, tree] = ['S-1-5-18', 'S-1-5-32-544', 'CONTOSO\\svc-chatops$', 'ContainerInherit, ObjectInherit'];
  const rule = (Identity: string, Rights: string, Inheritance: string) => ({ Identity, Rights, Inheritance, Propagation: 'None' });
  const secret = [rule(system, 'FullControl', 'None'), rule(admins, 'FullControl', 'None'), rule(account, 'Read', 'None')];
  expect(r.plan).toEqual([
    {
      Path: '/srv/ChatOpsBot',
      Container: true,
      Protected: true,
      Rules: [rule(system, 'FullControl', tree), rule(admins, 'FullControl', tree), rule(account, 'ReadAndExecute', tree)],
    },
    { Path: '/srv/ChatOpsBot/data', Container: true, Protected: false, Rules: [rule(account, 'Modify', tree)] },
    { Path: '/srv/ChatOpsBot/logs', Container: true, Protected: false, Rules: [rule(account, 'Modify', tree)] },
    { Path: '/srv/ChatOpsBot/ChatOpsBot.xml', Container: false, Protected: true, Rules: secret },
    { Path: '/srv/ChatOpsBot/app/.env', Container: false, Protected: true, Rules: secret },
  ]);
  expect(r.rulesValid).toBe(true);
  // The script writes files only through Write-ProtectedFile, which sets the ACL (protected, by
  // Set-Acl) before the content; it writes the WinSW XML and the .env so.
  expect(r.writes).toEqual([{ command: 'Set-Content', function: 'Write-ProtectedFile' }]);
  expect(r.writerOrder.indexOf('Set-WorkerAcl')).toBeGreaterThanOrEqual(0);
  expect(r.writerOrder.indexOf('Set-WorkerAcl')).toBeLessThan(r.writerOrder.indexOf('Set-Content'));
  expect(r.aclProtects && r.aclSets).toBe(true);
  expect(r.protectedWrites).toEqual([
    { entry: '$planFor[$xmlPath]', value: '$xml' },
    { entry: '$planFor[$envFile]', value: '$lines' },
  ]);
  // The named account's password: 40 random characters of four classes, none XML or %-expansion would touch.
  expect(new Set(r.passwords).size).toBe(3);
  for (const p of r.passwords) {
    expect(p).toMatch(/^[A-Za-z0-9\-_.!#*+=?@~]{40}$/);
    for (const cls of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(p).toMatch(cls);
  }
});
