// /exchange users [filter] [--page N]: the mailboxes with size and share of quota, in pages that fit
// Slack's limits (50 blocks a message, 3000 characters a section). Answered privately.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { Block, ChatMessage } from '../src/chat/types.ts';
import type { QueryCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { formatSize } from '../src/exchange/size.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type MailboxRow, userListQuery } from '../jobs/user-list/index.ts';
import { percent } from './user.ts';

export const PAGE_SIZE = 100;
const LINES_PER_SECTION = 20;

export function renderUserList(rows: MailboxRow[], filter: string, page: number): ChatMessage {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const what = filter ? ` matching “${escapeSlack(filter)}”` : '';
  const head = `*${rows.length} mailbox${rows.length === 1 ? '' : 'es'}${what}*${pages > 1 ? ` — page ${page} of ${pages}` : ''}`;
  const line = (r: MailboxRow) => {
    const flag = r.StorageLimitStatus === 'BelowLimit' || !r.StorageLimitStatus ? '' : r.StorageLimitStatus === 'IssueWarning' ? ' ⚠️' : ' ⛔';
    const size = r.Size === null ? '?' : formatSize(r.Size);
    const quota = r.UseDatabaseQuotaDefaults ? ' (database quota)' : r.Limit === null ? ' (no limit)' : percent(r.Size, r.Limit);
    return `• *${escapeSlack(r.Name)}* ${escapeSlack(r.PrimarySmtpAddress)} — ${size}${quota}${flag}`;
  };
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (let i = 0; i < shown.length; i += LINES_PER_SECTION) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: shown
          .slice(i, i + LINES_PER_SECTION)
          .map(line)
          .join('\n')
          .slice(0, 3000),
      },
    });
  }
  if (page < pages)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Next: \`/exchange users${filter ? ` ${escapeSlack(filter)}` : ''} --page ${page + 1}\`` }],
    });
  if (shown.length === 0 && rows.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `There is no page ${page}.` } });
  return { text: head.replace(/\*/g, ''), blocks };
}

const schema = z.object({
  filter: z
    .string()
    .max(64, 'is longer than 64 characters')
    .regex(/^[\p{L}\p{M}\p{N}._'@+-]*$/u, "may hold letters, digits and . _ ' @ + - only"),
  page: z.coerce.number({ error: 'must be a page number' }).int().min(1, 'must be 1 or more').max(1000),
  options: optionProblems,
});

export const users: QueryCommand<z.output<typeof schema>, { mailboxes: MailboxRow[] }> = {
  name: 'users',
  usage: 'users [filter] [--page N]',
  summary: 'The mailboxes, with their size and share of quota.',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, problems } = splitOptions(tokens, { values: ['page'] });
    if (positionals.length > 1) problems.push('one filter word at most');
    return { filter: positionals[0] ?? '', page: values.page ?? '1', options: problems };
  },
  schema,
  query: ({ filter }) => userListQuery.ask({ filter }),
  render: (result, { filter, page }) => renderUserList(result.mailboxes ?? [], filter, page),
};
