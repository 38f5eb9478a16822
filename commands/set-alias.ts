// /exchange set-alias <user> <alias>: a new alias; the primary address follows the address policy,
// the old address stays as a secondary one so no mail is lost.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { aliasProblem } from '../src/exchange/alias.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { setAliasJob } from '../jobs/set-alias/index.ts';

const schema = z.object({
  user: identitySchema,
  alias: z.string({ error: english('set-alias:errors.aliasMissing') }).superRefine((alias, ctx) => {
    const problem = aliasProblem(alias);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  extra: z.array(z.string()).max(0, english('set-alias:errors.extra')),
});

export const setAlias: JobCommand<z.output<typeof schema>> = {
  name: 'set-alias',
  usage: 'set-alias:usage',
  summary: 'set-alias:summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([user, alias, ...extra]) => ({ user, alias, extra }),
  schema,
  plan: ({ user, alias }, { channelT: t }) =>
    setAliasJob.plan({ identity: user, alias }, t('set-alias:card', { user: escapeSlack(user), alias: escapeSlack(alias) })),
};
