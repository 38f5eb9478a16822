// /exchange out-of-office <user> on "<text>" [--until YYYY-MM-DD HH:MM] | off: automatic replies
// (the same text inside and outside), until a time in the requester's time zone if given.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { futureTime } from '../src/exchange/when.ts';
import { freeText } from '../src/exchange/free-text.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { outOfOfficeJob } from '../jobs/out-of-office/index.ts';

const schema = z.discriminatedUnion('on', [
  z.object({
    on: z.literal(true),
    user: identitySchema,
    text: freeText('out-of-office:text', 2000),
    until: z.string().optional(),
    extra: z.array(z.string()).max(0, english('out-of-office:errors.quotes')),
    options: optionProblems,
  }),
  z.object({ on: z.literal(false), user: identitySchema, extra: z.array(z.string()).max(0, english('out-of-office:errors.off')), options: optionProblems }),
]);

export const outOfOffice: JobCommand<z.output<typeof schema>> = {
  name: 'out-of-office',
  usage: 'out-of-office:usage',
  summary: 'out-of-office:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, problems } = splitOptions(tokens, { values: ['until'] });
    const [user, mode, ...rest] = positionals;
    const m = (mode ?? '').toLowerCase();
    if (m !== 'on' && m !== 'off') problems.push(english('out-of-office:errors.onOff'));
    // --until takes a date and a time: two words.
    const until = values.until !== undefined ? [values.until, ...rest.slice(m === 'on' ? 1 : 0, m === 'on' ? 2 : 1)].join(' ') : undefined;
    const extra = values.until !== undefined ? rest.slice(m === 'on' ? 2 : 1) : rest.slice(m === 'on' ? 1 : 0);
    return m === 'off'
      ? { on: false, user, extra: until ? ['--until'] : extra, options: problems }
      : { on: true, user, text: rest[0], until, extra, options: problems };
  },
  schema,
  async plan(args, ctx) {
    const t = ctx.channelT;
    if (!args.on) return outOfOfficeJob.plan({ identity: args.user, on: false }, t('out-of-office:card.off', { user: escapeSlack(args.user) }));
    let endTime: string | undefined;
    let endShown: string | undefined;
    if (args.until) {
      const when = await futureTime(args.until, ctx, '--until');
      if ('refuse' in when) return when;
      endTime = new Date(when.at).toISOString();
      endShown = when.shown;
    }
    return outOfOfficeJob.plan(
      { identity: args.user, on: true, message: args.text, ...(endTime ? { endTime, endShown } : {}) },
      endShown
        ? t('out-of-office:card.onUntil', { user: escapeSlack(args.user), until: escapeSlack(endShown) })
        : t('out-of-office:card.on', { user: escapeSlack(args.user) }),
    );
  },
};
