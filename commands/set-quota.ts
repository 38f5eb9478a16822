// /exchange set-quota <user> <size|off>: change a mailbox's quota, or remove its own limits (off:
// the database's defaults apply). Sizes as for add-user.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { describeQuota, parseQuota } from '../src/exchange/size.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type QuotaSetting, setQuotaJob } from '../jobs/set-quota/index.ts';

const schema = z.object({
  user: identitySchema,
  quota: z.string({ error: english('set-quota:errors.quotaMissing') }).transform((text, ctx): QuotaSetting => {
    if (/^off$/i.test(text.trim())) return 'off';
    const parsed = parseQuota(text);
    if (parsed.ok) return parsed.quota;
    ctx.addIssue({ code: 'custom', message: english('set-quota:errors.quotaOrOff', { reason: parsed.reason }) });
    return z.NEVER;
  }),
});

export const setQuota: JobCommand<z.output<typeof schema>> = {
  name: 'set-quota',
  usage: 'set-quota:usage',
  summary: 'set-quota:summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([user, ...quota]) => ({ user, quota: quota.length ? quota.join(' ') : undefined }),
  schema,
  plan: ({ user, quota }, { channelT: t }) =>
    setQuotaJob.plan(
      { identity: user, quota },
      t('set-quota:card', { user: escapeSlack(user), quota: quota === 'off' ? t('set-quota:off') : describeQuota(quota, t.lang) }),
    ),
};
