// /exchange set-quota <user> <size|off>: change a mailbox's quota, or remove its own limits (off:
// the database's defaults apply). Sizes as for add-user.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { describeQuota, parseQuota } from '../src/exchange/size.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type QuotaSetting, setQuotaJob } from '../jobs/set-quota/index.ts';

const schema = z.object({
  user: identitySchema,
  quota: z.string({ error: 'is missing: a size like 5GB, unlimited, or off' }).transform((text, ctx): QuotaSetting => {
    if (/^off$/i.test(text.trim())) return 'off';
    const parsed = parseQuota(text);
    if (parsed.ok) return parsed.quota;
    ctx.addIssue({ code: 'custom', message: `${parsed.reason}, or off` });
    return z.NEVER;
  }),
});

export const setQuota: JobCommand<z.output<typeof schema>> = {
  name: 'set-quota',
  usage: 'set-quota <user> <size|off>',
  summary: 'Change a mailbox’s quota (off: the database’s defaults).',
  role: 'admin',
  guards: [integrationOn],
  parse: ([user, ...quota]) => ({ user, quota: quota.length ? quota.join(' ') : undefined }),
  schema,
  plan: ({ user, quota }) => setQuotaJob.plan({ identity: user, quota }, `set-quota ${escapeSlack(user)} (${quota === 'off' ? 'off' : describeQuota(quota)})`),
};
