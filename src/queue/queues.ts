// BullMQ queues: one per target host, each with a global concurrency of 1 so that two jobs never
// change the same server at once. Job ids are short numbers people can type (#12).
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobData, newJobData, type QueryJobData, type RequesterWithLanguages } from '../engine/job-data.ts';
import type { HostPlan } from '../engine/job-definition.ts';

export const PREFIX = 'chatops';
export const queueName = (host: string) => `host-${host}`;
/** Read-only questions: their own queue per host, so they never wait behind a long job. */
export const readQueueName = (host: string) => `read-${host}`;

export function redisConnection(url: string): ConnectionOptions {
  // Workers block on Redis: ioredis must not give up on a command while Redis restarts.
  return { url, maxRetriesPerRequest: null };
}

export const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 1000 };
export const KEEP_FAILED = { age: 30 * 24 * 3600, count: 5000 };

export class JobQueues {
  private readonly queues = new Map<string, Queue<JobData>>();
  private readonly readQueues = new Map<string, { queue: Queue; events: QueueEvents }>();

  constructor(
    private readonly connection: ConnectionOptions,
    private readonly redis: Redis,
  ) {}

  queue(host: string): Queue<JobData> {
    let queue = this.queues.get(host);
    if (!queue) {
      queue = new Queue<JobData>(queueName(host), { connection: this.connection, prefix: PREFIX });
      this.queues.set(host, queue);
    }
    return queue;
  }

  /** A new job id: "job-12". Ids are global across hosts so "#12" names one job. */
  async nextId(): Promise<string> {
    return `job-${await this.redis.incr(`${PREFIX}:job-seq`)}`;
  }

  async enqueue(jobId: string, plan: HostPlan, requester: RequesterWithLanguages, cardTs?: string): Promise<void> {
    await this.queue(plan.host).add(plan.kind, newJobData(plan, requester, cardTs), {
      jobId,
      attempts: 1,
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
  }

  /** Asks a host a read-only question on its read queue and waits for the answer. */
  async ask(question: QueryJobData, timeoutMs: number): Promise<unknown> {
    let read = this.readQueues.get(question.host);
    if (!read) {
      const name = readQueueName(question.host);
      read = {
        queue: new Queue(name, { connection: this.connection, prefix: PREFIX }),
        events: new QueueEvents(name, { connection: this.connection, prefix: PREFIX }),
      };
      this.readQueues.set(question.host, read);
      await read.events.waitUntilReady();
    }
    const job = await read.queue.add(question.kind, question, { removeOnComplete: { age: 60 }, removeOnFail: { age: 3600 } });
    try {
      return await job.waitUntilFinished(read.events, timeoutMs);
    } catch (error) {
      // Unanswered (no worker, host down): do not leave the question queued for later.
      if ((await job.getState().catch(() => 'unknown')) === 'waiting') await job.remove().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all([...this.readQueues.values()].flatMap((r) => [r.queue.close(), r.events.close()]));
    this.queues.clear();
    this.readQueues.clear();
  }
}
