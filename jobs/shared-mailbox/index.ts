// Shared mailboxes and rights: shared-mailbox add (New-Mailbox -Shared, members get Full Access
// and Send As), grant (one approval: it gives access to someone else's mail), revoke (what was
// there before is kept in the result and the audit), and the question behind `permissions`.
import { fileURLToPath } from 'node:url';
import { escapeSlack } from '../../src/chat/escape.ts';
import { defineJob, defineQuery } from '../../src/engine/job-definition.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export type MailboxRight = 'full-access' | 'send-as' | 'send-on-behalf';
export const RIGHT_WORDS: Record<MailboxRight, string> = { 'full-access': 'Full Access', 'send-as': 'Send As', 'send-on-behalf': 'Send on Behalf' };

export interface SharedMailboxAddParams {
  name: string;
  alias: string;
  members: string[];
}

export const sharedMailboxAddJob = defineJob<SharedMailboxAddParams>({
  role: 'exchange',
  kind: 'shared-mailbox-add',
  steps: ({ name, alias, members }) => {
    const params = { Name: name, Alias: alias, Members: members };
    return [
      {
        id: 'create-shared-mailbox',
        title: 'Create the shared mailbox',
        script: script('new-shared-mailbox'),
        params,
        probe: { script: script('test-shared-mailbox'), params },
        outcome: (r: { Name: string; PrimarySmtpAddress: string; Members: string[] }) =>
          `created ${r.Name} <${r.PrimarySmtpAddress}>${r.Members.length ? `; Full Access and Send As for ${r.Members.join(', ')}` : ''}`,
      },
    ];
  },
});

export interface MailboxRightParams {
  mailbox: string;
  user: string;
  right: MailboxRight;
  revoke: boolean;
}

export const mailboxRightJob = defineJob<MailboxRightParams>({
  role: 'exchange',
  kind: 'mailbox-right',
  steps: ({ mailbox, user, right, revoke }) => {
    const params = { Mailbox: mailbox, User: user, Right: right, Revoke: revoke };
    return [
      findMailboxStep(mailbox),
      {
        id: revoke ? 'revoke' : 'grant',
        title: `${revoke ? 'Revoke' : 'Grant'} ${RIGHT_WORDS[right]}`,
        script: script('set-mailbox-right'),
        params,
        probe: { script: script('test-mailbox-right'), params },
        recordInAudit: revoke,
        ...(revoke
          ? {}
          : {
              approval: {
                what: (results: Record<string, any>) => {
                  const found = results['find-mailbox'] as { Name: string; PrimarySmtpAddress: string } | undefined;
                  const box = found ? `*${escapeSlack(found.Name)}* (${escapeSlack(found.PrimarySmtpAddress)})` : `*${escapeSlack(mailbox)}*`;
                  return `Give *${escapeSlack(user)}* ${RIGHT_WORDS[right]} on the mailbox ${box}.`;
                },
              },
            }),
        outcome: (r: { Mailbox: string; User: string }) => `${r.User} ${revoke ? 'no longer has' : 'has'} ${RIGHT_WORDS[right]} on ${r.Mailbox}`,
      },
    ];
  },
});

/** What get-mailbox-permissions.ps1 answers. */
export interface MailboxPermissions {
  Name: string;
  PrimarySmtpAddress: string;
  RecipientTypeDetails: string;
  FullAccess: string[];
  SendAs: string[];
  SendOnBehalf: string[];
}

export const permissionsQuery = defineQuery<{ mailbox: string }, MailboxPermissions>({
  kind: 'mailbox-permissions',
  role: 'exchange',
  script: script('get-mailbox-permissions'),
  params: ({ mailbox }) => ({ Mailbox: mailbox }),
});
