// out-of-office: find the mailbox → automatic replies on (until a time, if given) or off.
import { fileURLToPath } from 'node:url';
import { defineJob } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface OutOfOfficeParams {
  identity: string;
  on: boolean;
  message?: string;
  /** ISO 8601, UTC. */
  endTime?: string;
  /** How the requester reads the end time ("2026-12-24 17:00 Europe/Paris"). */
  endShown?: string;
}

export const outOfOfficeJob = defineJob<OutOfOfficeParams>({
  kind: 'out-of-office',
  role: 'exchange',
  steps: (p, _hosts, t = translator('en')) => {
    const params = { Identity: p.identity, On: p.on, Message: p.message ?? '', EndTime: p.endTime ?? '' };
    return [
      findMailboxStep(p.identity, t),
      {
        id: 'auto-reply',
        title: p.on ? t('out-of-office:steps.on') : t('out-of-office:steps.off'),
        script: script('set-auto-reply'),
        params,
        probe: { script: script('test-auto-reply'), params },
        outcome: (r: { Name: string }) =>
          p.on
            ? p.endShown
              ? t('out-of-office:outcomes.onUntil', { name: r.Name, until: p.endShown })
              : t('out-of-office:outcomes.on', { name: r.Name })
            : t('out-of-office:outcomes.off', { name: r.Name }),
      },
    ];
  },
});
