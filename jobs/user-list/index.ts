// user-list: the read-only question behind `/exchange users [filter]`.
import { fileURLToPath } from 'node:url';
import type { JobDefinition } from '../../src/engine/job-definition.ts';

export const userListQuery: JobDefinition<{ filter: string }> = {
  kind: 'user-list',
  steps: ({ filter }) => [
    { id: 'user-list', title: 'List the mailboxes', script: fileURLToPath(new URL('./get-user-list.ps1', import.meta.url)), params: { Filter: filter }, outcome: () => '' },
  ],
};
