// The worker's processor: runs a job's steps in order, recording each step's state in the job
// (job.updateData) before and after it runs, so a worker killed at any point resumes at the first
// unfinished step, and the step's probe keeps a half-finished step from being done twice.
// Gates (approvals, manual steps) live in ../approvals/step.ts, restarts in ./reboot.ts, and the
// secrets a step gets in ./step-params.ts.
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { escapeSlack } from '../../chat/escape.ts';
import { MessageError, say, translator } from '../../i18n/i18n.ts';
import { log } from '../../log.ts';
import { ScriptError } from '../../powershell/session.ts';
import { passGate, useUp } from '../approvals/step.ts';
import type { Settings } from '../settings.ts';
import { cardLanguage, elapsed, stepLine } from '../job-card.ts';
import { CANCEL_KEY, type JobData, type StepRecord } from '../job-data.ts';
import type { JobDefinition, ProbeResult, StepDefinition } from '../job-definition.ts';
import { describeFailure } from './failure.ts';
import { rebootStep } from './reboot.ts';
import { waitUntil } from './schedule.ts';
import { DeniedError, type Run, type RunnerServices, type StepContext } from './run.ts';
import { untilDelivered } from './private-delivery.ts';
import { withRequiredApproval } from './required-approval.ts';
import { paramsWithSecrets } from './step-params.ts';

export interface StepRunnerOptions extends RunnerServices {
  jobs: ReadonlyMap<string, JobDefinition>;
  settings: Settings;
}

export class StepRunner {
  constructor(private readonly options: StepRunnerOptions) {}

  /** The BullMQ processor. */
  readonly process = async (job: Job<JobData>, token?: string): Promise<{ state: string }> => {
    const data = job.data;
    const definition = this.options.jobs.get(data.kind);
    if (!definition) throw new UnrecoverableError(`no job kind "${data.kind}" on this worker`);
    // Titles, outcomes, approvals and notes are the card's: in the job's channel language.
    const t = translator(cardLanguage(data));
    const steps = withRequiredApproval(definition.steps(data.params, this.options.hosts, t), data, t);
    if (data.steps.length !== steps.length) {
      data.steps = steps.map((s) => ({
        id: s.id,
        title: s.title,
        state: 'pending',
        ...(s.guard ? { guard: true } : {}),
        ...(s.undoes ? { undoes: s.undoes } : {}),
      }));
    }
    // A cleanup that ran when the job failed is to run again once what it undoes is redone (a retry).
    for (const [i, s] of steps.entries()) {
      const undone = s.undoes ? data.steps.find((r) => r.id === s.undoes) : undefined;
      if (undone && undone.state !== 'done' && data.steps[i]!.state === 'done')
        data.steps[i] = { id: s.id, title: s.title, state: 'pending', undoes: s.undoes };
    }
    const { deliveries, audit } = this.options;
    // Every save asks for the card to show it: the outbox sends the newest state, at most about
    // once a second, and keeps trying until Slack has it (also after this worker dies).
    const run: Run = {
      job,
      token,
      data,
      save: async (heartbeat) => {
        await job.updateData(data);
        await deliveries.card(job.id!, data, heartbeat);
      },
    };
    if (data.state === 'queued') await audit.record({ type: 'job.start', job: job.id, kind: data.kind, host: data.host, user: data.requester });
    data.state = 'running';
    data.startedAt ??= Date.now();
    await run.save();

    for (const [index, step] of steps.entries()) {
      const record = data.steps[index]!;
      if (record.state === 'done' || record.state === 'skipped') continue;
      const cancelledBy = await this.options.redis.get(CANCEL_KEY(job.id!));
      const parkedIn = record.phase;
      const resumed = record.state === 'running' && !parkedIn;
      if (resumed) log.info('resuming a step a previous worker started', { job: job.id, step: step.id });
      // A fresh attempt at a step that creates has made nothing yet: whatever its probe finds is not its
      // own, unless the last attempt's outcome is unknown (its shell broke mid-create: creatingUntil).
      if (step.creates && !resumed && !parkedIn && !record.creatingUntil) record.creatingSince = undefined;
      record.state = 'running';
      record.error = undefined;
      if (!parkedIn) {
        record.startedAt = Date.now();
        record.runs = (record.runs ?? 0) + 1;
      }
      await run.save();
      const host = step.role ? this.options.hosts.hostFor(step.role) : data.host;
      const ctx: StepContext = { run, step, record, index, host, results: Object.fromEntries(data.steps.map((s) => [s.id, s.result])) };
      try {
        if (cancelledBy) throw new DeniedError(t('engine:runner.cancelledBy', { by: `<@${cancelledBy}>` }));
        await this.runStep(ctx);
      } catch (error) {
        if (error instanceof DelayedError) throw error; // parked: not a failure
        // Exchange refused (a ScriptError): nothing was created. Otherwise (the shell broke, a timeout)
        // the object may exist: only one made between the create's start and now is this job's.
        if (step.creates && record.creatingSince && !record.created)
          record.creatingUntil = error instanceof ScriptError || error instanceof DeniedError ? undefined : Date.now();
        record.state = 'failed';
        record.phase = undefined;
        // A retry asks again; the decision that allowed this run never allows another (same job id or not).
        if (record.approvalId) await this.options.approvals.markUsed(record.approvalId).catch(() => undefined);
        record.approvalId = undefined;
        record.endedAt = Date.now();
        record.error = describeFailure(error, host, t.lang);
        data.state = error instanceof DeniedError ? 'cancelled' : 'failed';
        data.endedAt = Date.now();
        record.note = undefined;
        await this.cleanUp(run, steps, index);
        await job.updateData(data);
        // A failure is also a record in the thread; then the card shows the end state.
        if (data.state === 'failed')
          await deliveries.inThread(`${job.id}.${step.id}.${record.runs}.failed`, data, { text: stepLine(index, steps.length, record, t) });
        await deliveries.card(job.id!, data);
        await audit.record({ type: 'job.end', job: job.id, state: data.state, step: step.id, error: record.error });
        log.warn('step failed', { job: job.id, step: step.id, error: record.error });
        throw new UnrecoverableError(record.error);
      }
      record.phase = undefined;
      record.note = undefined;
      record.endedAt = Date.now();
      await run.save();
      await useUp(ctx, this.options);
    }
    await definition.onDone?.({ settings: this.options.settings }, data.params, Object.fromEntries(data.steps.map((s) => [s.id, s.result])));
    data.state = 'done';
    data.endedAt = Date.now();
    await run.save();
    await audit.record({ type: 'job.end', job: job.id, state: 'done', kind: data.kind });
    return { state: 'done' };
  };

  /**
   * The job stops at step `failedAt` (failed or cancelled): the cleanup steps after it whose undone
   * step is done run now (no approval: they give back), and the undone steps go back to pending.
   */
  private async cleanUp(run: Run, steps: StepDefinition[], failedAt: number): Promise<void> {
    const { data } = run;
    for (const [index, step] of steps.entries()) {
      if (index <= failedAt || !step.undoes) continue;
      const undone = data.steps.find((r) => r.id === step.undoes);
      const record = data.steps[index]!;
      if (!undone || undone.state !== 'done' || record.state === 'done') continue;
      const host = step.role ? this.options.hosts.hostFor(step.role) : data.host;
      const results = Object.fromEntries(data.steps.map((s) => [s.id, s.result]));
      record.state = 'running';
      record.startedAt = Date.now();
      record.runs = (record.runs ?? 0) + 1;
      try {
        await this.runScript({ run, step, record, index, host, results }, step, step.timeoutMs ?? this.options.stepTimeoutMs);
        record.state = 'done';
        Object.assign(undone, { state: 'pending', outcome: undefined, approvedBy: undefined, approvalId: undefined, phase: undefined });
      } catch (error) {
        record.state = 'failed';
        record.error = describeFailure(error, host);
        log.warn('cleanup step failed', { job: run.job.id, step: step.id, error: record.error });
      }
      record.endedAt = Date.now();
    }
  }

  private async runStep(ctx: StepContext): Promise<void> {
    const { step, record, host } = ctx;
    const t = translator(cardLanguage(ctx.run.data));
    const timeout = step.timeoutMs ?? this.options.stepTimeoutMs;
    const probe = async (): Promise<ProbeResult> =>
      (await this.options.pool.run(
        host,
        { script: step.probe!.script, params: { ...step.probe!.params, ...actsOnParams(step, ctx.run.data) } },
        timeout,
      )) as ProbeResult;

    const skip = step.skipIf?.(ctx.results);
    if (skip) {
      record.state = 'skipped';
      record.outcome = escapeSlack(skip);
      return;
    }
    if (step.notBefore !== undefined) await waitUntil(ctx, step.notBefore);
    let byHand = Boolean(step.manual && !step.manual.onlyWhenProbeSays) || (record.phase === 'approval' && Boolean(step.manual));
    if (step.probe && !record.phase) {
      const before = await probe();
      if (before.done && step.creates) adoptOwn(record, before);
      if (before.done) {
        record.state = 'skipped';
        record.outcome = before.detail ? escapeSlack(say(t.lang, before.detail)) : undefined;
        return;
      }
      if (before.manual && step.manual) byHand = true;
    }
    if (byHand) {
      await passGate(ctx, this.options, 'manual');
      record.state = 'done';
      const by = `<@${record.approvedBy}>`;
      const outcome = escapeSlack(step.outcome({}));
      record.outcome = step.manual!.check === false ? t('engine:runner.markedDone', { outcome, by }) : t('engine:runner.markedDoneChecked', { outcome, by });
      return;
    }
    if (step.approval) await passGate(ctx, this.options, 'approval');
    if (step.gateOnly) {
      record.state = 'done';
      record.outcome = step.outcome({ approvedBy: record.approvedBy });
      return;
    }
    if (step.creates) {
      // Saved before the create runs: a worker that dies before recording the id may find its own object.
      record.creatingSince = Date.now();
      await ctx.run.save();
    }
    if (step.reboots) await rebootStep(ctx, this.options);
    else await this.runScript(ctx, step, timeout);
    if (step.probe && step.verify !== false) {
      const after = await probe();
      const detail = after.detail ? { detail: after.detail } : undefined;
      if (!after.done) throw new MessageError(detail ? 'engine:runner.notDoneWhy' : 'engine:runner.notDone', detail);
      if (step.creates && after.id !== record.created) throw new MessageError(detail ? 'engine:runner.notCreatedWhy' : 'engine:runner.notCreated', detail);
    }
    record.state = 'done';
    if (record.approvedBy) record.outcome = t('engine:runner.approvedBy', { outcome: record.outcome ?? t('cards:done'), by: `<@${record.approvedBy}>` });
    log.info('step done', { job: ctx.run.job.id, step: step.id, host });
  }

  private async runScript(ctx: StepContext, step: StepDefinition, timeout: number): Promise<void> {
    const { run, record, host } = ctx;
    const { data, job } = run;
    const { chat, audit, pool } = this.options;
    const lang = cardLanguage(data);
    const { params, generated } = paramsWithSecrets(
      { ...step.params, ...step.paramsFrom?.(ctx.results), ...actsOnParams(step, data) },
      step,
      this.options.secretsDir,
    );
    const started = Date.now();
    // A long step says on the card that it is alive ("Exchange setup is running (2 min 10 s)").
    const heartbeat = step.progress
      ? setInterval(() => {
          record.note = `${step.progress} (${elapsed(Date.now() - started, lang)})`;
          void run.save(true).catch(() => undefined);
        }, this.options.heartbeatMs)
      : undefined;
    let result: unknown;
    try {
      result = await pool.run(host, { script: step.script, params }, timeout);
    } finally {
      clearInterval(heartbeat);
      await audit.record({ type: 'step.run', job: job.id, step: step.id, host, script: step.script.split('/').pop(), params, ms: Date.now() - started });
    }
    record.result = result;
    if (step.recordInAudit) await audit.record({ type: 'step.record', job: job.id, step: step.id, result });
    if (step.creates) {
      const id = (result as { Guid?: unknown } | null)?.Guid;
      if (typeof id !== 'string' || !id) throw new MessageError('engine:runner.noGuid');
      record.created = id;
      await run.save(); // before anything else: later steps act on this id only
    }
    record.outcome = escapeSlack(step.outcome(result));
    // Delivered before the step is done, so before the card can say Done. Never kept: a worker
    // that dies before Slack took it leaves the step to run again, with a fresh password.
    // The password's message is the requester's own: in their language.
    if (generated) {
      const message = step.generatedSecret!.deliver(generated, result, translator(data.language ?? 'en'));
      await untilDelivered('engine:delivery.privateMessage', () => chat.postPrivate(data.channel, data.requester, message));
    }
    if (step.attachment && data.cardTs) {
      const file = step.attachment(result);
      await untilDelivered('engine:delivery.file', () => chat.attach(data.channel, data.cardTs!, file));
    }
  }
}

/** The id an earlier step of this job created, as the parameter this step takes it in. */
function actsOnParams(step: StepDefinition, data: JobData): Record<string, unknown> {
  if (!step.actsOn) return {};
  const id = data.steps.find((s) => s.id === step.actsOn!.step)?.created;
  if (!id) throw new MessageError('engine:runner.noRecord', { step: step.actsOn.step });
  return { [step.actsOn.param]: id };
}

// A worker that died between creating and recording may find its own object: made after that worker
// started the create (a few seconds allowed for clocks apart). Anything else is somebody else's; a
// fresh attempt (a new job, a retry) has started no create, so it adopts nothing.
const CLOCK_SKEW_MS = 5000;

/** The probe found the object: it must be the one this job created; else the step fails. */
function adoptOwn(record: StepRecord, found: ProbeResult): void {
  if (found.id && record.created && found.id === record.created) return;
  const madeAt = found.createdAt ? new Date(found.createdAt).getTime() : Number.NaN;
  const until = record.creatingUntil ?? Number.POSITIVE_INFINITY;
  if (found.id && !record.created && record.creatingSince && madeAt >= record.creatingSince - CLOCK_SKEW_MS && madeAt <= until + CLOCK_SKEW_MS) {
    record.created = found.id;
    return;
  }
  throw new MessageError('engine:runner.notOurs', { detail: found.detail ?? 'engine:runner.existsAlready' });
}
