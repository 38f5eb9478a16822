// out-of-office: find the mailbox → automatic replies on (until a time, if given) or off.
import { fileURLToPath } from 'node:url';
import { defineJob } from '../../src/engine/job-definition.ts';
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
  steps: (p) => {
    const params = { Identity: p.identity, On: p.on, Message: p.message ?? '', EndTime: p.endTime ?? '' };
    return [
      findMailboxStep(p.identity),
      {
        id: 'auto-reply',
        title: p.on ? 'Turn automatic replies on' : 'Turn automatic replies off',
        script: script('set-auto-reply'),
        params,
        probe: { script: script('test-auto-reply'), params },
        outcome: (r: { Name: string }) =>
          p.on ? `${r.Name} now answers automatically${p.endShown ? ` until ${p.endShown}` : ''}` : `${r.Name}'s automatic replies are off`,
      },
    ];
  },
});
