// A job whose command the roles file marks as needing an approval gets one engine step first: its
// approval, asked before any of the job's own steps runs, decided like any other (four eyes, once).
import type { JobData } from '../job-data.ts';
import type { StepDefinition } from '../job-definition.ts';
import { t } from '../../i18n/i18n.ts';

export const REQUIRED_APPROVAL_STEP = 'approval';

export function withRequiredApproval(steps: StepDefinition[], data: Pick<JobData, 'approval'>): StepDefinition[] {
  const what = data.approval;
  if (!what) return steps;
  const gate: StepDefinition = {
    id: REQUIRED_APPROVAL_STEP,
    title: t('en', 'roles:approvalStep'), // LANG: CHANNEL_LANGUAGE
    script: '',
    params: {},
    gateOnly: true,
    approval: { what: () => what },
    outcome: ({ approvedBy }) => t('en', 'roles:approved', { user: `<@${approvedBy}>` }),
  };
  return [gate, ...steps];
}
