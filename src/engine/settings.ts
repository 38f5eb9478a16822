// Small shared settings kept in Redis (one hash), read by the bot and written by jobs (the
// integration switch, the deployment profile): each feature names its own settings.
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
    return Object.fromEntries(
      Object.entries(all)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  }
}
