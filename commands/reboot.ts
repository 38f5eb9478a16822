// /exchange reboot <host>: approval, restart, wait until the host is back, report the downtime.
import { z } from 'zod';
import type { JobCommand } from '../src/engine/command.ts';
import { rebootJob } from '../jobs/reboot/index.ts';

const schema = z.object({
  host: z
    .string({ error: 'is missing: name the server (see /exchange status)' })
    .transform((h) => h.toUpperCase())
    .pipe(z.string().regex(/^[A-Z][A-Z0-9-]{0,14}$/, 'must be a server name like WSE or EXCH')),
});

export const reboot: JobCommand<z.output<typeof schema>> = {
  name: 'reboot',
  usage: 'reboot <host>',
  summary: 'Restart a server after an approval, and report when it is back.',
  role: 'admin',
  parse: ([host, ...rest]) => (rest.length ? { host: `${host} ${rest.join(' ')}` } : { host }),
  schema,
  plan: ({ host }) => rebootJob.plan({ host }, `reboot ${host}`, host),
};
