// Small shared settings kept in Redis (one hash), read by the bot and written by jobs (the
// integration switch, the deployment profile): each feature names its own settings.
import type { Redis } from 'ioredis';

const KEY = 'chatops:settings';

export class Settings {
  /** The bot's copy, kept by watch(): read from memory, so a command is decided without Redis. */
  private local?: Map<string, string>;

  /**
   * Where a change is announced. Redis's pub/sub channels are the server's, not a database's: a
   * bot on database 2 would take in every change made on database 5 of the same server (another
   * installation's integration switch) unless the channel names the database.
   */
  private readonly changed: string;

  constructor(private readonly redis: Redis) {
    this.changed = `chatops:settings:changed:db${redis.options.db ?? 0}`;
  }

  /** Keep a copy in memory, updated by every set() anywhere (Redis pub/sub) and on reconnect. */
  async watch(subscriber: Redis): Promise<void> {
    const reload = async () => {
      this.local = new Map(Object.entries(await this.redis.hgetall(KEY)));
    };
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.changed || !this.local) return;
      const { name, value } = JSON.parse(raw) as { name: string; value: string | null };
      if (value === null) this.local.delete(name);
      else this.local.set(name, value);
    });
    subscriber.on('ready', () => void reload().catch(() => undefined));
    await subscriber.subscribe(this.changed);
    await reload();
  }

  async get(name: string): Promise<string | undefined> {
    if (this.local) return this.local.get(name);
    return (await this.redis.hget(KEY, name)) ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    await this.redis.hset(KEY, name, value);
    this.local?.set(name, value);
    await this.redis.publish(this.changed, JSON.stringify({ name, value }));
  }

  /** Forget a setting everywhere (bot copies included). */
  async delete(name: string): Promise<void> {
    await this.redis.hdel(KEY, name);
    this.local?.delete(name);
    await this.redis.publish(this.changed, JSON.stringify({ name, value: null }));
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
