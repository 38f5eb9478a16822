// ThreadReporter: every post and update a job makes goes through here, per channel, in order,
// at most one Slack call per `minIntervalMs` (Slack allows about one message a second per channel).
// Updates still waiting are coalesced: only the newest content of a message is sent.
// A failed call is logged and dropped; it never fails the job.
import { log } from '../log.ts';
import type { ChatAdapter, ChatMessage } from './types.ts';

export class MessageRef {
  /** Set once the message exists in the chat. */
  ts?: string;
  /** The queued post that will create it, while it has not been sent. */
  pending?: PostOp;
  readonly posted: Promise<string | undefined>;
  settle!: (ts: string | undefined) => void;
  constructor(
    readonly channel: string,
    ts?: string,
  ) {
    this.ts = ts;
    this.posted = ts ? Promise.resolve(ts) : new Promise((resolve) => (this.settle = resolve));
    if (ts) this.settle = () => undefined;
  }
}

interface PostOp {
  kind: 'post';
  ref: MessageRef;
  message: ChatMessage;
  threadTs?: string | MessageRef;
}
interface UpdateOp {
  kind: 'update';
  ref: MessageRef;
  message: ChatMessage;
}
interface AttachOp {
  kind: 'attach';
  threadTs: string;
  file: { name: string; content: string; comment: string };
}
interface PrivateOp {
  kind: 'private';
  user: string;
  message: ChatMessage;
}
type Op = PostOp | UpdateOp | PrivateOp | AttachOp;

interface ChannelQueue {
  ops: Op[];
  running: boolean;
  lastCall: number;
}

export class ThreadReporter {
  private readonly channels = new Map<string, ChannelQueue>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly chat: ChatAdapter,
    private readonly minIntervalMs: number,
  ) {}

  /** A reference to a message that exists already (a job's card). */
  existing(channel: string, ts: string): MessageRef {
    return new MessageRef(channel, ts);
  }

  post(channel: string, message: ChatMessage, threadTs?: string | MessageRef): MessageRef {
    const ref = new MessageRef(channel);
    const op: PostOp = { kind: 'post', ref, message, threadTs };
    ref.pending = op;
    this.enqueue(channel, op);
    return ref;
  }

  update(ref: MessageRef, message: ChatMessage): void {
    if (ref.pending) {
      ref.pending.message = message; // not sent yet: send the newest content instead
      return;
    }
    const queue = this.queue(ref.channel);
    const waiting = queue.ops.find((op): op is UpdateOp => op.kind === 'update' && op.ref === ref);
    if (waiting) waiting.message = message;
    else this.enqueue(ref.channel, { kind: 'update', ref, message });
  }

  postPrivate(channel: string, user: string, message: ChatMessage): void {
    this.enqueue(channel, { kind: 'private', user, message });
  }

  attach(channel: string, threadTs: string, file: { name: string; content: string; comment: string }): void {
    this.enqueue(channel, { kind: 'attach', threadTs, file });
  }

  /** Resolves when every queued call has been made (or dropped). */
  idle(): Promise<void> {
    const busy = [...this.channels.values()].some((q) => q.running || q.ops.length > 0);
    if (!busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private queue(channel: string): ChannelQueue {
    let queue = this.channels.get(channel);
    if (!queue) {
      queue = { ops: [], running: false, lastCall: 0 };
      this.channels.set(channel, queue);
    }
    return queue;
  }

  private enqueue(channel: string, op: Op): void {
    const queue = this.queue(channel);
    queue.ops.push(op);
    if (!queue.running) void this.pump(channel, queue);
  }

  private async pump(channel: string, queue: ChannelQueue): Promise<void> {
    queue.running = true;
    while (queue.ops.length > 0) {
      const wait = queue.lastCall + this.minIntervalMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const op = queue.ops.shift()!;
      queue.lastCall = Date.now();
      await this.execute(channel, op);
    }
    queue.running = false;
    if ([...this.channels.values()].every((q) => !q.running && q.ops.length === 0)) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async execute(channel: string, op: Op): Promise<void> {
    try {
      if (op.kind === 'post') {
        op.ref.pending = undefined;
        const thread = typeof op.threadTs === 'string' ? op.threadTs : op.threadTs ? await op.threadTs.posted : undefined;
        if (op.threadTs && !thread) throw new Error('the thread root was never posted');
        op.ref.ts = await this.chat.post(channel, op.message, thread);
        op.ref.settle(op.ref.ts);
      } else if (op.kind === 'update') {
        if (!op.ref.ts) return; // its post failed; nothing to update
        await this.chat.update(channel, op.ref.ts, op.message);
      } else if (op.kind === 'attach') {
        await this.chat.attach(channel, op.threadTs, op.file);
      } else {
        await this.chat.postPrivate(channel, op.user, op.message);
      }
    } catch (error) {
      if (op.kind === 'post') op.ref.settle(undefined);
      log.warn('chat call failed; the job goes on', { op: op.kind, channel, error: (error as Error).message });
    }
  }
}
