// Every PowerShell file we ship parses, runs on Windows PowerShell 5.1 (no syntax from 7), and
// never evaluates text as code. PowerShell's own parser decides, not a regex.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { ROOT } from '../fixtures/app-process.ts';
import { labPool } from '../fixtures/lab-pool.ts';
import { psFiles } from '../fixtures/ps-files.ts';

let pool: PowerShellPool;
const checker = path.join(ROOT, 'test/powershell/check-syntax.ps1');
beforeAll(() => ({ pool } = labPool()));
afterAll(() => pool.close());

it('ships only PowerShell that Windows PowerShell 5.1 can run, and no Invoke-Expression', async () => {
  const files = psFiles('src', 'jobs');
  expect(files.length).toBeGreaterThan(8);
  const result = (await pool.run('EXCH', { script: checker, params: { Path: files } }, 60_000)) as { files: number; problems: string[] };
  expect(result.files).toBe(files.length);
  expect(result.problems).toEqual([]);
});

it('the checker does catch PowerShell 7 syntax and code evaluation', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-syntax-'));
  const bad = path.join(dir, 'bad.ps1');
  writeFileSync(
    bad,
    ['$a = $null ?? 1', '$b = $true ? 1 : 2', 'Get-Item x && Get-Item y', '$j | ConvertFrom-Json -AsHashtable', 'Invoke-Expression $t', '${c}?.Length'].join(
      '\n',
    ),
  );
  const result = (await pool.run('EXCH', { script: checker, params: { Path: [bad] } }, 60_000)) as { problems: string[] };
  expect(result.problems.join('\n')).toMatch(/QuestionQuestion|BinaryExpressionAst/);
  expect(result.problems.join('\n')).toMatch(/TernaryExpressionAst/);
  expect(result.problems.join('\n')).toMatch(/PipelineChainAst/);
  expect(result.problems.join('\n')).toMatch(/AsHashtable/);
  expect(result.problems.join('\n')).toMatch(/Invoke-Expression/);
  expect(result.problems.join('\n')).toMatch(/MemberExpressionAst/);
});
