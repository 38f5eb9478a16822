// forward: find the mailbox → forward its mail to another mailbox (keeping a copy with
// --keep-copy), or stop forwarding. What was set before is kept in the step's result.
import { fileURLToPath } from 'node:url';
import { defineJob } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface ForwardParams {
  identity: string;
  /** Absent: stop forwarding. */
  to?: string;
  keepCopy: boolean;
}

export const forwardJob = defineJob<ForwardParams>({
  kind: 'forward',
  role: 'exchange',
  steps: (p, _hosts, t = translator('en')) => {
    const params = { Identity: p.identity, ForwardTo: p.to ?? '', KeepCopy: p.keepCopy };
    return [
      findMailboxStep(p.identity, t),
      {
        id: 'forward',
        title: p.to ? t('forward:steps.forward') : t('forward:steps.stop'),
        script: script('set-forwarding'),
        params,
        probe: { script: script('test-forwarding'), params },
        recordInAudit: true,
        outcome: (r: { Name: string; To: string | null; Address?: string; KeepCopy?: boolean; Before: { ForwardingAddress: string } }) =>
          r.To
            ? t(r.KeepCopy ? 'forward:outcomes.toKept' : 'forward:outcomes.to', { name: r.Name, to: r.To, address: r.Address })
            : r.Before.ForwardingAddress
              ? t('forward:outcomes.offWas', { name: r.Name, was: r.Before.ForwardingAddress })
              : t('forward:outcomes.off', { name: r.Name }),
      },
    ];
  },
});
