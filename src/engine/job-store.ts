// Jobs as people see them: found by number (#12) on whichever host queue holds them, listed newest
// first, cancelled (before their next step) and retried (from their failed step).
import { Job, type JobState as BullState } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Language, translator } from '../i18n/i18n.ts';
import type { JobQueues } from '../queue/queues.ts';
import type { ApprovalGate } from './approvals/gate.ts';
import type { Deliveries } from './deliveries.ts';
import { jobNumber } from './job-card.ts';
import { CANCEL_KEY, type JobData } from './job-data.ts';

export type FoundJob = Job<JobData> & { id: string };

/** "12", "#12" or "job-12" → "job-12"; anything else → undefined. */
export function jobIdFrom(text: string): string | undefined {
  const m = /^(?:#|job-)?(\d{1,9})$/i.exec(text.trim());
  return m ? `job-${Number(m[1])}` : undefined;
}

/** A host's queue in numbers, for status. */
export interface HostJobs {
  waiting: number;
  /** Running, including a job parked while its host restarts. */
  running: number;
  waitingApproval: { jobId: string; approvalId?: string }[];
  failedToday: number;
}

/** What a job holds until one of its cleanup steps runs (rights granted for its duration), for status. */
export interface Holding {
  jobId: string;
  /** The step that took it, and what it said it did. */
  step: string;
  outcome?: string;
  /** The cleanup step that gives it back. */
  undo: string;
}

export class JobStore {
  constructor(private readonly o: { queues: JobQueues; hosts: readonly string[]; redis: Redis; deliveries: Deliveries; approvals: ApprovalGate }) {}

  async find(id: string): Promise<FoundJob | undefined> {
    for (const host of this.o.hosts) {
      const job = await Job.fromId<JobData>(this.o.queues.queue(host), id);
      if (job) return job as FoundJob;
    }
    return undefined;
  }

  /** The most recent jobs of every host, newest first. */
  async recent(limit = 200): Promise<FoundJob[]> {
    const all = await Promise.all(
      this.o.hosts.map((h) =>
        this.o.queues.queue(h).getJobs(['active', 'waiting', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'], 0, limit),
      ),
    );
    return (all.flat().filter(Boolean) as FoundJob[]).sort((a, b) => b.timestamp - a.timestamp).slice(0, limit);
  }

  async hostSummary(host: string): Promise<HostJobs> {
    const queue = this.o.queues.queue(host);
    const [counts, delayed, failed] = await Promise.all([
      queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      queue.getJobs(['delayed'], 0, 50),
      queue.getJobs(['failed'], 0, 200),
    ]);
    const parked = delayed.filter(Boolean) as FoundJob[];
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      running: (counts.active ?? 0) + parked.filter((j) => j.data.state === 'running').length,
      waitingApproval: parked
        .filter((j) => j.data.state === 'waiting')
        .map((j) => ({ jobId: j.id, approvalId: j.data.steps.find((s) => s.phase === 'approval')?.approvalId })),
      failedToday: failed.filter((j) => j && (j.finishedOn ?? 0) > dayAgo && j.data.state === 'failed').length,
    };
  }

  /** What unfinished or failed jobs still hold: a done step whose cleanup step has not run (or failed). */
  async holding(limit = 200): Promise<Holding[]> {
    const all = await Promise.all(this.o.hosts.map((h) => this.o.queues.queue(h).getJobs(['active', 'waiting', 'delayed', 'failed', 'prioritized'], 0, limit)));
    const found: Holding[] = [];
    for (const job of all.flat() as (FoundJob | undefined)[]) {
      for (const undo of job?.data.steps ?? []) {
        const held = undo.undoes ? job!.data.steps.find((s) => s.id === undo.undoes) : undefined;
        if (held?.state === 'done' && undo.state !== 'done') found.push({ jobId: job!.id, step: held.title, outcome: held.outcome, undo: undo.title });
      }
    }
    return found;
  }

  /** The approvals every host's parked jobs wait for. */
  async waitingApprovals(): Promise<string[]> {
    const hosts = await Promise.all(this.o.hosts.map((h) => this.hostSummary(h)));
    return hosts.flatMap((h) => h.waitingApproval.flatMap((w) => (w.approvalId ? [w.approvalId] : [])));
  }

  async state(job: FoundJob): Promise<BullState | 'unknown'> {
    return job.getState();
  }

  /** Waiting or parked jobs never start their next step; a running one stops after its current step. The answer is in `lang`. */
  async cancel(job: FoundJob, user: string, lang: Language = 'en'): Promise<string> {
    const t = translator(lang);
    const state = await job.getState();
    if (state === 'completed' || state === 'failed')
      return t('engine:store.ended', { job: jobNumber(job.id), state: t(`engine:store.state.${job.data.state}`) });
    await this.o.redis.set(CANCEL_KEY(job.id), user, 'EX', 30 * 24 * 3600);
    if (state === 'delayed') {
      // Parked for an approval: the request is denied by this cancel, and the job wakes to end.
      const approvalId = job.data.steps.find((s) => s.phase === 'approval')?.approvalId;
      if (approvalId && (await this.o.approvals.decide(approvalId, 'denied', user)) === 'ok') {
        const approval = await this.o.approvals.get(approvalId);
        if (approval) await this.o.deliveries.approvalCard(approval);
      }
      await job.promote().catch(() => undefined);
    }
    return state === 'active' ? t('engine:store.cancellingActive', { job: jobNumber(job.id) }) : t('engine:store.cancelling', { job: jobNumber(job.id) });
  }

  /** A failed or cancelled job runs again from its failed step; done steps stay done. The answer is in `lang`. */
  async retry(job: FoundJob, lang: Language = 'en'): Promise<string> {
    const t = translator(lang);
    if ((await job.getState()) !== 'failed') return t('engine:store.notFailed', { job: jobNumber(job.id), state: t(`engine:store.state.${job.data.state}`) });
    const data = job.data;
    // Nothing created yet: the guards (the name is free) are checked again, as for a new job. A create
    // whose outcome is unknown (creatingUntil) may have made its object: its own probe decides.
    const createdSomething = data.steps.some((s) => s.created || s.creatingUntil);
    for (const step of data.steps) {
      if (step.state === 'failed' || step.state === 'running' || (step.guard && !createdSomething)) {
        Object.assign(step, {
          state: 'pending',
          error: undefined,
          phase: undefined,
          approvalId: undefined,
          approvedBy: undefined,
          reboot: undefined,
          creatingSince: step.creatingUntil ? step.creatingSince : undefined,
          result: step.guard ? undefined : step.result,
          outcome: undefined,
        });
      }
    }
    data.state = 'queued';
    data.endedAt = undefined;
    await this.o.redis.del(CANCEL_KEY(job.id));
    await job.updateData(data);
    await job.retry('failed');
    await this.o.deliveries.card(job.id, data);
    const from = data.steps.find((s) => s.state === 'pending');
    return from ? t('engine:store.retryingFrom', { job: jobNumber(job.id), title: from.title }) : t('engine:store.retrying', { job: jobNumber(job.id) });
  }
}
