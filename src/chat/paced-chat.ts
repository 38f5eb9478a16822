// Slack's limits, per method: posting messages about one a second per channel (with a short
// burst), chat.update by its tier (Tier 3, about 50 a minute), ephemeral and direct messages and
// files by theirs (Tier 4, about 100 a minute). Each call waits for its budget, in order, so the
// bot does not provoke rate-limit answers; when Slack answers 429 anyway, the Web API client waits
// out Retry-After. Only the Slack adapter is paced: the console has no limits.
import type { ChatAdapter, ChatMessage } from './types.ts';

/** A token bucket whose waiters are served in order. */
export class Budget {
  private tokens: number;
  private last = Date.now();
  private queue: (() => void)[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.serve();
    });
  }

  private serve(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    while (this.queue.length && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()!();
    }
    if (this.queue.length && !this.timer) {
      const wait = Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.serve();
      }, wait);
    }
  }
}

export interface Budgets {
  /** chat.postMessage, per channel. */
  postPerSecond: number;
  postBurst: number;
  /** chat.update, for the whole app: at most this many in any minute. */
  updatePerMinute: number;
  /** chat.postEphemeral, conversations.open, files: for the whole app, in any minute. */
  privatePerMinute: number;
}

/** At most `max` calls in any rolling minute: a fifth of them as a burst, the rest spread out. */
function perMinute(max: number): Budget {
  const burst = Math.max(1, Math.floor(max / 5));
  return new Budget(Math.max(1, max - burst) / 60, burst);
}

export const SLACK_BUDGETS: Budgets = { postPerSecond: 1, postBurst: 3, updatePerMinute: 50, privatePerMinute: 100 };

export class PacedChat implements ChatAdapter {
  readonly kind: ChatAdapter['kind'];
  private readonly posts = new Map<string, Budget>();
  private readonly updates: Budget;
  private readonly privates: Budget;

  constructor(
    private readonly inner: ChatAdapter,
    private readonly budgets: Budgets = SLACK_BUDGETS,
  ) {
    this.kind = inner.kind;
    this.updates = perMinute(budgets.updatePerMinute);
    this.privates = perMinute(budgets.privatePerMinute);
  }

  private postBudget(channel: string): Budget {
    let b = this.posts.get(channel);
    if (!b) {
      b = new Budget(this.budgets.postPerSecond, this.budgets.postBurst);
      this.posts.set(channel, b);
    }
    return b;
  }

  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<string> {
    await this.postBudget(channel).take();
    return this.inner.post(channel, message, threadTs);
  }

  async update(channel: string, ts: string, message: ChatMessage): Promise<void> {
    await this.updates.take();
    return this.inner.update(channel, ts, message);
  }

  async postPrivate(channel: string, user: string, message: ChatMessage): Promise<void> {
    await this.privates.take();
    return this.inner.postPrivate(channel, user, message);
  }

  async attach(channel: string, threadTs: string, file: { name: string; content: string; comment: string }): Promise<void> {
    await this.privates.take();
    return this.inner.attach(channel, threadTs, file);
  }
}
