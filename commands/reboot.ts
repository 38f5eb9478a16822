// /exchange reboot <host>: approval, restart, wait until the host is back, report the downtime.
import { z } from 'zod';
import type { JobCommand } from '../src/engine/command.ts';
import { english } from '../src/i18n/i18n.ts';
import { rebootJob } from '../jobs/reboot/index.ts';

const schema = z.object({
  host: z
    .string({ error: english('reboot:errors.hostMissing') })
    .transform((h) => h.toUpperCase())
    .pipe(z.string().regex(/^[A-Z][A-Z0-9-]{0,14}$/, english('reboot:errors.host'))),
});

export const reboot: JobCommand<z.output<typeof schema>> = {
  name: 'reboot',
  usage: 'reboot:usage',
  summary: 'reboot:summary',
  role: 'admin',
  parse: ([host, ...rest]) => (rest.length ? { host: `${host} ${rest.join(' ')}` } : { host }),
  schema,
  plan: ({ host }, { channelT: t }) => rebootJob.plan({ host }, t('reboot:card', { host }), host),
};
