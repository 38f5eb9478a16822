// The lab plays the guide's whole deployment, at the cmdlet level: a fresh EXCH refuses Exchange
// setup until its features are in and it has restarted; -Restart is refused; Exchange 2013 has no
// Enable-OutlookAnywhere; OWA from outside answers only once every piece is in place.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { ROOT } from '../fixtures/app-process.ts';
import { labCalls, labState } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
let labDir: string;
const script = path.join(ROOT, 'test/powershell/deployment-lab.ps1');
const step = (host: 'WSE' | 'EXCH', name: string) => pool.run(host, { script, params: { Step: name } }, 60_000) as Promise<Record<string, unknown>>;

beforeAll(async () => {
  process.env.LAB_SETUP_SECONDS = '1'; // the shells inherit it
  // The guide's deployment by hand: an administrator's shell (the bot's deployment asks for these rights: D1).
  ({ pool, labDir } = labPool({ LAB_PRESET: 'fresh', LAB_ENFORCE_RBAC: 'false' }));
  await pool.warm('EXCH'); // the lab's files are made when its first shell starts
});
afterAll(() => pool.close());

it('runs Setup.exe only when Microsoft’s Authenticode signature on it is valid', async () => {
  const d3 = path.join(ROOT, 'jobs/deploy/scripts/d3-exchange-setup.ps1');
  const files = path.join(labDir, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(path.join(files, 'D__Unsigned_Setup.exe'), 'LAB-UNSIGNED');
  writeFileSync(path.join(files, 'D__Tampered_Setup.exe'), 'LAB-TAMPERED');
  writeFileSync(path.join(files, 'D__Other_Setup.exe'), 'LAB-SIGNED CN=Contoso Tools, O=Contoso Ltd, C=US');
  const setup = (SetupPath: string) =>
    pool.run('EXCH', { script: d3, params: { SetupPath, ExchangeVersion: '2013', Organization: 'First Organization' } }, 60_000);
  await expect(setup('D:\\Unsigned\\Setup.exe')).rejects.toThrow(/not a valid Microsoft one \(status NotSigned\)/);
  await expect(setup('D:\\Tampered\\Setup.exe')).rejects.toThrow(/status HashMismatch/);
  await expect(setup('D:\\Other\\Setup.exe')).rejects.toThrow(/status Valid, signed by CN=Contoso Tools/);
  expect(labCalls(labDir, 'EXCH').filter((c: any) => c.cmdlet === 'Start-Process')).toEqual([]);
});

it('goes from a fresh EXCH to OWA answering from outside, the guide’s way', async () => {
  expect(labState(labDir, 'EXCH').exchange.installed).toBe(false);
  expect(await step('EXCH', 'setup-too-early')).toEqual({ exitCode: 1 });
  expect(labState(labDir, 'EXCH').exchange.lastSetupError).toMatch(/^Prerequisite check failed/);
  await expect(step('EXCH', 'restart-switch')).rejects.toThrow(/never restarts from Add-WindowsFeature -Restart/);
  expect(await step('EXCH', 'features')).toEqual({ restartNeeded: 'Yes', pending: 4 });
  expect(await step('EXCH', 'setup-too-early')).toEqual({ exitCode: 1 }); // pending features do not count yet
  await step('EXCH', 'restart');
  await new Promise((r) => setTimeout(r, 1200));
  expect(await step('EXCH', 'setup')).toEqual({ exitCode: 0, server: 'Version 15.0 (Build 1497.2)' });
  const configured = await step('EXCH', 'configure');
  expect(configured.enableOA).toMatch(/The term 'Enable-OutlookAnywhere' is not recognized/);
  expect(configured.owaBeforeProxy).toMatch(/the reverse proxy on WSE does not serve this name/);
  expect(await step('WSE', 'wse')).toEqual({ owa: 200, mx: 'mail.contoso.com', port25: true });
  const exch = labState(labDir, 'EXCH');
  expect(exch.acceptedDomains.find((d: any) => d.Default).DomainName).toBe('contoso.com');
  expect(exch.mailboxes).toEqual([]);
  expect(labState(labDir, 'WSE')).toMatchObject({ exchangeIntegration: true, arr: { HostNames: ['mail.contoso.com', 'remote.contoso.com'] } });
  expect(labCalls(labDir, 'WSE').map((c) => c.cmdlet)).toEqual([
    'Add-ADGroupMember',
    'ARRConfig',
    'Add-DnsServerPrimaryZone',
    'Add-DnsServerResourceRecordA',
    'Enable-ExchangeIntegration',
  ]);
  expect(JSON.stringify(labCalls(labDir, 'WSE'))).not.toContain('pfx-pass');
});
