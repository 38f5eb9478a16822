// The scheduled health check (a BullMQ job scheduler on each host's read queue, every 15 minutes by
// default): runs the health script on the worker itself, and posts into the health channel only
// when something changes for the worse, and again when it recovers.
import type { Redis } from 'ioredis';
import type { Health } from '../../jobs/health/index.ts';
import type { ThreadReporter } from '../chat/thread-reporter.ts';
import { log } from '../log.ts';
import type { PowerShellPool } from '../powershell/pool.ts';
import { HEALTH_KEY } from './heartbeat.ts';
import { healthProblems } from './status.ts';

const LAST_KEY = (host: string) => `chatops:health-watch:${host}`;

export class HealthWatch {
  constructor(
    private readonly o: { redis: Redis; pool: PowerShellPool; reporter: ThreadReporter; channel: string; script: string },
  ) {}

  /** One check of one host; returns the problems it found. */
  async run(host: string): Promise<string[]> {
    let problems: string[];
    try {
      const health = (await this.o.pool.run(host, { script: this.o.script, params: {} }, 30_000, 'read')) as Health;
      await this.o.redis.set(HEALTH_KEY(host), JSON.stringify({ at: Date.now(), health }), 'PX', 24 * 3600 * 1000);
      problems = healthProblems(health);
    } catch (error) {
      problems = ['unreachable'];
      log.warn('health check failed', { host, error: String(error) });
    }
    const before: string[] = JSON.parse((await this.o.redis.get(LAST_KEY(host))) ?? '[]');
    await this.o.redis.set(LAST_KEY(host), JSON.stringify(problems));
    const worse = problems.filter((p) => !before.includes(p));
    const better = before.filter((p) => !problems.includes(p));
    if (worse.length) this.o.reporter.post(this.o.channel, { text: `⚠️ *${host}*: ${worse.join('; ')}` });
    if (better.length) this.o.reporter.post(this.o.channel, { text: `✅ *${host}* recovered: ${better.map((p) => p.replace(/ stopped$/, ' running again').replace(/ dismounted$/, ' mounted again')).join('; ')}${problems.length ? ` (still: ${problems.join('; ')})` : ''}` });
    return problems;
  }
}
