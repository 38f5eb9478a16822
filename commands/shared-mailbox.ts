// /exchange shared-mailbox add <name> [--members <user,…>], shared-mailbox grant <mailbox> <user>
// full-access|send-as|send-on-behalf, shared-mailbox revoke <mailbox> <user> <right>,
// shared-mailbox permissions <mailbox> (who has what; private). Granting asks one approval.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand, QueryCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import {
  type MailboxPermissions,
  type MailboxRight,
  mailboxRightJob,
  permissionsQuery,
  RIGHT_WORDS,
  sharedMailboxAddJob,
} from '../jobs/shared-mailbox/index.ts';
import { displayName, namedWithMembers, parseNamedWithMembers } from './named-with-members.ts';

const addSchema = namedWithMembers(displayName('the shared mailbox’s name'));

export const sharedMailboxAdd: JobCommand<z.output<typeof addSchema>> = {
  name: 'shared-mailbox add',
  usage: 'shared-mailbox add <name> [--members <user,…>]',
  summary: 'Create a shared mailbox; its members get Full Access and Send As.',
  role: 'admin',
  guards: [integrationOn],
  parse: parseNamedWithMembers,
  schema: addSchema,
  plan: ({ name, alias, members }) => sharedMailboxAddJob.plan({ name, alias, members: members ?? [] }, `shared-mailbox add ${escapeSlack(name)}`),
};

const rightSchema = z.object({
  mailbox: identitySchema,
  user: identitySchema,
  right: z.enum(['full-access', 'send-as', 'send-on-behalf'], { error: 'must be full-access, send-as or send-on-behalf' }),
  extra: z.array(z.string()).max(0, 'there are more words than <mailbox> <user> <right>'),
});

function rightCommand(revoke: boolean): JobCommand<z.output<typeof rightSchema>> {
  const name = revoke ? 'shared-mailbox revoke' : 'shared-mailbox grant';
  return {
    name,
    usage: `${name} <mailbox> <user> full-access|send-as|send-on-behalf`,
    summary: revoke ? 'Take a right on a mailbox away.' : 'Give someone a right on a mailbox (after an approval).',
    role: 'admin',
    guards: [integrationOn],
    parse: ([mailbox, user, right, ...extra]) => ({ mailbox, user, right: right?.toLowerCase(), extra }),
    schema: rightSchema,
    plan: ({ mailbox, user, right }) => mailboxRightJob.plan({ mailbox, user, right, revoke }, `${name} ${escapeSlack(mailbox)} ${escapeSlack(user)} ${right}`),
  };
}
export const sharedMailboxGrant = rightCommand(false);
export const sharedMailboxRevoke = rightCommand(true);

const oneMailbox = z.object({ mailbox: identitySchema, extra: z.array(z.string()).max(0, 'one mailbox at a time') });

export const sharedMailboxPermissions: QueryCommand<z.output<typeof oneMailbox>, MailboxPermissions> = {
  name: 'shared-mailbox permissions',
  usage: 'shared-mailbox permissions <mailbox>',
  summary: 'Who has Full Access, Send As and Send on Behalf on a mailbox.',
  role: 'admin',
  guards: [integrationOn],
  parse: ([mailbox, ...extra]) => ({ mailbox, extra }),
  schema: oneMailbox,
  query: ({ mailbox }) => permissionsQuery.ask({ mailbox }),
  render: (r) => {
    const e = escapeSlack;
    const list = (who: string[]) => (who.length ? who.map((w) => e(w.replace(/^[^\\]+\\/, '').replace(/^.*\//, ''))).join(', ') : 'nobody');
    const rights: [MailboxRight, string[]][] = [
      ['full-access', r.FullAccess],
      ['send-as', r.SendAs],
      ['send-on-behalf', r.SendOnBehalf],
    ];
    const head = `*${e(r.Name)}* ${e(r.PrimarySmtpAddress)}${r.RecipientTypeDetails === 'SharedMailbox' ? ' (shared)' : ''}`;
    const lines = rights.map(([right, who]) => `• ${RIGHT_WORDS[right]}: ${list(who)}`);
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines].join('\n').slice(0, 3000) } }] };
  },
};
