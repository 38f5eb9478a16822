// /exchange users [filter] [--page N]: the mailboxes with size and share of quota, in pages that fit
// Slack's limits (50 blocks a message, 3000 characters a section). Answered privately.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { Block, ChatMessage } from '../src/chat/types.ts';
import type { QueryCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { formatSize } from '../src/exchange/size.ts';
import { english, translator, type Translate } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type MailboxRow, userListQuery } from '../jobs/user-list/index.ts';
import { percent } from './user.ts';

export const PAGE_SIZE = 100;
const LINES_PER_SECTION = 20;

export function renderUserList(rows: MailboxRow[], filter: string, page: number, t: Translate = translator('en')): ChatMessage {
  const lang = t.lang;
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const count = filter ? t('users:headMatching', { count: rows.length, filter: escapeSlack(filter) }) : t('users:head', { count: rows.length });
  const head = `*${count}*${pages > 1 ? t('common:pageOf', { page, pages }) : ''}`;
  const line = (r: MailboxRow) => {
    const flag = r.StorageLimitStatus === 'BelowLimit' || !r.StorageLimitStatus ? '' : r.StorageLimitStatus === 'IssueWarning' ? ' ⚠️' : ' ⛔';
    const size = r.Size === null ? '?' : formatSize(r.Size, lang);
    const quota = r.UseDatabaseQuotaDefaults ? t('users:databaseQuota') : r.Limit === null ? t('users:noLimit') : percent(r.Size, r.Limit, lang);
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
      elements: [{ type: 'mrkdwn', text: t('common:next', { command: `/exchange users${filter ? ` ${escapeSlack(filter)}` : ''} --page ${page + 1}` }) }],
    });
  if (shown.length === 0 && rows.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('users:noPage', { page }) } });
  return { text: head.replace(/\*/g, ''), blocks };
}

const schema = z.object({
  filter: z
    .string()
    .max(64, english('common:tooLong', { maximum: 64 }))
    .regex(/^[\p{L}\p{M}\p{N}._'@+-]*$/u, english('users:errors.filter')),
  page: z.coerce
    .number({ error: english('common:page') })
    .int()
    .min(1, english('common:atLeast', { minimum: 1 }))
    .max(1000),
  options: optionProblems,
});

export const users: QueryCommand<z.output<typeof schema>, { mailboxes: MailboxRow[] }> = {
  name: 'users',
  usage: 'users:usage',
  summary: 'users:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, problems } = splitOptions(tokens, { values: ['page'] });
    if (positionals.length > 1) problems.push(english('users:errors.oneFilter'));
    return { filter: positionals[0] ?? '', page: values.page ?? '1', options: problems };
  },
  schema,
  query: ({ filter }) => userListQuery.ask({ filter }),
  render: (result, { filter, page }, t) => renderUserList(result.mailboxes ?? [], filter, page, t),
};
