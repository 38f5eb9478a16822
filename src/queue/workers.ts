// Workers: one BullMQ worker per target host this process serves. A killed worker's job returns
// to the queue when its lock expires and runs again from the top: the step runner resumes it.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { JobData } from '../engine/job-data.ts';
import { log } from '../log.ts';
import { PREFIX, queueName, readQueueName } from './queues.ts';

export interface WorkerOptions {
  connection: ConnectionOptions;
  hosts: readonly string[];
  process: (job: import('bullmq').Job<JobData>) => Promise<unknown>;
  /** Read-only questions (the read queue of each host). */
  answer: (job: import('bullmq').Job<any>) => Promise<unknown>;
  lockMs: number;
  /** Scheduled work (the health watch): each runs every `everyMs` on each host's read queue. */
  schedules?: readonly { name: string; everyMs: number; run: (host: string) => Promise<unknown> }[];
}

export async function startWorkers(options: WorkerOptions): Promise<Worker[]> {
  const workers: Worker[] = [];
  for (const host of options.hosts) {
    const queue = new Queue(queueName(host), { connection: options.connection, prefix: PREFIX });
    await queue.setGlobalConcurrency(1); // one job at a time per server, across every worker
    await queue.close();
    const worker = new Worker<JobData>(queueName(host), options.process, {
      connection: options.connection,
      prefix: PREFIX,
      concurrency: 1,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(1000, Math.min(options.lockMs, 30_000)),
      // A crash (or a reboot of the worker's own host) counts as a stall; allow a few.
      maxStalledCount: 5,
    });
    worker.on('failed', (job, error) => log.warn('job failed', { job: job?.id, host, error: error.message }));
    worker.on('error', (error) => log.error('worker error', { host, error: error.message }));
    workers.push(worker);
    const schedules = new Map((options.schedules ?? []).map((s) => [`schedule:${s.name}`, s]));
    const reader = new Worker(
      readQueueName(host),
      (job) => {
        const scheduled = schedules.get(job.name);
        return scheduled ? scheduled.run(host) : options.answer(job);
      },
      { connection: options.connection, prefix: PREFIX, concurrency: 1 },
    );
    if (schedules.size) {
      const readQueue = new Queue(readQueueName(host), { connection: options.connection, prefix: PREFIX });
      for (const [name, s] of schedules) {
        await readQueue.upsertJobScheduler(`${s.name}-${host}`, { every: s.everyMs }, { name, data: { kind: name, host, params: {} } });
      }
      await readQueue.close();
    }
    reader.on('error', (error) => log.error('read worker error', { host, error: error.message }));
    workers.push(reader);
  }
  return workers;
}
