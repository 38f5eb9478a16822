// /exchange enable-integration, /exchange disable-integration: the WSE Dashboard's Exchange
// integration (the guide's U5). While it is off, mailbox commands say so and touch nothing.
import { z } from 'zod';
import type { JobCommand } from '../src/engine/command.ts';
import { english } from '../src/i18n/i18n.ts';
import { disableIntegrationJob, enableIntegrationJob } from '../jobs/integration/index.ts';

function integrationCommand(on: boolean): JobCommand<Record<string, never>> {
  const name = on ? 'enable-integration' : 'disable-integration';
  const job = on ? enableIntegrationJob : disableIntegrationJob;
  return {
    name,
    usage: on ? 'integration:enable.usage' : 'integration:disable.usage',
    summary: on ? 'integration:enable.summary' : 'integration:disable.summary',
    role: 'admin',
    parse: (tokens) => ({ extra: tokens }),
    schema: z.object({ extra: z.array(z.string()).max(0, english('common:noArguments')) }).transform(() => ({})),
    plan: () => job.plan({}, name),
  };
}

export const enableIntegration = integrationCommand(true);
export const disableIntegration = integrationCommand(false);
