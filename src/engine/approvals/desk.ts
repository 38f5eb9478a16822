// A person's decision on an approval, from a Slack button or the console prompt: checked (an
// approver? not the requester, unless allowed? still pending?), recorded once, audited; then the
// card shows the outcome and the parked job is woken up.
import { Job } from 'bullmq';
import type { AuditLog } from '../../audit.ts';
import type { JobQueues } from '../../queue/queues.ts';
import type { Access } from '../access.ts';
import type { Deliveries } from '../deliveries.ts';
import { outcomeLine } from './card.ts';
import type { Approval, ApprovalGate } from './gate.ts';

export type DeskAnswer = { decided: true; text: string } | { decided: false; text: string };

export class ApprovalDesk {
  constructor(
    private readonly options: {
      approvals: ApprovalGate;
      access: Access;
      audit: AuditLog;
      deliveries: Deliveries;
      queues: JobQueues;
      allowSelf: boolean;
    },
  ) {}

  /** Why this user may not decide it — the one place of the rules a click is held to — or undefined. */
  private async refusal(approval: Approval, user: string): Promise<{ reason: string; text: string } | undefined> {
    if (!(await this.options.access.mayApprove(user)))
      return { reason: 'not an approver', text: `Only approvers may decide this (EXCHANGE_APPROVERS). Nothing was changed.` };
    if (user === approval.requester && !this.options.allowSelf && approval.kind !== 'manual')
      return { reason: 'requester', text: 'You asked for this, so another approver must decide it (four eyes). Nothing was changed.' };
    return undefined;
  }

  /** The pending approvals among these, each with whether this user may decide it (App Home shows their buttons only then). */
  async pending(ids: readonly string[], user: string): Promise<{ approval: Approval; mayDecide: boolean }[]> {
    const found = await Promise.all(ids.map((id) => this.options.approvals.get(id)));
    const pending = found.filter((a): a is Approval => a?.state === 'pending' && a.expiresAt > Date.now());
    return Promise.all(pending.map(async (approval) => ({ approval, mayDecide: !(await this.refusal(approval, user)) })));
  }

  /**
   * `clicked`: the message the click came from, as the click says. Used only when the card's ts was
   * never stored (its worker died right after posting it), and only in the approval's own channel.
   */
  async decide(approvalId: string, user: string, decision: 'approved' | 'denied', clicked?: { channel?: string; ts?: string }): Promise<DeskAnswer> {
    const { approvals, audit, deliveries, queues } = this.options;
    const approval = await approvals.get(approvalId);
    if (!approval) return { decided: false, text: 'This approval request is unknown or too old.' };
    const refused = await this.refusal(approval, user);
    if (refused) {
      await audit.record({ type: 'approval.refused', approval: approvalId, user, reason: refused.reason });
      return { decided: false, text: refused.text };
    }
    const result = await approvals.decide(approvalId, decision, user);
    const now = (await approvals.get(approvalId))!;
    if (result !== 'ok') {
      return { decided: false, text: `Already decided: ${outcomeLine(now)}.` };
    }
    await audit.record({
      type: `approval.${decision}`,
      approval: approvalId,
      job: approval.jobId,
      step: approval.stepId,
      host: approval.host,
      user,
      what: approval.what,
    });
    // The approval's own card, as stored when it was posted: never another message the click names.
    // Not stored (the worker that posted it died first): the clicked message in the approval's own
    // channel, which only the card's buttons carry; not posted yet: it shows the outcome once it is.
    let card = now;
    if (!now.messageTs && clicked?.ts && clicked.channel === approval.channel) {
      await approvals.setMessageTs(approvalId, clicked.ts);
      card = { ...now, messageTs: clicked.ts };
    }
    await deliveries.approvalCard(card);
    const job = await Job.fromId(queues.queue(approval.queue), approval.jobId);
    await job?.promote().catch(() => undefined); // not delayed any more: a worker has it already
    return { decided: true, text: outcomeLine(now) };
  }
}
