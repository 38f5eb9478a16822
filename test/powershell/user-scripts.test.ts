// The user scripts with real pwsh against the lab: hostile text as identities and filters is only
// ever compared, never run; and the pieces the e2e tests do not reach.
import { queryCall } from '../../src/engine/steps/query-runner.ts';
import { LAB_HOST_MAP } from '../../src/targets/lab-hosts.ts';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findMailboxStep, userCardQuery } from '../../jobs/user-card/index.ts';
import { userListQuery } from '../../jobs/user-list/index.ts';
import { setAliasJob } from '../../jobs/set-alias/index.ts';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { labCalls } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
let labDir: string;
beforeAll(() => ({ pool, labDir } = labPool()));
afterAll(() => pool.close());

const canary = path.join(os.tmpdir(), `chatops-ps-canary-${process.pid}`);
const hostile = [
  `x'; New-Item ${canary}; '`,
  `$(New-Item ${canary})`,
  `x\u2019; New-Item ${canary}; \u2018`,
  `x\u201D; New-Item ${canary}; \u201C`,
  `*`,
  `\`$(New-Item ${canary})`,
  `$env:PATH`,
  `x\nNew-Item ${canary}`,
];

it('treats hostile identities and filters as text to compare', async () => {
  for (const text of hostile) {
    await expect(pool.run('EXCH', { script: findMailboxStep(text).script, params: { Identity: text } }, 30_000)).rejects.toThrow(`No mailbox is named ${text}`);
    await expect(pool.run('EXCH', queryCall(userCardQuery, { identity: text }, LAB_HOST_MAP), 30_000)).rejects.toThrow(/No mailbox is named/);
    expect(await pool.run('EXCH', queryCall(userListQuery, { filter: text.slice(0, 64) }, LAB_HOST_MAP), 30_000)).toEqual({ mailboxes: [] });
    const alias = setAliasJob.steps({ identity: text, alias: 'x' }, LAB_HOST_MAP)[1]!;
    await expect(pool.run('EXCH', { script: alias.script, params: alias.params }, 30_000)).rejects.toThrow(/No mailbox is named/);
  }
  expect(existsSync(canary)).toBe(false);
  expect(labCalls(labDir, 'EXCH').filter((c) => c.cmdlet !== 'New-Mailbox')).toEqual([]);
});

it('a wildcard is not a wildcard: "*" matches no mailbox, while the list without filter has them all', async () => {
  const all = (await pool.run('EXCH', queryCall(userListQuery, { filter: '' }, LAB_HOST_MAP), 30_000)) as { mailboxes: { Name: string }[] };
  expect(all.mailboxes.map((m) => m.Name)).toContain('Administrator');
});
