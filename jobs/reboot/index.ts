// reboot: approval, restart, wait until the host is back (boot time moved, PowerShell answers),
// and report the downtime. Reboot steps of other jobs use the same `reboots` flag.
import { fileURLToPath } from 'node:url';
import type { JobDefinition, StepDefinition } from '../../src/engine/job-definition.ts';

export const RESTART_SCRIPT = fileURLToPath(new URL('./restart-host.ps1', import.meta.url));

/** A restart of `host` as a step: behind an approval, with a confirm dialog. */
export function restartStep(host: string, why: string): StepDefinition {
  return {
    id: `restart-${host.toLowerCase()}`,
    title: `Restart ${host}`,
    host,
    script: RESTART_SCRIPT,
    params: {},
    approval: { what: () => `Restart *${host}* (${why}). It will be offline for a few minutes.`, confirm: true },
    reboots: true,
    outcome: () => `${host} restarted`,
  };
}

export interface RebootParams {
  host: string;
}

export const rebootJob: JobDefinition<RebootParams> = {
  kind: 'reboot',
  steps: ({ host }) => [restartStep(host, 'on request')],
};
