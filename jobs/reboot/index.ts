// reboot: approval, restart, wait until the host is back (boot time moved, PowerShell answers),
// and report the downtime. Reboot steps of other jobs use the same `reboots` flag.
import { fileURLToPath } from 'node:url';
import type { HostRole } from '../../src/engine/hosts.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import { translator, type Translate } from '../../src/i18n/i18n.ts';

export const RESTART_SCRIPT = fileURLToPath(new URL('./restart-host.ps1', import.meta.url));

/** A restart of `host` as a step (on the server of `role`, else the job's own): behind an approval. `why` in `t`'s language. */
export function restartStep(host: string, why: string, role?: HostRole, t: Translate = translator('en')): StepDefinition {
  return {
    id: `restart-${host.toLowerCase()}`,
    title: t('reboot:steps.restart', { host }),
    ...(role ? { role } : {}),
    script: RESTART_SCRIPT,
    params: {},
    approval: { what: () => t('reboot:approval', { host, why }), confirm: true },
    reboots: true,
    outcome: () => t('reboot:outcome', { host }),
  };
}

export interface RebootParams {
  host: string;
}

/** Runs on the queue of the host it restarts (the command names it). */
export const rebootJob = defineJob<RebootParams>({
  kind: 'reboot',
  role: 'exchange',
  steps: ({ host }, _hosts, t = translator('en')) => [restartStep(host, t('reboot:onRequest'), undefined, t)],
});
