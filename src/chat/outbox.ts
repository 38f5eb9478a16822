// The outbox: what a job has to say in Slack, kept in Redis until Slack has taken it, so that a
// crash, a Redis restart or a Slack outage never leaves a card in a state it is not in.
//
// Two kinds of entries, each under a key:
// - a sync ("card:job-12"): the message's newest content is rendered when it is sent (from the
//   job's data, or an approval's record), so only its newest state ever goes out; asking again
//   while one is in flight makes the drainer send once more afterwards;
// - a post ("post:job-12.failed"): a message posted once in a channel or thread, its content kept
//   with the entry (never a secret), optionally remembered by a callback once Slack gave its ts.
//
// Every bot and worker process drains the same outbox (entries are leased, so one process sends
// each), at once for what it wrote itself and every second for the rest. A failed send is tried
// again with backoff until Slack takes it. A message is updated at most once a second; an urgent
// state (a job's end, a wait for a person, a long step's heartbeat) goes as soon as that allows,
// while progress waits 3 s and then 3 or 6 s between updates, so a short job costs few calls.
import type { Redis } from 'ioredis';
import { log } from '../log.ts';
import type { ChatMessage } from './types.ts';

const DUE = 'chatops:outbox';
const ENTRY = (key: string) => `chatops:outbox:${key}`;
/** When a message was last updated and how often, kept past its entry (the pace outlives it). */
const SENT = (key: string) => `chatops:outbox-sent:${key}`;
const KEEP_MS = 24 * 3600 * 1000;

export type OutboxEntry =
  | { kind: 'sync'; renderer: string; ref: string; channel: string; ts: string }
  | { kind: 'post'; channel: string; threadTs?: string; message: ChatMessage; onPosted?: { renderer: string; ref: string } };

/** How a sync entry becomes a message, and what a post's `onPosted` does with the ts it got. */
export interface OutboxRenderer {
  render(ref: string): Promise<ChatMessage | undefined>;
  posted?(ref: string, ts: string): Promise<void>;
}

/** The Slack calls the outbox makes (the paced adapter). */
export interface OutboxChat {
  post(channel: string, message: ChatMessage, threadTs?: string): Promise<string>;
  update(channel: string, ts: string, message: ChatMessage): Promise<void>;
}

// Takes the lease of a due entry: only one process sends it (the one whose call moved its time).
const CLAIM = `
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not due or tonumber(due) > tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`;

// Deletes the entry only if nobody asked for it again since it was read (version unchanged).
const FINISH = `
if redis.call('HGET', KEYS[2], 'v') == ARGV[1] then
  redis.call('DEL', KEYS[2])
  redis.call('ZREM', KEYS[1], ARGV[2])
  return 1
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
return 0
`;

export class Outbox {
  private readonly renderers = new Map<string, OutboxRenderer>();
  private readonly inFlight = new Set<string>();
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly chat: OutboxChat,
    private readonly options: { updateGapMs?: number; leaseMs?: number } = {},
  ) {}

  register(name: string, renderer: OutboxRenderer): void {
    this.renderers.set(name, renderer);
  }

  /** Keep message `ts` showing the newest rendering of `ref` (a job's card). */
  async sync(key: string, entry: Omit<Extract<OutboxEntry, { kind: 'sync' }>, 'kind'>, urgent = true): Promise<void> {
    const [last, count] = await this.redis.hmget(SENT(key), 'last', 'n');
    const due = this.dueTime(Number(last ?? 0), Number(count ?? 0), urgent);
    await this.redis
      .multi()
      .hset(ENTRY(key), 'entry', JSON.stringify({ kind: 'sync', ...entry }))
      .hincrby(ENTRY(key), 'v', 1)
      .pexpire(ENTRY(key), KEEP_MS)
      .zadd(DUE, 'LT', due, key) // the earliest wish wins: an urgent state overtakes progress
      .exec();
    if (due <= Date.now()) this.kick();
    else setTimeout(() => this.kick(), due - Date.now()).unref();
  }

  private dueTime(lastSent: number, sent: number, urgent: boolean): number {
    const gap = this.options.updateGapMs ?? 1000;
    const now = Date.now();
    if (urgent) return Math.max(now, lastSent + gap);
    // Progress waits 3 s (a job that ends within it shows only its end), then comes 3 s and later
    // 6 s apart, so a job's progress costs few calls; what a person must see is urgent.
    const progressGap = (sent < 2 ? 3 : 6) * gap;
    return Math.max(now + 3 * gap, lastSent + progressGap);
  }

  /** Post a message once (a failure's details, an approval card). */
  async post(key: string, entry: Omit<Extract<OutboxEntry, { kind: 'post' }>, 'kind'>): Promise<void> {
    const created = await this.redis.hsetnx(ENTRY(key), 'entry', JSON.stringify({ kind: 'post', ...entry }));
    if (!created) return; // asked before: posted, or on its way
    await this.redis.multi().hset(ENTRY(key), 'v', '1').pexpire(ENTRY(key), KEEP_MS).zadd(DUE, Date.now(), key).exec();
    this.kick();
  }

  /** Drain every second, and at once after each sync/post made here. */
  start(everyMs = 1000): void {
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Resolves when nothing is due now (entries waiting for a retry or a gap do not count). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.draining;
      const due = await this.redis.zcount(DUE, '-inf', Date.now() + (this.options.updateGapMs ?? 1000));
      if (due === 0 && this.inFlight.size === 0) return;
      if (Date.now() > until) return;
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  private kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error) => log.warn('outbox drain failed', { error: (error as Error).message }))
      .finally(() => {
        this.draining = undefined;
        for (const w of this.waiters.splice(0)) w();
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    const now = Date.now();
    const due = await this.redis.zrangebyscore(DUE, '-inf', now, 'LIMIT', 0, 50);
    await Promise.all(due.map((key) => this.sendOne(key)));
  }

  private async sendOne(key: string): Promise<void> {
    if (this.inFlight.has(key)) return;
    const gap = this.options.updateGapMs ?? 1000;
    // Lease: push the due time forward, so another process leaves it alone while this one sends.
    const lease = Date.now() + (this.options.leaseMs ?? 30_000);
    const leased = await this.redis.eval(CLAIM, 1, DUE, key, String(Date.now()), String(lease));
    if (!leased) return;
    this.inFlight.add(key);
    try {
      const [raw, version, tries] = await this.redis.hmget(ENTRY(key), 'entry', 'v', 'tries');
      if (!raw) {
        await this.redis.zrem(DUE, key);
        return;
      }
      const entry = JSON.parse(raw) as OutboxEntry;
      try {
        await this.deliver(entry);
      } catch (error) {
        const n = Number(tries ?? 0) + 1;
        const backoff = Math.min(30_000, 500 * 2 ** Math.min(n, 6));
        await this.redis
          .multi()
          .hset(ENTRY(key), 'tries', String(n))
          .zadd(DUE, Date.now() + backoff, key)
          .exec();
        log.warn('chat call failed; it will be tried again', { key, tries: n, inMs: backoff, error: (error as Error).message });
        setTimeout(() => this.kick(), backoff).unref();
        return;
      }
      if (entry.kind === 'sync') {
        await this.redis.multi().hset(SENT(key), 'last', String(Date.now())).hincrby(SENT(key), 'n', 1).pexpire(SENT(key), 3600_000).exec();
      }
      const finished = await this.redis.eval(FINISH, 2, DUE, ENTRY(key), version ?? '', key, String(Date.now() + gap));
      if (!finished) setTimeout(() => this.kick(), gap).unref(); // asked again meanwhile: newest content next
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    if (entry.kind === 'sync') {
      const renderer = this.renderers.get(entry.renderer);
      if (!renderer) throw new Error(`no renderer "${entry.renderer}" in this process`);
      const message = await renderer.render(entry.ref);
      if (message) await this.chat.update(entry.channel, entry.ts, message);
      return;
    }
    const ts = await this.chat.post(entry.channel, entry.message, entry.threadTs);
    if (entry.onPosted) await this.renderers.get(entry.onPosted.renderer)?.posted?.(entry.onPosted.ref, ts);
  }
}
