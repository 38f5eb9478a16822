// set-alias: find the mailbox → change its alias; the primary address follows the policy and the
// old one stays as a secondary address.
import { fileURLToPath } from 'node:url';
import { defineJob } from '../../src/engine/job-definition.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface SetAliasParams {
  identity: string;
  alias: string;
}

export const setAliasJob = defineJob<SetAliasParams>({
  kind: 'set-alias',
  role: 'exchange',
  steps: ({ identity, alias }) => [
    findMailboxStep(identity),
    {
      id: 'set-alias',
      title: 'Change the alias',
      script: script('set-alias'),
      params: { Identity: identity, Alias: alias },
      probe: { script: script('test-alias'), params: { Identity: identity, Alias: alias } },
      outcome: (r: { PrimarySmtpAddress: string; OldAddress: string }) => `new address ${r.PrimarySmtpAddress}; ${r.OldAddress} still delivers`,
    },
  ],
});
