// /exchange unlock <user>: unlocks an account that too many wrong passwords locked out.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { unlockJob } from '../jobs/unlock/index.ts';

const schema = z.object({ user: identitySchema, extra: z.array(z.string()).max(0, english('common:oneUser')) });

export const unlock: JobCommand<z.output<typeof schema>> = {
  name: 'unlock',
  usage: 'unlock:usage',
  summary: 'unlock:summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([user, ...extra]) => ({ user, extra }),
  schema,
  plan: ({ user }, { channelT: t }) => unlockJob.plan({ identity: user }, t('unlock:card', { user: escapeSlack(user) })),
};
