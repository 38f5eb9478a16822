// Small shared settings kept in Redis (one hash), read by the bot and written by jobs: whether the
// WSE Exchange integration is on, and later the deployment profile.
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
}

/** The integration switch (the guide's U5): mailbox commands pause while it is off. */
export const INTEGRATION = 'exchange-integration';
