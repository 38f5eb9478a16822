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
const SCRIPTS = ['install-worker.ps1', 'uninstall-worker.ps1'].map((f) => path.join(ROOT, 'scripts/windows', f));
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
