// set-alias: find the mailbox → change its alias; the primary address follows the policy and the
// old one stays as a secondary address.
import { fileURLToPath } from 'node:url';
import { defineJob } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface SetAliasParams {
  identity: string;
  alias: string;
}

export const setAliasJob = defineJob<SetAliasParams>({
  kind: 'set-alias',
  role: 'exchange',
  steps: ({ identity, alias }, _hosts, t = translator('en')) => [
    findMailboxStep(identity, t),
    {
      id: 'set-alias',
      title: t('set-alias:title'),
      script: script('set-alias'),
      params: { Identity: identity, Alias: alias },
      probe: { script: script('test-alias'), params: { Identity: identity, Alias: alias } },
      outcome: (r: { PrimarySmtpAddress: string; OldAddress: string }) => t('set-alias:outcome', { address: r.PrimarySmtpAddress, old: r.OldAddress }),
    },
  ],
});
