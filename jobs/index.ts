// Every job kind (and read-only question) a worker can run, listed explicitly.
import type { JobDefinition } from '../src/engine/job-definition.ts';
import { addUserJob } from './add-user/index.ts';
import { deployJob, deployProbeQuery } from './deploy/index.ts';
import { certRequestJob, dnsCheckQuery, portsCheckQuery } from './deploy/queries.ts';
import { healthQuery, pingQuery } from './health/index.ts';
import { disableIntegrationJob, enableIntegrationJob } from './integration/index.ts';
import { rebootJob } from './reboot/index.ts';
import { removeUserJob } from './remove-user/index.ts';
import { setAliasJob } from './set-alias/index.ts';
import { setQuotaJob } from './set-quota/index.ts';
import { userCardQuery } from './user-card/index.ts';
import { userListQuery } from './user-list/index.ts';

export const jobs: ReadonlyMap<string, JobDefinition> = new Map(
  (
    [addUserJob, removeUserJob, setQuotaJob, setAliasJob, rebootJob, enableIntegrationJob, disableIntegrationJob, userCardQuery, userListQuery, healthQuery, pingQuery, deployJob, deployProbeQuery, dnsCheckQuery, portsCheckQuery, certRequestJob] as JobDefinition[]
  ).map((j) => [j.kind, j]),
);
