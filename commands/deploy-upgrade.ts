// /exchange deploy upgrade: Exchange 2019 CU14/CU15 → Exchange Server SE in place, as a job with an
// approval before setup and one before the restart. The profile's setup-path names the SE media.
// From 2016 (or older) the answer says why not: SE from 2016 is a migration the bot does not automate.
import { z } from 'zod';
import type { JobCommand } from '../src/engine/command.ts';
import { english } from '../src/i18n/i18n.ts';
import { loadProfile } from '../jobs/deploy/profile.ts';
import { deployUpgradeJob, upgradeRefusal } from '../jobs/deploy/upgrade.ts';

export const deployUpgrade: JobCommand<{ extra: string[] }> = {
  name: 'deploy upgrade',
  usage: 'deploy:upgrade.usage',
  summary: 'deploy:upgrade.summary',
  role: 'admin',
  parse: (tokens) => ({ extra: tokens }),
  schema: z.object({ extra: z.array(z.string()).max(0, english('deploy:upgrade.errors.extra')) }),
  async plan(_args, ctx) {
    const { stored, profile } = await loadProfile(ctx.services.settings);
    const refusal = upgradeRefusal(profile.exchangeVersion, ctx.t);
    if (refusal) return { refuse: refusal };
    if (!stored['setup-path']) return { refuse: ctx.t('deploy:upgrade.setMedia') };
    return deployUpgradeJob.plan({ profile }, ctx.channelT('deploy:upgrade.card'));
  },
};
