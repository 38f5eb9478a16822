// What jobs say in Slack, through the durable outbox (src/chat/outbox.ts): the job card kept in
// its newest state (rendered from the job's data when sent), approval cards posted once and
// then kept showing their outcome, and one-off posts in a job's thread. Secrets never go here:
// a password is delivered by its step itself, before the step counts as done.
import { Job } from 'bullmq';
import type { Outbox } from '../chat/outbox.ts';
import type { ChatMessage } from '../chat/types.ts';
import type { JobQueues } from '../queue/queues.ts';
import { renderApprovalCard } from './approvals/card.ts';
import type { Approval, ApprovalGate } from './approvals/gate.ts';
import { renderCard } from './job-card.ts';
import type { JobData } from './job-data.ts';

export class Deliveries {
  constructor(
    private readonly outbox: Outbox,
    o: { queues: JobQueues; approvals: ApprovalGate },
  ) {
    outbox.register('card', {
      render: async (ref) => {
        const [host, id] = ref.split('/') as [string, string];
        const job = (await Job.fromId(o.queues.queue(host), id)) as Job<JobData> | undefined;
        return job ? renderCard(id, job.data) : undefined;
      },
    });
    outbox.register('approval', {
      render: async (id) => {
        const approval = await o.approvals.get(id);
        return approval ? renderApprovalCard(approval) : undefined;
      },
      posted: async (id, ts) => {
        await o.approvals.setMessageTs(id, ts);
        // Decided (or cancelled) before the card was even posted: show the outcome on it now.
        const now = await o.approvals.get(id);
        if (now && now.state !== 'pending') await this.approvalCard(now);
      },
    });
  }

  /**
   * The card shows the job's newest state (its data must be saved first). Its end, a wait for a
   * person, and a long step's heartbeat go out as soon as Slack's pace allows; progress may wait.
   */
  card(jobId: string, data: JobData, heartbeat = false): Promise<void> {
    if (!data.cardTs) return Promise.resolve();
    const urgent = heartbeat || (data.state !== 'running' && data.state !== 'queued');
    return this.outbox.sync(`card:${jobId}`, { renderer: 'card', ref: `${data.host}/${jobId}`, channel: data.channel, ts: data.cardTs }, urgent);
  }

  /** An approval's card: posted in the job's thread once, then kept showing its outcome. */
  async approvalCard(approval: Approval): Promise<void> {
    if (approval.messageTs) {
      await this.outbox.sync(`approval:${approval.id}`, { renderer: 'approval', ref: approval.id, channel: approval.channel, ts: approval.messageTs });
    } else if (approval.threadTs) {
      await this.outbox.post(`approval-post:${approval.id}`, {
        channel: approval.channel,
        threadTs: approval.threadTs,
        message: renderApprovalCard(approval),
        onPosted: { renderer: 'approval', ref: approval.id },
      });
    }
  }

  /** A message in the job's thread, posted once for this key (a failure's details). */
  inThread(key: string, data: JobData, message: ChatMessage): Promise<void> {
    if (!data.cardTs) return Promise.resolve();
    return this.outbox.post(`post:${key}`, { channel: data.channel, threadTs: data.cardTs, message });
  }
}
