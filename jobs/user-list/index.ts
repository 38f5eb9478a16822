// user-list: the read-only question behind `/exchange users [filter]`.
import { fileURLToPath } from 'node:url';
import { defineQuery } from '../../src/engine/job-definition.ts';

/** One mailbox as get-user-list.ps1 answers it. */
export interface MailboxRow {
  Name: string;
  Alias: string;
  PrimarySmtpAddress: string;
  Size: number | null;
  Limit: number | null;
  UseDatabaseQuotaDefaults: boolean;
  StorageLimitStatus: string;
}

export const userListQuery = defineQuery<{ filter: string }, { mailboxes: MailboxRow[] }>({
  kind: 'user-list',
  role: 'exchange',
  script: fileURLToPath(new URL('./get-user-list.ps1', import.meta.url)),
  params: ({ filter }) => ({ Filter: filter }),
});
