// deploy upgrade: Exchange 2019 CU14/CU15 → Exchange Server SE in place (setup /mode:Upgrade from
// the SE media), behind an approval, resumable like the deployment: the prerequisites SE checks,
// the upgrade, the restart it asks for. 2016 → SE is a migration, which the bot does not automate.
import { fileURLToPath } from 'node:url';
import type { HostMap } from '../../src/engine/hosts.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import { restartStep } from '../reboot/index.ts';
import { DEPLOY_PROFILE, type Profile } from './profile.ts';
import { VERSIONS } from './versions.ts';

const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}.ps1`, import.meta.url));

export interface UpgradeParams {
  profile: Profile;
}

/** Why the bot will not upgrade from what the profile says EXCH runs, or undefined. */
export function upgradeRefusal(version: Profile['exchangeVersion']): string | undefined {
  if (version === '2019') return undefined;
  if (version === 'SE') return 'The profile says the Exchange server runs Exchange Server SE already: nothing to upgrade (`/exchange status` shows its build).';
  if (version === '2016')
    return 'Exchange 2016 cannot be upgraded in place to Exchange Server SE: it is a migration (a new server with SE, mailboxes moved to it, then Exchange 2016 uninstalled), which the bot does not automate.';
  return `Exchange ${version} cannot be upgraded to Exchange Server SE: SE upgrades in place only from Exchange 2019 CU14 or CU15.`;
}

export function upgradeSteps(p: UpgradeParams, hosts: HostMap): StepDefinition[] {
  const pr = p.profile;
  const exch = hosts.hostFor('exchange');
  const steps: StepDefinition[] = [
    {
      id: 'U0',
      title: `Check ${exch} runs Exchange 2019 CU14 or CU15`,
      role: 'exchange',
      script: script('guard-upgrade'),
      params: {},
      outcome: (r) => `${exch} runs ${r.build}`,
    },
    ...VERSIONS.SE.prerequisites.map(
      (q): StepDefinition => ({
        id: q.step,
        title: `Prerequisite: ${q.title}`,
        role: 'exchange',
        script: script('d2-prerequisite'),
        params: { Prerequisite: q.id, PrerequisitesPath: pr.prerequisitesPath ?? '' },
        outcome: (r) => (r.installed ? `${q.title} installed` : `${q.title} was installed`),
      }),
    ),
    {
      id: 'U1',
      title: 'Upgrade to Exchange Server SE (setup /mode:Upgrade)',
      role: 'exchange',
      script: script('upgrade-se'),
      params: { SetupPath: pr.setupPath ?? '', DiagnosticData: pr.diagnosticData },
      approval: {
        what: () =>
          `Upgrade *${exch}* to *Exchange Server SE* in place: Exchange stops during setup (an hour or more on a real server); mail waits at the sender.`,
        confirm: true,
      },
      progress: 'Exchange setup /mode:Upgrade is running',
      timeoutMs: 4 * 3600 * 1000,
      outcome: (r) => `${exch} runs ${r.version}`,
    },
    {
      ...restartStep(exch, 'the upgrade asks for it', 'exchange'),
      id: 'U1-restart',
      title: `Restart ${exch} after the upgrade`,
      skipIf: (r) => (r.U1?.upgraded ? undefined : 'nothing was upgraded in this run'),
    },
  ];
  return steps.map((s) => (s.probe || s.reboots || s.id === 'U0' ? s : { ...s, probe: { script: s.script, params: { ...s.params, Probe: true } } }));
}

export const deployUpgradeJob = defineJob<UpgradeParams>({
  kind: 'deploy-upgrade',
  role: 'exchange',
  steps: upgradeSteps,
  // The Exchange server runs SE now: later deployments and checks use SE's step list.
  onDone: async ({ settings }) => settings.set(`${DEPLOY_PROFILE}exchange-version`, 'SE'),
});
