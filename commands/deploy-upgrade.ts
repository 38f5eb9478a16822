// /exchange deploy upgrade: Exchange 2019 CU14/CU15 → Exchange Server SE in place, as a job with an
// approval before setup and one before the restart. The profile's setup-path names the SE media.
// From 2016 (or older) the answer says why not: SE from 2016 is a migration the bot does not automate.
import { z } from 'zod';
import type { JobCommand } from '../src/engine/command.ts';
import { loadProfile } from '../jobs/deploy/profile.ts';
import { deployUpgradeJob, upgradeRefusal } from '../jobs/deploy/upgrade.ts';

export const deployUpgrade: JobCommand<{ extra: string[] }> = {
  name: 'deploy upgrade',
  usage: 'deploy upgrade',
  summary: 'Upgrade Exchange 2019 CU14/CU15 to Exchange Server SE in place (approvals before setup and the restart).',
  role: 'admin',
  parse: (tokens) => ({ extra: tokens }),
  schema: z.object({ extra: z.array(z.string()).max(0, 'takes no arguments: set the SE media with deploy profile set setup-path …') }),
  async plan(_args, ctx) {
    const { stored, profile } = await loadProfile(ctx.services.settings);
    const refusal = upgradeRefusal(profile.exchangeVersion);
    if (refusal) return { refuse: refusal };
    if (!stored['setup-path'])
      return { refuse: 'Set the Exchange Server SE media first: `/exchange deploy profile set setup-path D:\\ExchangeSE\\Setup.exe`.' };
    return deployUpgradeJob.plan({ profile }, 'deploy upgrade to Exchange Server SE');
  },
};
