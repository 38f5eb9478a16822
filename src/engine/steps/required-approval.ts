// A job whose command the roles file marks as needing an approval gets one engine step first: its
// approval, asked before any of the job's own steps runs, decided like any other (four eyes, once).
import type { Translate } from '../../i18n/i18n.ts';
import type { JobData } from '../job-data.ts';
import type { StepDefinition } from '../job-definition.ts';

export const REQUIRED_APPROVAL_STEP = 'approval';

/** `t` speaks the card's language (the job's channel). */
export function withRequiredApproval(steps: StepDefinition[], data: Pick<JobData, 'approval'>, t: Translate): StepDefinition[] {
  const what = data.approval;
  if (!what) return steps;
  const gate: StepDefinition = {
    id: REQUIRED_APPROVAL_STEP,
    title: t('roles:approvalStep'),
    script: '',
    params: {},
    gateOnly: true,
    approval: { what: () => what },
    outcome: ({ approvedBy }) => t('roles:approved', { user: `<@${approvedBy}>` }),
  };
  return [gate, ...steps];
}
