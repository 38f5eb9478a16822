// reboot: approval, restart, wait until the host is back (boot time moved, PowerShell answers),
// and report the downtime. Reboot steps of other jobs use the same `reboots` flag.
import { fileURLToPath } from 'node:url';
import type { HostRole } from '../../src/engine/hosts.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';

export const RESTART_SCRIPT = fileURLToPath(new URL('./restart-host.ps1', import.meta.url));

/** A restart of `host` as a step (on the server of `role`, else the job's own): behind an approval. */
export function restartStep(host: string, why: string, role?: HostRole): StepDefinition {
  return {
    id: `restart-${host.toLowerCase()}`,
    title: `Restart ${host}`,
    ...(role ? { role } : {}),
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

/** Runs on the queue of the host it restarts (the command names it). */
export const rebootJob = defineJob<RebootParams>({
  kind: 'reboot',
  role: 'exchange',
  steps: ({ host }) => [restartStep(host, 'on request')],
});
