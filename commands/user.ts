// /exchange user <user>: a card with the mailbox's names, addresses, quota, size and use, whether it
// is over a limit, and the guide's ActiveSync check (a protected account makes ActiveSync fail with
// HTTP 500). Answered privately, in one message.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { ChatMessage } from '../src/chat/types.ts';
import type { QueryCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { formatSize } from '../src/exchange/size.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type UserCard, userCardQuery } from '../jobs/user-card/index.ts';

const STATUS: Record<string, string> = {
  BelowLimit: 'below its limits',
  IssueWarning: '⚠️ over the warning limit',
  ProhibitSend: '⛔ over the send limit: it cannot send',
  MailboxDisabled: '⛔ full: it can neither send nor receive',
  NoChecking: 'no limits checked',
};

export function percent(size: number | null, limit: number | null): string {
  if (size === null || !limit) return '';
  return ` (${Math.round((size / limit) * 100)}% of ${formatSize(limit)})`;
}

export function renderUserCard(u: UserCard): ChatMessage {
  const e = escapeSlack;
  const others = u.EmailAddresses.filter((a) => /^smtp:/.test(a)).map((a) => e(a.slice(5)));
  const quota = u.UseDatabaseQuotaDefaults
    ? 'the database’s defaults'
    : u.ProhibitSendReceiveQuota === null
      ? 'no limit'
      : `${formatSize(u.ProhibitSendReceiveQuota)} (warning at ${formatSize(u.IssueWarningQuota ?? 0)}, sending stops at ${formatSize(u.ProhibitSendQuota ?? 0)})`;
  const size =
    u.TotalItemSize === null
      ? 'unknown'
      : `${formatSize(u.TotalItemSize)}${u.UseDatabaseQuotaDefaults ? '' : percent(u.TotalItemSize, u.ProhibitSendReceiveQuota)}`;
  const lines = [
    `*${e(u.DisplayName)}* — ${e(u.PrimarySmtpAddress)}`,
    `Sign-in ${e(u.UserPrincipalName)} · alias ${e(u.Alias)}`,
    `Other addresses: ${others.length ? others.join(', ') : 'none'}`,
    `Quota: ${quota}`,
    `Size: ${size} · ${u.ItemCount.toLocaleString('en-US')} items · ${STATUS[u.StorageLimitStatus] ?? e(u.StorageLimitStatus)}`,
  ];
  const activeSync = u.ProtectedAccount
    ? `⚠️ *ActiveSync will fail (HTTP 500)*: the account is protected (adminCount = 1, permission inheritance turned off${u.Groups.length ? `; member of ${u.Groups.map(e).join(', ')}` : ''}). ` +
      'Remove it from the protected groups (Domain Admins and the like) if it does not need them, then turn inheritance back on: ' +
      'Active Directory Users and Computers → the user → Security → Advanced → Enable inheritance.'
    : u.AdminCount === 1
      ? 'ActiveSync: the account was once in a protected group (adminCount = 1) but inheritance is on: fine.'
      : 'ActiveSync: fine (not a protected account).';
  return {
    text: `${e(u.DisplayName)} — ${e(u.PrimarySmtpAddress)}: ${size}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
      { type: 'section', text: { type: 'mrkdwn', text: activeSync.slice(0, 3000) } },
    ],
  };
}

const schema = z.object({ user: identitySchema, extra: z.array(z.string()).max(0, 'one user at a time') });

export const user: QueryCommand<z.output<typeof schema>, UserCard> = {
  name: 'user',
  usage: 'user <user>',
  summary: 'A mailbox’s card: addresses, quota, size, and the ActiveSync check.',
  role: 'admin',
  guards: [integrationOn],
  parse: ([u, ...extra]) => ({ user: u, extra }),
  schema,
  query: ({ user: identity }) => userCardQuery.ask({ identity }),
  render: (card) => renderUserCard(card),
};
