// /exchange forward <user> <to> [--keep-copy] | forward <user> off: forward a mailbox's mail to
// another mailbox (a copy kept with --keep-copy), or stop forwarding.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { forwardJob } from '../jobs/forward/index.ts';
import { integrationOn } from '../jobs/integration/index.ts';

const schema = z.object({
  user: identitySchema,
  to: identitySchema.optional(),
  keepCopy: z.boolean(),
  extra: z.array(z.string()).max(0, english('forward:errors.extra')),
  options: optionProblems,
});

export const forward: JobCommand<z.output<typeof schema>> = {
  name: 'forward',
  usage: 'forward:usage',
  summary: 'forward:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, flags, problems } = splitOptions(tokens, { flags: ['keep-copy'] });
    const [user, to, ...extra] = positionals;
    const off = to?.toLowerCase() === 'off';
    if (off && flags['keep-copy']) problems.push(english('forward:errors.keepCopyOff'));
    if (to === undefined) problems.push(english('forward:errors.noTo'));
    return { user, to: off ? undefined : to, keepCopy: Boolean(flags['keep-copy']), extra, options: problems };
  },
  schema,
  plan: ({ user, to, keepCopy }, { channelT: t }) =>
    forwardJob.plan(
      { identity: user, ...(to ? { to } : {}), keepCopy },
      to
        ? t(keepCopy ? 'forward:card.toKept' : 'forward:card.to', { user: escapeSlack(user), to: escapeSlack(to) })
        : t('forward:card.off', { user: escapeSlack(user) }),
    ),
};
