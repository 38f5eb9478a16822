// /exchange trace <address> [--from|--to] [--since 2h|1d] [--subject <text>]: where is that mail?
// Message tracking on the Exchange server; one private message with each message's path (received,
// forwarded, delivered, failed with the reason, sent out through the send connector), newest first.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import { slackTime } from '../src/chat/slack-time.ts';
import type { Block, ChatMessage } from '../src/chat/types.ts';
import type { QueryCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { freeText } from '../src/exchange/free-text.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english, translator, type Translate } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type Trace, type TraceEvent, traceQuery } from '../jobs/trace/index.ts';

const SINCE = /^(\d{1,3})([mhd])$/i;
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

const schema = z.object({
  address: identitySchema,
  direction: z.enum(['any', 'from', 'to']),
  since: z
    .string()
    .regex(SINCE, english('trace:errors.since'))
    .transform((s) => {
      const m = SINCE.exec(s)!;
      return Number(m[1]) * UNIT_MINUTES[m[2]!.toLowerCase()]!;
    })
    .pipe(
      z
        .number()
        .min(1)
        .max(30 * 1440, english('trace:errors.tooFar')),
    ),
  subject: freeText('trace:subject', 255).optional(),
  extra: z.array(z.string()).max(0, english('trace:errors.extra')),
  options: optionProblems,
});

function hop(e: TraceEvent, t: Translate): string {
  const who = e.Recipients.map(escapeSlack).join(', ');
  const at = slackTime(Date.parse(e.At), 'auto', t.lang);
  switch (e.EventId) {
    case 'RECEIVE':
      return t(e.Source === 'SMTP' ? 'trace:hop.receivedOutside' : 'trace:hop.received', { at });
    case 'REDIRECT':
      return t('trace:hop.forwarded', { at, who });
    case 'DELIVER':
      return t('trace:hop.delivered', { at, who });
    case 'SEND':
      return t('trace:hop.sent', { at, who, connector: escapeSlack(e.Connector || t('trace:hop.defaultConnector')) });
    case 'FAIL':
      return t('trace:hop.failed', { at, who, why: escapeSlack(e.Status || t('trace:hop.noReason')) });
    default:
      return `${at} ${escapeSlack(e.EventId.toLowerCase())} ${who}`;
  }
}

/** The trace, in `t`'s language (the asker's). */
export function renderTrace(tr: Trace, args: { direction: string; since: number; subject?: string }, t: Translate = translator('en')): ChatMessage {
  const e = escapeSlack;
  const span =
    args.since % 1440 === 0
      ? t('trace:span.days', { count: args.since / 1440 })
      : args.since % 60 === 0
        ? t('trace:span.hours', { count: args.since / 60 })
        : t('trace:span.minutes', { count: args.since });
  const direction = t(`trace:direction.${args.direction === 'from' ? 'from' : args.direction === 'to' ? 'to' : 'any'}`);
  const what = args.subject
    ? t('trace:whatSubject', { direction, address: e(tr.Address), span, subject: e(args.subject) })
    : t('trace:what', { direction, address: e(tr.Address), span });
  if (tr.Messages.length === 0) return { text: t('trace:none', { what: what.replace(/\*/g, '') }) };
  const head =
    tr.Total > tr.Messages.length ? t('trace:headSome', { count: tr.Total, what, shown: tr.Messages.length }) : t('trace:head', { count: tr.Total, what });
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (const m of tr.Messages.slice(0, 45)) {
    const lines = [
      t('trace:message', { subject: e(m.Subject || t('trace:noSubject')), sender: e(m.Sender), recipients: m.Recipients.map(e).join(', ') }),
      ...m.Events.map((ev) => `   ${hop(ev, t)}`),
    ];
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } });
  }
  return { text: head.replace(/\*/g, ''), blocks };
}

export const trace: QueryCommand<z.output<typeof schema>, Trace> = {
  name: 'trace',
  usage: 'trace:usage',
  summary: 'trace:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, flags, problems } = splitOptions(tokens, { values: ['since', 'subject'], flags: ['from', 'to'] });
    if (flags.from && flags.to) problems.push(english('trace:errors.fromAndTo'));
    const [address, ...extra] = positionals;
    return {
      address,
      direction: flags.from ? 'from' : flags.to ? 'to' : 'any',
      since: values.since ?? '1d',
      subject: values.subject,
      extra,
      options: problems,
    };
  },
  schema,
  query: ({ address, direction, since, subject }) => traceQuery.ask({ address, direction, sinceMinutes: since, subject: subject ?? '' }),
  render: (tr, args, t) => renderTrace(tr, args, t),
};
