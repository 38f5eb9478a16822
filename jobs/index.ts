// Every job kind a worker can run, listed explicitly.
import type { JobDefinition } from '../src/engine/job-definition.ts';
import { addUserJob } from './add-user/index.ts';

export const jobs: ReadonlyMap<string, JobDefinition> = new Map([addUserJob].map((j) => [j.kind, j as JobDefinition]));
