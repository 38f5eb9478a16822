// /exchange remove-user <user> [--keep-account]: after an approval, deletes the mailbox and its AD
// account (the guide's U4), or with --keep-account only the mailbox (Disable-Mailbox).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { removeUserJob } from '../jobs/remove-user/index.ts';

const schema = z.object({
  user: identitySchema,
  keepAccount: z.boolean(),
  unknown: z.array(z.string()).max(0, english('remove-user:errors.unknown')),
});

export const removeUser: JobCommand<z.output<typeof schema>> = {
  name: 'remove-user',
  usage: 'remove-user:usage',
  summary: 'remove-user:summary',
  role: 'admin',
  guards: [integrationOn],
  parse: (tokens) => ({
    user: tokens.find((t) => !t.startsWith('--')),
    keepAccount: tokens.includes('--keep-account'),
    unknown: tokens.filter((t) => t.startsWith('--') && t !== '--keep-account').concat(tokens.filter((t) => !t.startsWith('--')).slice(1)),
  }),
  schema,
  plan: ({ user, keepAccount }, { channelT: t }) =>
    removeUserJob.plan({ identity: user, keepAccount }, t(keepAccount ? 'remove-user:cardKeep' : 'remove-user:card', { user: escapeSlack(user) })),
};
