// /exchange set-alias <user> <alias>: a new alias; the primary address follows the address policy,
// the old address stays as a secondary one so no mail is lost.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { aliasProblem } from '../src/exchange/alias.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { setAliasJob } from '../jobs/set-alias/index.ts';

const schema = z.object({
  user: identitySchema,
  alias: z.string({ error: 'is missing: the new alias' }).superRefine((alias, ctx) => {
    const problem = aliasProblem(alias);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  extra: z.array(z.string()).max(0, 'there are more words than <user> <alias>'),
});

export const setAlias: JobCommand<z.output<typeof schema>> = {
  name: 'set-alias',
  usage: 'set-alias <user> <alias>',
  summary: 'Change a mailbox’s alias; the old address keeps delivering.',
  role: 'admin',
  guards: [integrationOn],
  parse: ([user, alias, ...extra]) => ({ user, alias, extra }),
  schema,
  plan: ({ user, alias }) => setAliasJob.plan({ identity: user, alias }, `set-alias ${escapeSlack(user)} → ${escapeSlack(alias)}`),
};
