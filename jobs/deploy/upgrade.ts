// deploy upgrade: Exchange 2019 CU14/CU15 → Exchange Server SE in place (setup /mode:Upgrade from
// the SE media), behind an approval, resumable like the deployment: the prerequisites SE checks,
// the upgrade, the restart it asks for. 2016 → SE is a migration, which the bot does not automate.
// Setup extends the schema and needs Organization Management: the deployment's rights, asked for
// after the guard and given back last (also on failure or cancel), as for the deployment.
import { fileURLToPath } from 'node:url';
import type { HostMap } from '../../src/engine/hosts.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import { translator, type Translate } from '../../src/i18n/i18n.ts';
import { restartStep } from '../reboot/index.ts';
import { DEPLOY_PROFILE, type Profile } from './profile.ts';
import { deploymentRightsStep, giveBackRightsStep, RIGHTS_BACK_STEP, RIGHTS_STEP } from './rights.ts';
import { VERSIONS } from './versions.ts';

const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}.ps1`, import.meta.url));

export interface UpgradeParams {
  profile: Profile;
}

/** Why the bot will not upgrade from what the profile says EXCH runs (in `t`'s language), or undefined. */
export function upgradeRefusal(version: Profile['exchangeVersion'], t: Translate = translator('en')): string | undefined {
  if (version === '2019') return undefined;
  if (version === 'SE') return t('deploy:upgrade.refuseSE');
  if (version === '2016') return t('deploy:upgrade.refuse2016');
  return t('deploy:upgrade.refuseOld', { version });
}

export function upgradeSteps(p: UpgradeParams, hosts: HostMap, t: Translate = translator('en')): StepDefinition[] {
  const pr = p.profile;
  const exch = hosts.hostFor('exchange');
  const steps: StepDefinition[] = [
    {
      id: 'U0',
      title: t('deploy:upgrade.steps.U0', { host: exch }),
      role: 'exchange',
      script: script('guard-upgrade'),
      params: {},
      outcome: (r) => t('deploy:outcomes.runs', { host: exch, what: r.build }),
    },
    deploymentRightsStep(hosts.hostFor('domain-controller'), t, 'U0'),
    ...VERSIONS.SE.prerequisites.map(
      (q): StepDefinition => ({
        id: q.step,
        title: t('deploy:steps.prerequisite', { title: q.title }),
        role: 'exchange',
        script: script('d2-prerequisite'),
        params: { Prerequisite: q.id, PrerequisitesPath: pr.prerequisitesPath ?? '' },
        outcome: (r) =>
          r.installed ? t('deploy:outcomes.prerequisiteInstalled', { title: q.title }) : t('deploy:outcomes.prerequisiteThere', { title: q.title }),
      }),
    ),
    {
      id: 'U1',
      title: t('deploy:upgrade.steps.U1'),
      role: 'exchange',
      script: script('upgrade-se'),
      params: { SetupPath: pr.setupPath ?? '', DiagnosticData: pr.diagnosticData },
      approval: {
        what: () => t('deploy:upgrade.approval', { host: exch }),
        confirm: true,
      },
      progress: t('deploy:upgrade.progress'),
      timeoutMs: 4 * 3600 * 1000,
      outcome: (r) => t('deploy:outcomes.runs', { host: exch, what: r.version }),
    },
    {
      ...restartStep(exch, t('deploy:upgrade.why'), 'exchange', t),
      id: 'U1-restart',
      title: t('deploy:upgrade.steps.U1restart', { host: exch }),
      skipIf: (r) => (r.U1?.upgraded ? undefined : t('deploy:upgrade.nothingUpgraded')),
    },
  ];
  steps.push(giveBackRightsStep(t));
  const noProbe = new Set(['U0', RIGHTS_STEP, RIGHTS_BACK_STEP]);
  return steps.map((s) => (s.probe || s.reboots || noProbe.has(s.id) ? s : { ...s, probe: { script: s.script, params: { ...s.params, Probe: true } } }));
}

export const deployUpgradeJob = defineJob<UpgradeParams>({
  kind: 'deploy-upgrade',
  role: 'exchange',
  steps: upgradeSteps,
  // The Exchange server runs SE now: later deployments and checks use SE's step list.
  onDone: async ({ settings }) => settings.set(`${DEPLOY_PROFILE}exchange-version`, 'SE'),
});
