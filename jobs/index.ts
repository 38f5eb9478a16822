// Every job kind a worker can run, listed explicitly.
import type { JobDefinition } from '../src/engine/job-definition.ts';
import { addUserJob } from './add-user/index.ts';
import { rebootJob } from './reboot/index.ts';
import { removeUserJob } from './remove-user/index.ts';

export const jobs: ReadonlyMap<string, JobDefinition> = new Map(
  ([addUserJob, removeUserJob, rebootJob] as JobDefinition[]).map((j) => [j.kind, j]),
);
