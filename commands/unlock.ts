// /exchange unlock <user>: unlocks an account that too many wrong passwords locked out.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { unlockJob } from '../jobs/unlock/index.ts';

const schema = z.object({ user: identitySchema, extra: z.array(z.string()).max(0, 'one user at a time') });

export const unlock: JobCommand<z.output<typeof schema>> = {
  name: 'unlock',
  usage: 'unlock <user>',
  summary: 'Unlock an account that wrong passwords locked out.',
  role: 'admin',
  guards: [integrationOn],
  parse: ([user, ...extra]) => ({ user, extra }),
  schema,
  plan: ({ user }) => unlockJob.plan({ identity: user }, `unlock ${escapeSlack(user)}`),
};
