// /exchange shared-mailbox add <name> [--members <user,…>], shared-mailbox grant <mailbox> <user>
// full-access|send-as|send-on-behalf, shared-mailbox revoke <mailbox> <user> <right>,
// shared-mailbox permissions <mailbox> (who has what; private). Granting asks one approval.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand, QueryCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import {
  type MailboxPermissions,
  type MailboxRight,
  mailboxRightJob,
  permissionsQuery,
  rightWords,
  sharedMailboxAddJob,
} from '../jobs/shared-mailbox/index.ts';
import { displayName, namedWithMembers, parseNamedWithMembers } from './named-with-members.ts';

const addSchema = namedWithMembers(displayName('shared-mailbox:name'));

export const sharedMailboxAdd: JobCommand<z.output<typeof addSchema>> = {
  name: 'shared-mailbox add',
  usage: 'shared-mailbox:add.usage',
  summary: 'shared-mailbox:add.summary',
  role: 'admin',
  guards: [integrationOn],
  parse: parseNamedWithMembers,
  schema: addSchema,
  plan: ({ name, alias, members }, { channelT: t }) =>
    sharedMailboxAddJob.plan({ name, alias, members: members ?? [] }, t('shared-mailbox:add.card', { name: escapeSlack(name) })),
};

const rightSchema = z.object({
  mailbox: identitySchema,
  user: identitySchema,
  right: z.enum(['full-access', 'send-as', 'send-on-behalf'], { error: english('shared-mailbox:errors.right') }),
  extra: z.array(z.string()).max(0, english('shared-mailbox:errors.extra')),
});

function rightCommand(revoke: boolean): JobCommand<z.output<typeof rightSchema>> {
  const name = revoke ? 'shared-mailbox revoke' : 'shared-mailbox grant';
  return {
    name,
    usage: revoke ? 'shared-mailbox:revoke.usage' : 'shared-mailbox:grant.usage',
    summary: revoke ? 'shared-mailbox:revoke.summary' : 'shared-mailbox:grant.summary',
    role: 'admin',
    guards: [integrationOn],
    parse: ([mailbox, user, right, ...extra]) => ({ mailbox, user, right: right?.toLowerCase(), extra }),
    schema: rightSchema,
    plan: ({ mailbox, user, right }) => mailboxRightJob.plan({ mailbox, user, right, revoke }, `${name} ${escapeSlack(mailbox)} ${escapeSlack(user)} ${right}`),
  };
}
export const sharedMailboxGrant = rightCommand(false);
export const sharedMailboxRevoke = rightCommand(true);

const oneMailbox = z.object({ mailbox: identitySchema, extra: z.array(z.string()).max(0, english('shared-mailbox:errors.oneMailbox')) });

export const sharedMailboxPermissions: QueryCommand<z.output<typeof oneMailbox>, MailboxPermissions> = {
  name: 'shared-mailbox permissions',
  usage: 'shared-mailbox:permissions.usage',
  summary: 'shared-mailbox:permissions.summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([mailbox, ...extra]) => ({ mailbox, extra }),
  schema: oneMailbox,
  query: ({ mailbox }) => permissionsQuery.ask({ mailbox }),
  render: (r, _args, t) => {
    const e = escapeSlack;
    const list = (who: string[]) =>
      who.length ? who.map((w) => e(w.replace(/^[^\\]+\\/, '').replace(/^.*\//, ''))).join(', ') : t('shared-mailbox:permissions.nobody');
    const rights: [MailboxRight, string[]][] = [
      ['full-access', r.FullAccess],
      ['send-as', r.SendAs],
      ['send-on-behalf', r.SendOnBehalf],
    ];
    const head = `*${e(r.Name)}* ${e(r.PrimarySmtpAddress)}${r.RecipientTypeDetails === 'SharedMailbox' ? t('shared-mailbox:permissions.shared') : ''}`;
    const lines = rights.map(([right, who]) => `• ${rightWords(right, t)}: ${list(who)}`);
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines].join('\n').slice(0, 3000) } }] };
  },
};
