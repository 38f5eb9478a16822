// remove-user: find the one mailbox meant → (approval) remove it and its AD account, or with
// --keep-account only the mailbox. The thread shows what was removed.
import { fileURLToPath } from 'node:url';
import { escapeSlack } from '../../src/chat/escape.ts';
import { defineJob } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
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
  steps: ({ identity, keepAccount }, _hosts, t = translator('en')) => [
    findMailboxStep(identity, t),
    {
      id: 'remove-mailbox',
      title: keepAccount ? t('remove-user:steps.disable') : t('remove-user:steps.remove'),
      script: script('remove-user-mailbox'),
      params: { Identity: identity, KeepAccount: keepAccount },
      probe: { script: script('test-mailbox-gone'), params: { Identity: identity } },
      approval: {
        what: (results) => {
          const found = results['find-mailbox'] as Found | undefined;
          const who = found ? `*${escapeSlack(found.Name)}* (${escapeSlack(found.PrimarySmtpAddress)})` : `*${escapeSlack(identity)}*`;
          return keepAccount ? t('remove-user:approval.disable', { who }) : t('remove-user:approval.remove', { who });
        },
        confirm: true,
      },
      outcome: (r: Found & { AccountRemoved: boolean }) =>
        t(r.AccountRemoved ? 'remove-user:outcomes.removed' : 'remove-user:outcomes.disabled', {
          name: r.Name,
          addresses: r.EmailAddresses.map((a) => a.replace(/^smtp:/i, '')).join(', '),
        }),
    },
  ],
});
