// user-card: the read-only question behind `/exchange user <user>`; findMailboxStep is the first
// step of every job that acts on one mailbox (exactly one match, or the candidates).
import { fileURLToPath } from 'node:url';
import type { JobDefinition, StepDefinition } from '../../src/engine/job-definition.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export function findMailboxStep(identity: string): StepDefinition {
  return {
    id: 'find-mailbox',
    title: 'Find the mailbox',
    script: script('find-mailbox'),
    params: { Identity: identity },
    outcome: (r: { Name: string; PrimarySmtpAddress: string }) => `${r.Name} <${r.PrimarySmtpAddress}>`,
  };
}

export const userCardQuery: JobDefinition<{ identity: string }> = {
  kind: 'user-card',
  steps: ({ identity }) => [{ id: 'user-card', title: 'Read the mailbox', script: script('get-user-card'), params: { Identity: identity }, outcome: () => '' }],
};
