// remove-user: find the one mailbox meant → (approval) remove it and its AD account, or with
// --keep-account only the mailbox. The thread shows what was removed.
import { fileURLToPath } from 'node:url';
import { escapeSlack } from '../../src/chat/escape.ts';
import { defineJob } from '../../src/engine/job-definition.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface RemoveUserParams {
  identity: string;
  keepAccount: boolean;
}

interface Found {
  Name: string;
  PrimarySmtpAddress: string;
  EmailAddresses: string[];
}

export const removeUserJob = defineJob<RemoveUserParams>({
  kind: 'remove-user',
  role: 'exchange',
  steps: ({ identity, keepAccount }) => [
    findMailboxStep(identity),
    {
      id: 'remove-mailbox',
      title: keepAccount ? 'Disable the mailbox (keep the account)' : 'Remove the mailbox and its account',
      script: script('remove-user-mailbox'),
      params: { Identity: identity, KeepAccount: keepAccount },
      probe: { script: script('test-mailbox-gone'), params: { Identity: identity } },
      approval: {
        what: (results) => {
          const found = results['find-mailbox'] as Found | undefined;
          const who = found ? `*${escapeSlack(found.Name)}* (${escapeSlack(found.PrimarySmtpAddress)})` : `*${escapeSlack(identity)}*`;
          return keepAccount
            ? `Disable the mailbox of ${who}: its mail and addresses are deleted, the account stays.`
            : `Delete the mailbox and the account of ${who}: mail, addresses and sign-in are gone for good.`;
        },
        confirm: true,
      },
      outcome: (r: Found & { AccountRemoved: boolean }) =>
        `removed ${r.Name}'s mailbox (${r.EmailAddresses.map((a) => a.replace(/^smtp:/i, '')).join(', ')})${r.AccountRemoved ? ' and account' : '; the account stays'}`,
    },
  ],
});
