// /exchange forward <user> <to> [--keep-copy] | forward <user> off: forward a mailbox's mail to
// another mailbox (a copy kept with --keep-copy), or stop forwarding.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { forwardJob } from '../jobs/forward/index.ts';
import { integrationOn } from '../jobs/integration/index.ts';

const schema = z.object({
  user: identitySchema,
  to: identitySchema.optional(),
  keepCopy: z.boolean(),
  extra: z.array(z.string()).max(0, 'there are more words than <user> <to>'),
  options: optionProblems,
});

export const forward: JobCommand<z.output<typeof schema>> = {
  name: 'forward',
  usage: 'forward <user> <to> [--keep-copy] | forward <user> off',
  summary: 'Forward a mailbox’s mail to another (a copy kept with --keep-copy), or stop.',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, flags, problems } = splitOptions(tokens, { flags: ['keep-copy'] });
    const [user, to, ...extra] = positionals;
    const off = to?.toLowerCase() === 'off';
    if (off && flags['keep-copy']) problems.push('--keep-copy goes with a forwarding address, not with off');
    if (to === undefined) problems.push('name who gets the mail, or off');
    return { user, to: off ? undefined : to, keepCopy: Boolean(flags['keep-copy']), extra, options: problems };
  },
  schema,
  plan: ({ user, to, keepCopy }) =>
    forwardJob.plan(
      { identity: user, ...(to ? { to } : {}), keepCopy },
      to ? `forward ${escapeSlack(user)} → ${escapeSlack(to)}${keepCopy ? ' (copy kept)' : ''}` : `forward ${escapeSlack(user)} off`,
    ),
};
