// set-quota: find the mailbox → set its quotas (or hand it back to the database's defaults).
// quotaStep() is also add-user's quota step: one place for how a quota is applied.
import { fileURLToPath } from 'node:url';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import { translator, type Translate } from '../../src/i18n/i18n.ts';
import { describeQuota, quotaLimits, type Quota } from '../../src/exchange/size.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

/** A quota, or 'off': the mailbox's own limits removed (database defaults, the three quotas Unlimited). */
export type QuotaSetting = Quota | 'off';

export function quotaStep(identity: string, setting: QuotaSetting, t: Translate = translator('en')): StepDefinition {
  const off = setting === 'off';
  const limits = quotaLimits(off ? { unlimited: true } : setting);
  const params = { Identity: identity, ...limits, UseDatabaseQuotaDefaults: off };
  return {
    id: 'set-quota',
    title: off ? t('set-quota:steps.removeQuota') : t('set-quota:steps.setQuota'),
    script: script('set-quota'),
    params,
    probe: { script: script('test-quota'), params },
    outcome: () =>
      off
        ? t('set-quota:outcomes.databaseDefaults')
        : setting.unlimited
          ? t('set-quota:outcomes.noSizeLimit')
          : t('set-quota:outcomes.set', { quota: describeQuota(setting, t.lang) }),
  };
}

export interface SetQuotaParams {
  identity: string;
  quota: QuotaSetting;
}

export const setQuotaJob = defineJob<SetQuotaParams>({
  kind: 'set-quota',
  role: 'exchange',
  steps: ({ identity, quota }, _hosts, t) => [findMailboxStep(identity, t), quotaStep(identity, quota, t)],
});
