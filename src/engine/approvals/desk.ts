// A person's decision on an approval, from a Slack button or the console prompt: checked (an
// approver? not the requester, unless allowed? still pending?), recorded once, audited; then the
// card shows the outcome and the parked job is woken up.
import { Job } from 'bullmq';
import type { AuditLog } from '../../audit.ts';
import { type Language, translator } from '../../i18n/i18n.ts';
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
    // text: the message key of what the clicker is told
    if (!(await this.options.access.mayApprove(user))) return { reason: 'not an approver', text: 'approvals:desk.notApprover' };
    if (user === approval.requester && !this.options.allowSelf && approval.kind !== 'manual') return { reason: 'requester', text: 'approvals:desk.fourEyes' };
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
   * `lang`: the clicker's language, for what they are told (the card shows the outcome in its own).
   */
  async decide(
    approvalId: string,
    user: string,
    decision: 'approved' | 'denied',
    clicked?: { channel?: string; ts?: string },
    lang: Language = 'en',
  ): Promise<DeskAnswer> {
    const { approvals, audit, deliveries, queues } = this.options;
    const t = translator(lang);
    const approval = await approvals.get(approvalId);
    if (!approval) return { decided: false, text: t('approvals:desk.unknown') };
    const refused = await this.refusal(approval, user);
    if (refused) {
      await audit.record({ type: 'approval.refused', approval: approvalId, user, reason: refused.reason });
      return { decided: false, text: t(refused.text) };
    }
    const result = await approvals.decide(approvalId, decision, user);
    const now = (await approvals.get(approvalId))!;
    if (result !== 'ok') {
      return { decided: false, text: t('approvals:desk.already', { outcome: outcomeLine(now, lang) }) };
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
    return { decided: true, text: outcomeLine(now, lang) };
  }
}
