// health: the short check behind /exchange status and the scheduled health watch (read queue).
import { fileURLToPath } from 'node:url';
import type { JobDefinition } from '../../src/engine/job-definition.ts';
import { BOOT_TIME_SCRIPT } from '../../src/engine/step-runner.ts';

export interface Health {
  LastBootUpTime: string;
  Exchange: boolean;
  Databases?: { Name: string; Mounted: boolean }[];
  Services?: { Name: string; Running: boolean }[];
  QueueLength?: number;
  Disk?: { Drive: string; Size: number; Free: number };
}

export const healthQuery: JobDefinition<Record<string, never>> = {
  kind: 'health',
  steps: () => [{ id: 'health', title: 'Health check', script: fileURLToPath(new URL('./get-health.ps1', import.meta.url)), params: {}, outcome: () => '' }],
};

/** The quickest question a host can answer: is it there (its boot time)? */
export const pingQuery: JobDefinition<Record<string, never>> = {
  kind: 'ping',
  steps: () => [{ id: 'ping', title: 'Ping', script: BOOT_TIME_SCRIPT, params: {}, outcome: () => '' }],
};
