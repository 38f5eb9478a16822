// /exchange user <user>: a card with the mailbox's names, addresses, quota, size and use, whether it
// is over a limit, and the guide's ActiveSync check (a protected account makes ActiveSync fail with
// HTTP 500). Answered privately, in one message.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { ChatMessage } from '../src/chat/types.ts';
import type { QueryCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { formatSize } from '../src/exchange/size.ts';
import { english, formatCount, type Language, translator, type Translate } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type UserCard, userCardQuery } from '../jobs/user-card/index.ts';

const STATUS = new Set(['BelowLimit', 'IssueWarning', 'ProhibitSend', 'MailboxDisabled', 'NoChecking']);

/** " (99% of 100 MB)", in `lang`. */
export function percent(size: number | null, limit: number | null, lang: Language = 'en'): string {
  if (size === null || !limit) return '';
  return translator(lang)('user:percent', { percent: Math.round((size / limit) * 100), limit: formatSize(limit, lang) });
}

/** The mailbox's card, in the asker's language (sizes as it writes them: 99 Mo). */
export function renderUserCard(u: UserCard, t: Translate = translator('en')): ChatMessage {
  const e = escapeSlack;
  const lang = t.lang;
  const size_ = (n: number) => formatSize(n, lang);
  const others = u.EmailAddresses.filter((a) => /^smtp:/.test(a)).map((a) => e(a.slice(5)));
  const quota = u.UseDatabaseQuotaDefaults
    ? t('user:quota.database')
    : u.ProhibitSendReceiveQuota === null
      ? t('common:quota.noLimit')
      : t('user:quota.limits', { quota: size_(u.ProhibitSendReceiveQuota), warning: size_(u.IssueWarningQuota ?? 0), send: size_(u.ProhibitSendQuota ?? 0) });
  const size =
    u.TotalItemSize === null
      ? t('user:size.unknown')
      : `${size_(u.TotalItemSize)}${u.UseDatabaseQuotaDefaults ? '' : percent(u.TotalItemSize, u.ProhibitSendReceiveQuota, lang)}`;
  const status = STATUS.has(u.StorageLimitStatus) ? t(`user:status.${u.StorageLimitStatus}`) : e(u.StorageLimitStatus);
  const lines = [
    `*${e(u.DisplayName)}* — ${e(u.PrimarySmtpAddress)}`,
    t('user:signIn', { upn: e(u.UserPrincipalName), alias: e(u.Alias) }),
    t('user:others', { addresses: others.length ? others.join(', ') : t('user:none') }),
    t('user:quotaLine', { quota }),
    t('user:sizeLine', { size, items: formatCount(u.ItemCount, lang), status }),
  ];
  const activeSync = u.ProtectedAccount
    ? t(u.Groups.length ? 'user:activeSync.protectedGroups' : 'user:activeSync.protected', { groups: u.Groups.map(e).join(', ') })
    : u.AdminCount === 1
      ? t('user:activeSync.once')
      : t('user:activeSync.fine');
  return {
    text: `${e(u.DisplayName)} — ${e(u.PrimarySmtpAddress)}: ${size}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
      { type: 'section', text: { type: 'mrkdwn', text: activeSync.slice(0, 3000) } },
    ],
  };
}

const schema = z.object({ user: identitySchema, extra: z.array(z.string()).max(0, english('common:oneUser')) });

export const user: QueryCommand<z.output<typeof schema>, UserCard> = {
  name: 'user',
  usage: 'user:usage',
  summary: 'user:summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([u, ...extra]) => ({ user: u, extra }),
  schema,
  query: ({ user: identity }) => userCardQuery.ask({ identity }),
  render: (card, _args, t) => renderUserCard(card, t),
};
