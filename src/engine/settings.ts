// Small shared settings kept in Redis (one hash), read by the bot and written by jobs: whether the
// WSE Exchange integration is on, and the deployment profile.
import type { Redis } from 'ioredis';

const KEY = 'chatops:settings';

export class Settings {
  constructor(private readonly redis: Redis) {}

  async get(name: string): Promise<string | undefined> {
    return (await this.redis.hget(KEY, name)) ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    await this.redis.hset(KEY, name, value);
  }

  async all(): Promise<Record<string, string>> {
    return this.redis.hgetall(KEY);
  }

  /** The settings whose names start with `prefix`, without it ("deploy:domain" → "domain"). */
  async group(prefix: string): Promise<Record<string, string>> {
    const all = await this.all();
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }
}

/** The deployment profile's keys are kept as "deploy:<key>". */
export const DEPLOY_PROFILE = 'deploy:';

/** The integration switch (the guide's U5): mailbox commands pause while it is off. */
export const INTEGRATION = 'exchange-integration';
