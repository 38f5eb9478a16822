// Shared mailboxes and rights: shared-mailbox add (New-Mailbox -Shared, members get Full Access
// and Send As), grant (one approval: it gives access to someone else's mail), revoke (what was
// there before is kept in the result and the audit), and the question behind `permissions`.
import { fileURLToPath } from 'node:url';
import { escapeSlack } from '../../src/chat/escape.ts';
import { defineJob, defineQuery } from '../../src/engine/job-definition.ts';
import { translator, type Translate } from '../../src/i18n/i18n.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export type MailboxRight = 'full-access' | 'send-as' | 'send-on-behalf';
const RIGHT_KEYS: Record<MailboxRight, string> = { 'full-access': 'fullAccess', 'send-as': 'sendAs', 'send-on-behalf': 'sendOnBehalf' };
/** A right as Exchange's console names it (Full Access, Send As, Send on Behalf), in `t`'s language. */
export function rightWords(right: MailboxRight, t: Translate = translator('en')): string {
  return t(`shared-mailbox:rights.${RIGHT_KEYS[right]}`);
}

export interface SharedMailboxAddParams {
  name: string;
  alias: string;
  members: string[];
}

export const sharedMailboxAddJob = defineJob<SharedMailboxAddParams>({
  role: 'exchange',
  kind: 'shared-mailbox-add',
  steps: ({ name, alias, members }, _hosts, t = translator('en')) => {
    const params = { Name: name, Alias: alias, Members: members };
    return [
      {
        id: 'create-shared-mailbox',
        title: t('shared-mailbox:steps.create'),
        script: script('new-shared-mailbox'),
        params,
        probe: { script: script('test-shared-mailbox'), params },
        outcome: (r: { Name: string; PrimarySmtpAddress: string; Members: string[] }) =>
          r.Members.length
            ? t('shared-mailbox:outcomes.createdMembers', { name: r.Name, address: r.PrimarySmtpAddress, members: r.Members.join(', ') })
            : t('shared-mailbox:outcomes.created', { name: r.Name, address: r.PrimarySmtpAddress }),
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
  steps: ({ mailbox, user, right, revoke }, _hosts, t = translator('en')) => {
    const params = { Mailbox: mailbox, User: user, Right: right, Revoke: revoke };
    const words = rightWords(right, t);
    return [
      findMailboxStep(mailbox, t),
      {
        id: revoke ? 'revoke' : 'grant',
        title: t(revoke ? 'shared-mailbox:steps.revoke' : 'shared-mailbox:steps.grant', { right: words }),
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
                  return t('shared-mailbox:approval', { user: escapeSlack(user), right: words, box });
                },
              },
            }),
        outcome: (r: { Mailbox: string; User: string }) =>
          t(revoke ? 'shared-mailbox:outcomes.revoked' : 'shared-mailbox:outcomes.granted', { user: r.User, right: words, mailbox: r.Mailbox }),
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
