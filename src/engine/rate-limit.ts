// Per-user limits on what anyone may ask: so many commands a minute, and fewer asks that probe every
// host (a command with `probesHosts`). Kept in the bot's memory and checked before anything else,
// so an ask over the limit touches no Redis queue, no audit and no PowerShell, and other users are
// unaffected. The asker gets a private "Too many requests: try again in 12 s." (in their language).
import { type Language, t } from '../i18n/i18n.ts';

export interface Limit {
  count: number;
  windowMs: number;
}

/** "10/60" or "10/60s" (asks per seconds); "off" or "0": no limit. */
export function parseLimit(text: string): Limit | undefined | null {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === '0') return undefined;
  const m = /^(\d{1,6})\s*\/\s*(\d{1,6}(?:\.\d+)?)\s*s?$/.exec(t);
  if (!m || Number(m[2]) <= 0) return null;
  return { count: Number(m[1]), windowMs: Number(m[2]) * 1000 };
}

/** A sliding window per key: the times of the asks it let through. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly limit: Limit | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long `key` must wait (ms), or 0 when it may go now. Does not count the ask. */
  wait(key: string): number {
    if (!this.limit) return 0;
    const recent = this.recent(key);
    return recent.length < this.limit.count ? 0 : recent[recent.length - this.limit.count]! + this.limit.windowMs - this.now();
  }

  /** Counts an ask of `key`. */
  count(key: string): void {
    if (!this.limit) return;
    this.hits.set(key, [...this.recent(key), this.now()]);
  }

  /** Counts the ask when it may go; else says how long to wait (ms). */
  take(key: string): number {
    const wait = this.wait(key);
    if (!wait) this.count(key);
    return wait;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limit!.windowMs;
    const kept = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.hits.set(key, kept);
    else this.hits.delete(key);
    return kept;
  }
}

export function tooManyWords(waitMs: number, lang: Language = 'en'): string {
  return t(lang, 'engine:tooMany', { seconds: Math.max(1, Math.ceil(waitMs / 1000)) });
}

/** The two limits of commands: every command, and those that probe every host. */
export class CommandLimits {
  private readonly all: RateLimiter;
  private readonly probes: RateLimiter;
  constructor(limits: { commands?: Limit; probes?: Limit }, now: () => number = Date.now) {
    this.all = new RateLimiter(limits.commands, now);
    this.probes = new RateLimiter(limits.probes, now);
  }

  /** The private answer for a user over a limit (the ask is not counted then), or undefined. */
  refuse(user: string, probesHosts: boolean, lang: Language = 'en'): string | undefined {
    const wait = Math.max(this.all.wait(user), probesHosts ? this.probes.wait(user) : 0);
    if (wait > 0) return tooManyWords(wait, lang);
    this.all.count(user);
    if (probesHosts) this.probes.count(user);
    return undefined;
  }
}
