// forward: find the mailbox → forward its mail to another mailbox (keeping a copy with
// --keep-copy), or stop forwarding. What was set before is kept in the step's result.
import { fileURLToPath } from 'node:url';
import { defineJob } from '../../src/engine/job-definition.ts';
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
  steps: (p) => {
    const params = { Identity: p.identity, ForwardTo: p.to ?? '', KeepCopy: p.keepCopy };
    return [
      findMailboxStep(p.identity),
      {
        id: 'forward',
        title: p.to ? 'Forward the mail' : 'Stop forwarding',
        script: script('set-forwarding'),
        params,
        probe: { script: script('test-forwarding'), params },
        recordInAudit: true,
        outcome: (r: { Name: string; To: string | null; Address?: string; KeepCopy?: boolean; Before: { ForwardingAddress: string } }) =>
          r.To
            ? `${r.Name}'s mail goes to ${r.To} <${r.Address}>${r.KeepCopy ? ' (a copy stays in the mailbox)' : ''}`
            : `${r.Name}'s mail is no longer forwarded${r.Before.ForwardingAddress ? ` (it went to ${r.Before.ForwardingAddress})` : ''}`,
      },
    ];
  },
});
