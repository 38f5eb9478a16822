// The gate before a step that needs a person: an approval (Approve / Deny) or a manual step (Done).
// The job is parked while the request is pending (delayed until its expiry, holding no worker);
// a click promotes it. The worker never takes a decision from the job's data: it reads the
// approval record in Redis and accepts it only for this job, this step and this requester,
// decided by someone other than the requester (unless allowed), and not used up by an earlier run.
import { DelayedError } from 'bullmq';
import { escapeSlack } from '../../chat/escape.ts';
import { say, translator } from '../../i18n/i18n.ts';
import { cardLanguage } from '../job-card.ts';
import type { ProbeResult } from '../job-definition.ts';
import { DeniedError, type RunnerServices, type StepContext } from '../steps/run.ts';
import { outcomeLine, timeoutWords } from './card.ts';
import type { Approval } from './gate.ts';

export type GateKind = 'approval' | 'manual';

/** Is this record a decision for this very step of this job, fit to act on? */
function belongsTo(approval: Approval, ctx: StepContext, kind: GateKind): boolean {
  const { job, data } = ctx.run;
  return (
    approval.jobId === job.id &&
    approval.stepId === ctx.step.id &&
    approval.requester === data.requester &&
    (approval.kind ?? 'approval') === kind &&
    !approval.usedAt
  );
}

function approvedByOther(approval: Approval, kind: GateKind, allowSelf: boolean): boolean {
  if (approval.state !== 'approved' || !approval.decidedBy) return false;
  return kind === 'manual' || allowSelf || approval.decidedBy !== approval.requester;
}

/**
 * Returns once approved; parks the job while pending; throws DeniedError when denied or expired.
 * A manual step's Done is checked by its probe: not done yet → it says why and asks again.
 */
export async function passGate(ctx: StepContext, s: RunnerServices, kind: GateKind): Promise<void> {
  const { run, step, record, host } = ctx;
  const { data, job } = run;
  const { approvals, deliveries, audit } = s;
  const lang = cardLanguage(data);
  const t = translator(lang);
  const runs = record.runs ?? 1;
  let approval = record.approvalId ? await approvals.get(record.approvalId) : undefined;
  if (approval && !belongsTo(approval, ctx, kind)) {
    // Not this step's own request (edited job data, or used by an earlier run): ask afresh.
    approval = undefined;
    record.approvalId = undefined;
  }
  record.approvalId ??= `${job.id}.${step.id}.${runs}`;
  if (approval && approvedByOther(approval, kind, s.allowSelfApproval) && kind === 'manual') {
    const check: ProbeResult =
      step.manual!.check === false || !step.probe ? { done: true } : ((await s.pool.run(host, step.probe, s.stepTimeoutMs)) as ProbeResult);
    if (check.done) {
      record.approvedBy = approval.decidedBy;
      data.state = 'running';
      return;
    }
    // Marked done, but the check disagrees: say what it found, and ask again.
    const attempt = Number(/\.\d+\.(\d+)$/.exec(record.approvalId)?.[1] ?? '0') + 1;
    await deliveries.inThread(`${record.approvalId}.not-yet`, data, {
      text: t('approvals:gate.notYet', { detail: escapeSlack(check.detail ? say(lang, check.detail) : t('approvals:gate.stillFails')) }),
    });
    record.approvalId = `${job.id}.${step.id}.${runs}.${attempt}`;
    approval = undefined;
  }
  if (!approval) {
    approval = await approvals.create({
      id: record.approvalId,
      jobId: job.id!,
      host,
      queue: data.host,
      stepId: step.id,
      what: kind === 'manual' ? step.manual!.instructions(ctx.results) : step.approval!.what(ctx.results),
      requester: data.requester,
      channel: data.channel,
      threadTs: data.cardTs ?? '',
      confirm: kind === 'manual' ? false : (step.approval!.confirm ?? false),
      kind,
      ...(lang === 'en' ? {} : { language: lang }),
      expiresAt: Date.now() + s.approvalTimeoutMs,
    });
    if (!belongsTo(approval, ctx, kind)) throw new Error(`approval ${approval.id} belongs to another job or step`);
    await audit.record({ type: 'approval.request', approval: approval.id, job: job.id, step: step.id, host, user: data.requester, what: approval.what });
  }
  if (approval.state === 'pending' && Date.now() >= approval.expiresAt) {
    if ((await approvals.decide(approval.id, 'expired')) === 'ok') await audit.record({ type: 'approval.expired', approval: approval.id, job: job.id });
    approval = (await approvals.get(approval.id))!;
    await deliveries.approvalCard(approval);
  }
  switch (approval.state) {
    case 'approved':
      if (!approvedByOther(approval, kind, s.allowSelfApproval)) throw new DeniedError(t('approvals:gate.notByOther'));
      record.approvedBy = approval.decidedBy;
      data.state = 'running';
      return;
    case 'denied':
      throw new DeniedError(outcomeLine(approval));
    case 'expired':
      throw new DeniedError(t('approvals:gate.timedOut', { within: timeoutWords(approval.expiresAt - approval.createdAt, lang) }));
  }
  await park(ctx, s, approval);
}

/** Pending: park until the expiry; a click promotes the job sooner. */
async function park(ctx: StepContext, s: RunnerServices, approval: Approval): Promise<never> {
  const { run, record } = ctx;
  const { data, job } = run;
  record.phase = 'approval';
  data.state = 'waiting';
  await run.save();
  await job.moveToDelayed(approval.expiresAt, run.token);
  // Posted once (the outbox keeps it until Slack has it); its ts is remembered on the approval.
  if (!approval.messageTs) await s.deliveries.approvalCard(approval);
  throw new DelayedError();
}

/** The step this approval allowed is done: the same decision never allows it again. */
export async function useUp(ctx: StepContext, s: RunnerServices): Promise<void> {
  if (ctx.record.approvalId) await s.approvals.markUsed(ctx.record.approvalId);
}
