// Every PowerShell file carries comment-based help: .SYNOPSIS, a .PARAMETER for each parameter,
// and a type on each parameter. PowerShell's own parser reads it (GetHelpContent), not a regex.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { ROOT } from '../fixtures/app-process.ts';
import { labPool } from '../fixtures/lab-pool.ts';
import { psFiles } from '../fixtures/ps-files.ts';

let pool: PowerShellPool;
const checker = path.join(ROOT, 'test/powershell/check-help.ps1');
beforeAll(() => ({ pool } = labPool()));
afterAll(() => pool.close());

const check = async (files: string[]) =>
  (await pool.run('EXCH', { script: checker, params: { Path: files } }, 60_000)) as { files: number; problems: string[] };

it('every .ps1 has .SYNOPSIS, a .PARAMETER for each parameter, and typed parameters', async () => {
  const files = psFiles('src', 'jobs', 'scripts', 'test');
  expect(files.length).toBeGreaterThan(50);
  const result = await check(files);
  expect(result.files).toBe(files.length);
  expect(result.problems).toEqual([]);
});

it('the checker catches a missing synopsis, an undocumented parameter and an untyped one', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-help-'));
  const noSynopsis = path.join(dir, 'no-synopsis.ps1');
  writeFileSync(noSynopsis, 'param([string]$A)\n$A\n');
  const undocumented = path.join(dir, 'undocumented.ps1');
  writeFileSync(undocumented, '<#\n.SYNOPSIS\n    Does a thing.\n.PARAMETER A\n    A thing.\n#>\nparam([string]$A, $B)\n$A\n');
  const result = await check([noSynopsis, undocumented]);
  expect(result.problems).toEqual([`${noSynopsis}: no .SYNOPSIS`, `${undocumented}: no .PARAMETER B`, `${undocumented}: parameter B has no type`]);
});
