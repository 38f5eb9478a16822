// A small cache in Redis for features that remember an answer for a while (a host's last health
// check), shared by the bot and the workers. Values are plain JSON, never secrets.
import type { Redis } from 'ioredis';

const KEY = (name: string) => `chatops:cache:${name}`;

export class Cache {
  constructor(private readonly redis: Redis) {}

  async get<T>(name: string): Promise<T | undefined> {
    const raw = await this.redis.get(KEY(name));
    return raw ? (JSON.parse(raw) as T) : undefined;
  }

  async set(name: string, value: unknown, ttlMs: number): Promise<void> {
    await this.redis.set(KEY(name), JSON.stringify(value), 'PX', ttlMs);
  }
}
