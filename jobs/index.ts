// Every job kind, read-only query and schedule a worker can run, listed explicitly.
import type { JobDefinition, QueryDefinition, ScheduleDefinition } from '../src/engine/job-definition.ts';
import { addUserJob } from './add-user/index.ts';
import { deployJob, deployProbeQuery } from './deploy/index.ts';
import { doctorQuery } from './doctor/index.ts';
import { certRequestJob, dnsCheckQuery, portsCheckQuery } from './deploy/queries.ts';
import { deployUpgradeJob } from './deploy/upgrade.ts';
import { healthQuery, healthWatch, pingQuery } from './health/index.ts';
import { forwardJob } from './forward/index.ts';
import { groupAddJob, groupListQuery, groupMembersJob, groupMembersQuery } from './group/index.ts';
import { disableIntegrationJob, enableIntegrationJob } from './integration/index.ts';
import { offboardJob } from './offboard/index.ts';
import { outOfOfficeJob } from './out-of-office/index.ts';
import { rebootJob } from './reboot/index.ts';
import { removeUserJob } from './remove-user/index.ts';
import { resetPasswordJob } from './reset-password/index.ts';
import { restoreJob } from './restore/index.ts';
import { mailboxRightJob, permissionsQuery, sharedMailboxAddJob } from './shared-mailbox/index.ts';
import { setAliasJob } from './set-alias/index.ts';
import { setQuotaJob } from './set-quota/index.ts';
import { traceQuery } from './trace/index.ts';
import { unlockJob } from './unlock/index.ts';
import { userCardQuery } from './user-card/index.ts';
import { userListQuery } from './user-list/index.ts';

const byKind = <T extends { kind: string }>(list: T[]): ReadonlyMap<string, T> => new Map(list.map((d) => [d.kind, d]));

export const jobs: ReadonlyMap<string, JobDefinition> = byKind<JobDefinition>([
  addUserJob,
  removeUserJob,
  setQuotaJob,
  setAliasJob,
  rebootJob,
  enableIntegrationJob,
  disableIntegrationJob,
  deployJob,
  deployUpgradeJob,
  certRequestJob,
  resetPasswordJob,
  unlockJob,
  offboardJob,
  restoreJob,
  outOfOfficeJob,
  forwardJob,
  groupAddJob,
  groupMembersJob,
  sharedMailboxAddJob,
  mailboxRightJob,
]);

export const queries: ReadonlyMap<string, QueryDefinition> = byKind<QueryDefinition>([
  userCardQuery,
  userListQuery,
  healthQuery,
  pingQuery,
  deployProbeQuery,
  dnsCheckQuery,
  portsCheckQuery,
  groupMembersQuery,
  groupListQuery,
  permissionsQuery,
  traceQuery,
  doctorQuery,
]);

export const schedules: readonly ScheduleDefinition[] = [healthWatch];
