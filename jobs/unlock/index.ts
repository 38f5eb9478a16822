// unlock: find the mailbox → unlock its account (Unlock-ADAccount); an account that is not locked
// out is left as it is.
import { fileURLToPath } from 'node:url';
import { defineJob } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export const unlockJob = defineJob<{ identity: string }>({
  kind: 'unlock',
  role: 'exchange',
  steps: ({ identity }, _hosts, t = translator('en')) => [
    findMailboxStep(identity, t),
    {
      id: 'unlock',
      title: t('unlock:title'),
      script: script('unlock-user'),
      params: { Identity: identity },
      probe: { script: script('test-unlocked'), params: { Identity: identity } },
      outcome: (r: { Name: string; Enabled: boolean }) => t(r.Enabled ? 'unlock:outcome' : 'unlock:outcomeDisabled', { name: r.Name }),
    },
  ],
});
