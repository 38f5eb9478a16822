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
import { integrationOn } from '../jobs/integration/index.ts';
import { type Trace, type TraceEvent, traceQuery } from '../jobs/trace/index.ts';

const SINCE = /^(\d{1,3})([mhd])$/i;
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

const schema = z.object({
  address: identitySchema,
  direction: z.enum(['any', 'from', 'to']),
  since: z
    .string()
    .regex(SINCE, 'must be a duration like 30m, 2h or 1d')
    .transform((s) => {
      const m = SINCE.exec(s)!;
      return Number(m[1]) * UNIT_MINUTES[m[2]!.toLowerCase()]!;
    })
    .pipe(
      z
        .number()
        .min(1)
        .max(30 * 1440, 'reaches back further than the 30 days Exchange keeps'),
    ),
  subject: freeText('subject', 255).optional(),
  extra: z.array(z.string()).max(0, 'one address at a time (a subject with spaces goes in double quotes)'),
  options: optionProblems,
});

function hop(e: TraceEvent): string {
  const who = e.Recipients.map(escapeSlack).join(', ');
  const at = slackTime(Date.parse(e.At), 'auto');
  switch (e.EventId) {
    case 'RECEIVE':
      return `${at} received${e.Source === 'SMTP' ? ' from outside' : ''}`;
    case 'REDIRECT':
      return `${at} forwarded to ${who}`;
    case 'DELIVER':
      return `${at} delivered to ${who}`;
    case 'SEND':
      return `${at} sent out to ${who} through the ${escapeSlack(e.Connector || 'default')} send connector`;
    case 'FAIL':
      return `${at} ❌ failed for ${who}: ${escapeSlack(e.Status || 'no reason given')}`;
    default:
      return `${at} ${escapeSlack(e.EventId.toLowerCase())} ${who}`;
  }
}

export function renderTrace(t: Trace, args: { direction: string; since: number; subject?: string }): ChatMessage {
  const e = escapeSlack;
  const span =
    args.since % 1440 === 0
      ? `${args.since / 1440} day${args.since === 1440 ? '' : 's'}`
      : args.since % 60 === 0
        ? `${args.since / 60} h`
        : `${args.since} min`;
  const what = `${args.direction === 'from' ? 'from' : args.direction === 'to' ? 'to' : 'from or to'} ${e(t.Address)} in the last ${span}${args.subject ? `, subject containing “${e(args.subject)}”` : ''}`;
  if (t.Messages.length === 0) return { text: `no messages ${what.replace(/\*/g, '')}` };
  const head = `*${t.Total} message${t.Total === 1 ? '' : 's'}* ${what}, newest first${t.Total > t.Messages.length ? ` (the ${t.Messages.length} newest shown)` : ''}`;
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (const m of t.Messages.slice(0, 45)) {
    const lines = [`*${e(m.Subject || '(no subject)')}* — from ${e(m.Sender)} to ${m.Recipients.map(e).join(', ')}`, ...m.Events.map((ev) => `   ${hop(ev)}`)];
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } });
  }
  return { text: head.replace(/\*/g, ''), blocks };
}

export const trace: QueryCommand<z.output<typeof schema>, Trace> = {
  name: 'trace',
  usage: 'trace <address> [--from|--to] [--since 2h|1d] [--subject <text>]',
  summary: 'Where is that mail? Each message’s path through Exchange, newest first (private).',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, flags, problems } = splitOptions(tokens, { values: ['since', 'subject'], flags: ['from', 'to'] });
    if (flags.from && flags.to) problems.push('--from and --to cannot go together (give neither for both)');
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
  render: (t, args) => renderTrace(t, args),
};
