// The deployment's rights, held only while it runs: its first changing step (the guide's D1,
// "Enterprise Admins membership") asks for Schema Admins, Enterprise Admins and, where Exchange has
// made it, Organization Management, behind an approval; its last step gives back what the run
// added (the groups the account held before stay). The engine runs that last step also when a
// step fails or the job is cancelled (`undoes`), and a retry asks for the rights again.
// `status` warns while a job holds them (a done step whose cleanup step has not run: JobStore.holding).
import { fileURLToPath } from 'node:url';
import type { Translate } from '../../src/i18n/i18n.ts';
import type { StepDefinition } from '../../src/engine/job-definition.ts';

// A deployment step (index.ts's DeployStep, which imports this file) with its plan's words.
type RightsStep = StepDefinition & { plan: { when: string } };

export const RIGHTS_STEP = 'D1';
export const RIGHTS_BACK_STEP = 'D1-back';
/** The groups the deployment needs, as Active Directory names them. */
export const DEPLOYMENT_GROUPS = ['Schema Admins', 'Enterprise Admins', 'Organization Management'] as const;

const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}.ps1`, import.meta.url));

interface Granted {
  account: string;
  held: string[];
  added: string[];
}

/** `guard`: the step whose answer names the account the worker runs as on the Exchange server. */
export function deploymentRightsStep(dc: string, t: Translate, guard: string): RightsStep {
  const tr = (key: string, vars?: Record<string, unknown>) => t(`rights:${key}`, vars);
  return {
    id: RIGHTS_STEP,
    title: tr('deploy.grantTitle'),
    role: 'domain-controller',
    script: script('rights-grant'),
    params: {},
    // The account Exchange setup runs as (the worker's, on EXCH), not whoever this runs as on the DC.
    paramsFrom: (results) => {
      const account = (results[guard] as { account?: string } | undefined)?.account;
      return account ? { Account: account } : {};
    },
    approval: { what: () => tr('deploy.grantApproval', { dc }), confirm: true },
    plan: { when: tr('deploy.planEveryRun') },
    outcome: (r: Granted) =>
      r.added.length
        ? tr('deploy.granted', { account: r.account, groups: r.added.join(', ') })
        : tr('deploy.alreadyHeld', { account: r.account, groups: r.held.join(', ') }),
  };
}

export function giveBackRightsStep(t: Translate): RightsStep {
  const tr = (key: string, vars?: Record<string, unknown>) => t(`rights:${key}`, vars);
  return {
    id: RIGHTS_BACK_STEP,
    title: tr('deploy.revokeTitle'),
    role: 'domain-controller',
    script: script('rights-revoke'),
    params: {},
    // Only what this run added is taken back: the groups held before are kept.
    paramsFrom: (results) => {
      const granted = results[RIGHTS_STEP] as Granted | undefined;
      return { Keep: granted?.held ?? [...DEPLOYMENT_GROUPS], ...(granted?.account ? { Account: granted.account } : {}) };
    },
    undoes: RIGHTS_STEP,
    plan: { when: tr('deploy.planEnd') },
    outcome: (r: { account: string; removed: string[] }) =>
      r.removed.length ? tr('deploy.revoked', { account: r.account, groups: r.removed.join(', ') }) : tr('deploy.nothingToRevoke', { account: r.account }),
  };
}
