// /exchange restore <user>: undoes an offboarding that kept the account, from the state that
// offboarding recorded (kept by the bot under the user's names).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { OFFBOARD_RECORD, type OffboardRecord } from '../jobs/offboard/index.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { restoreJob } from '../jobs/restore/index.ts';

const schema = z.object({ user: identitySchema, extra: z.array(z.string()).max(0, english('common:oneUser')) });

export const restore: JobCommand<z.output<typeof schema>> = {
  name: 'restore',
  usage: 'restore:usage',
  summary: 'restore:summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([user, ...extra]) => ({ user, extra }),
  schema,
  async plan({ user }, ctx) {
    const saved = await ctx.services?.settings.get(`${OFFBOARD_RECORD}${user.toLowerCase()}`);
    if (!saved) return { refuse: ctx.t('restore:noRecord', { user: escapeSlack(user) }) };
    const { record, address } = JSON.parse(saved) as { record: OffboardRecord; address: string };
    // By its primary address (an offboarding leaves it as it is): the record's mailbox, whatever name was typed.
    return restoreJob.plan({ identity: address, record }, ctx.channelT('restore:card', { user: escapeSlack(user) }));
  },
};
