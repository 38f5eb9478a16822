// /exchange reset-password <user> [--no-change-at-logon]: a new password, made on the worker and
// sent privately to the requester (as add-user's initial one); the account must change it at its
// next sign-in unless --no-change-at-logon. A helpdesk role's command (README: roles file).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { resetPasswordJob } from '../jobs/reset-password/index.ts';

const schema = z.object({
  user: identitySchema,
  changeAtLogon: z.boolean(),
  extra: z.array(z.string()).max(0, english('common:oneUser')),
  options: optionProblems,
});

export const resetPassword: JobCommand<z.output<typeof schema>> = {
  name: 'reset-password',
  usage: 'reset-password:usage',
  summary: 'reset-password:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, flags, problems } = splitOptions(tokens, { flags: ['no-change-at-logon'] });
    const [user, ...extra] = positionals;
    return { user, changeAtLogon: !flags['no-change-at-logon'], extra, options: problems };
  },
  schema,
  plan: ({ user, changeAtLogon }, { channelT: t }) =>
    resetPasswordJob.plan(
      { identity: user, changeAtLogon },
      t(changeAtLogon ? 'reset-password:card' : 'reset-password:cardNoChange', { user: escapeSlack(user) }),
    ),
};
