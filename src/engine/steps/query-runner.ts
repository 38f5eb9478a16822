// The read queues' processor: a read-only question runs its one script on the host's read shell
// (so it is answered while a long job holds the work shell) and returns the script's answer.
import { type Job, UnrecoverableError } from 'bullmq';
import type { PowerShellPool } from '../../powershell/pool.ts';
import type { Cache } from '../cache.ts';
import type { HostMap } from '../hosts.ts';
import type { QueryJobData } from '../job-data.ts';
import type { QueryDefinition } from '../job-definition.ts';
import { describeFailure } from './failure.ts';
import { paramsWithSecrets } from './step-params.ts';

export const QUERY_TIMEOUT_MS = 15_000;

/** The script call a query makes (without its secret). */
export function queryCall(query: QueryDefinition, params: unknown, hosts: HostMap): { script: string; params: Record<string, unknown> } {
  return { script: query.script, params: query.params?.(params, hosts) ?? {} };
}

export function queryRunner(o: { pool: PowerShellPool; queries: ReadonlyMap<string, QueryDefinition>; cache: Cache; hosts: HostMap; secretsDir: string }) {
  return async (job: Job<QueryJobData>): Promise<unknown> => {
    const { kind, host, params } = job.data;
    const query = o.queries.get(kind);
    if (!query) throw new UnrecoverableError(`no question "${kind}" on this worker`);
    try {
      const secret = query.storedSecret?.(params);
      const call = queryCall(query, params, o.hosts);
      const withSecret = paramsWithSecrets(call.params, { storedSecret: secret }, o.secretsDir, { missingSecret: 'tell' });
      const result = await o.pool.run(host, { script: call.script, params: withSecret.params }, QUERY_TIMEOUT_MS, 'read');
      await query.answered?.(result, { host, cache: o.cache });
      return result;
    } catch (error) {
      throw new UnrecoverableError(describeFailure(error, host));
    }
  };
}
