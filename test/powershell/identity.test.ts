// Identities as Exchange resolves them: `*` is a wildcard for Get-* cmdlets, and a name that fits
// several objects "matches multiple entries" (an error, which -ErrorAction SilentlyContinue would
// turn into "nothing found"). The lab answers so; the add-user scripts compare every name exactly
// and never hand a name to -Identity, so an ambiguous or wildcard name is never taken for free.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addUserJob } from '../../jobs/add-user/index.ts';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { LAB_HOST_MAP } from '../../src/targets/lab-hosts.ts';
import { ROOT } from '../fixtures/app-process.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
const T = 30_000;
const helper = path.join(ROOT, 'test/powershell/lab-identity.ps1');
const lab = (params: Record<string, unknown>) => pool.run('EXCH', { script: helper, params }, T) as Promise<any>;
const addUserStep = (name: string, alias: string, id: string) =>
  addUserJob.steps({ name, alias, samAccountName: name.toLowerCase(), quota: null }, LAB_HOST_MAP).find((s) => s.id === id)!;
const run = (name: string, alias: string, id: string) => {
  const step = addUserStep(name, alias, id);
  return pool.run('EXCH', { script: step.script, params: step.params }, T);
};

beforeAll(async () => {
  ({ pool } = labPool());
  await lab({ Action: 'NewMailbox', Name: 'Fred', Alias: 'Frank' }); // alias Frank
  await lab({ Action: 'NewMailbox', Name: 'Frank', Alias: 'fbrown' }); // name Frank
});
afterAll(() => pool.close());

it('the lab answers an ambiguous identity with "matches multiple entries", as Exchange does', async () => {
  expect(await lab({ Action: 'GetMailbox', Identity: 'Frank' })).toEqual({
    names: [],
    errors: ["The operation couldn't be performed because 'Frank' matches multiple entries."],
  });
});

it('the lab takes * in an identity as a wildcard, as Exchange does', async () => {
  expect((await lab({ Action: 'GetMailbox', Identity: 'Fr*' })).names).toEqual(['Frank', 'Fred']);
});

it('the name check does not read an ambiguous name as free', async () => {
  await expect(run('Zoe', 'Frank', 'check-free')).rejects.toThrow(/the alias Frank is already used by Fred/);
});

it('the name check and the probe compare exactly: a wildcard alias matches no one else', async () => {
  await expect(run('Zoe', 'Fr*', 'check-free')).resolves.toEqual({ free: true });
  const probe = addUserStep('Zoe', 'Fr*', 'create-mailbox').probe!;
  expect(await pool.run('EXCH', probe, T)).toEqual({ done: false });
});
