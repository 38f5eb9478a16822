// The worker's processor: runs a job's steps in order, recording each step's state in the job
// (job.updateData) before and after it runs, so a worker killed at any point resumes at the first
// unfinished step, and the step's probe keeps a half-finished step from being done twice.
// A step that needs approval parks the job (delayed until the approval expires, no worker held);
// a step that reboots its host parks it too, so the restart is not a stalled job.
import { fileURLToPath } from 'node:url';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { AuditLog } from '../audit.ts';
import { escapeSlack } from '../chat/escape.ts';
import { type MessageRef, ThreadReporter } from '../chat/thread-reporter.ts';
import { log } from '../log.ts';
import type { PowerShellPool } from '../powershell/pool.ts';
import { ScriptError, ShellBrokenError } from '../powershell/session.ts';
import { generatePassword, readSecret, SecretMissingError } from '../secrets.ts';
import { outcomeLine, renderApprovalCard, timeoutWords } from './approval-card.ts';
import type { ApprovalGate } from './approvals.ts';
import type { Redis } from 'ioredis';
import { HEALTH_KEY, REBOOTING } from './heartbeat.ts';
import type { Settings } from './settings.ts';
import { elapsed, renderCard, stepLine } from './job-card.ts';
import type { JobDefinition, ProbeResult, StepDefinition } from './job-definition.ts';
import { CANCEL_KEY, type JobData, type StepRecord } from './job-data.ts';

export const BOOT_TIME_SCRIPT = fileURLToPath(new URL('../powershell/scripts/get-boot-time.ps1', import.meta.url));

export interface StepRunnerOptions {
  pool: PowerShellPool;
  reporter: ThreadReporter;
  jobs: ReadonlyMap<string, JobDefinition>;
  stepTimeoutMs: number;
  approvals: ApprovalGate;
  audit: AuditLog;
  approvalTimeoutMs: number;
  rebootWaitMs: number;
  settings: Settings;
  redis: Redis;
  secretsDir: string;
  heartbeatMs: number;
}

/** A person said no (or nobody said yes in time): the job ends as cancelled. */
class DeniedError extends Error {}

/** A failure in plain words, for the thread. */
export function describeFailure(error: unknown, host: string): string {
  if (error instanceof ScriptError) return escapeSlack(error.failure.message);
  if (error instanceof ShellBrokenError) return `PowerShell on ${host} stopped answering (${escapeSlack(error.message)}).`;
  if (error instanceof DeniedError) return error.message;
  return escapeSlack((error as Error)?.message ?? String(error));
}

interface Run {
  job: Job<JobData>;
  token: string | undefined;
  data: JobData;
  save(): Promise<void>;
}

export class StepRunner {
  constructor(private readonly options: StepRunnerOptions) {}

  /** The BullMQ processor. */
  readonly process = async (job: Job<JobData>, token?: string): Promise<{ state: string }> => {
    const data = job.data;
    const definition = this.options.jobs.get(data.kind);
    if (!definition) throw new UnrecoverableError(`no job kind "${data.kind}" on this worker`);
    const steps = definition.steps(data.params);
    if (data.steps.length !== steps.length) {
      data.steps = steps.map((s) => ({ id: s.id, title: s.title, state: 'pending' }));
    }
    const { reporter } = this.options;
    const card = data.cardTs ? reporter.existing(data.channel, data.cardTs) : undefined;
    const run: Run = {
      job,
      token,
      data,
      save: async () => {
        await job.updateData(data);
        if (card) reporter.update(card, renderCard(job.id!, data));
      },
    };
    if (data.state === 'queued') await this.options.audit.record({ type: 'job.start', job: job.id, kind: data.kind, host: data.host, user: data.requester });
    data.state = 'running';
    data.startedAt ??= Date.now();
    await run.save();

    for (const [index, step] of steps.entries()) {
      const record = data.steps[index]!;
      if (record.state === 'done' || record.state === 'skipped') continue;
      const cancelledBy = await this.options.redis.get(CANCEL_KEY(job.id!));
      const parkedIn = record.phase;
      if (record.state === 'running' && !parkedIn) log.info('resuming a step a previous worker started', { job: job.id, step: step.id });
      record.state = 'running';
      record.error = undefined;
      if (!parkedIn) {
        record.startedAt = Date.now();
        record.runs = (record.runs ?? 0) + 1;
      }
      await run.save();
      const line = card
        ? record.lineTs
          ? reporter.existing(data.channel, record.lineTs)
          : reporter.post(data.channel, { text: stepLine(index, steps.length, record) }, card)
        : undefined;
      try {
        if (cancelledBy) throw new DeniedError(`Cancelled by <@${cancelledBy}>`);
        await this.runStep(run, steps, index, line);
      } catch (error) {
        if (error instanceof DelayedError) throw error; // parked: not a failure
        record.state = 'failed';
        record.phase = undefined;
        record.approvalId = undefined; // a retry asks again
        record.endedAt = Date.now();
        record.error = describeFailure(error, step.host ?? data.host);
        data.state = error instanceof DeniedError ? 'cancelled' : 'failed';
        data.endedAt = Date.now();
        await run.save();
        this.report(line, index, steps.length, record);
        await this.options.audit.record({ type: 'job.end', job: job.id, state: data.state, step: step.id, error: record.error });
        log.warn('step failed', { job: job.id, step: step.id, error: record.error });
        throw new UnrecoverableError(record.error);
      }
      record.phase = undefined;
      record.endedAt = Date.now();
      await run.save();
      this.report(line, index, steps.length, record);
    }
    await definition.onDone?.({ settings: this.options.settings }, data.params);
    data.state = 'done';
    data.endedAt = Date.now();
    await run.save();
    await this.options.audit.record({ type: 'job.end', job: job.id, state: 'done', kind: data.kind });
    return { state: 'done' };
  };

  /** The read queues' processor: a read-only question is a one-step job kind, run on the read lane. */
  readonly answer = async (job: Job<{ kind: string; host: string; params: Record<string, unknown> }>): Promise<unknown> => {
    const definition = this.options.jobs.get(job.data.kind);
    const step = definition?.steps(job.data.params)[0];
    if (!step) throw new UnrecoverableError(`no question "${job.data.kind}" on this worker`);
    try {
      let params = step.params;
      if (step.storedSecret) {
        // A question must still be answered without its secret: the script is told what is missing.
        try {
          params = { ...params, [step.storedSecret.param]: readSecret(step.storedSecret.name, this.options.secretsDir) };
        } catch (error) {
          if (!(error instanceof SecretMissingError)) throw error;
          params = { ...params, SecretProblem: error.message };
        }
      }
      const result = await this.options.pool.run(step.host ?? job.data.host, { script: step.script, params }, 15_000, 'read');
      // A health check answers whoever waits, and the next /exchange status through the cache.
      if (job.data.kind === 'health') await this.options.redis.set(HEALTH_KEY(job.data.host), JSON.stringify({ at: Date.now(), health: result }), 'PX', 24 * 3600 * 1000);
      return result;
    } catch (error) {
      throw new UnrecoverableError(describeFailure(error, step.host ?? job.data.host));
    }
  };

  private report(line: MessageRef | undefined, index: number, total: number, record: StepRecord): void {
    if (line) this.options.reporter.update(line, { text: stepLine(index, total, record) });
  }

  private async runStep(run: Run, steps: StepDefinition[], index: number, line: MessageRef | undefined): Promise<void> {
    const { data, job } = run;
    const step = steps[index]!;
    const record = data.steps[index]!;
    const host = step.host ?? data.host;
    const timeout = step.timeoutMs ?? this.options.stepTimeoutMs;
    const probe = async (): Promise<ProbeResult> => (await this.options.pool.run(host, step.probe!, timeout)) as ProbeResult;

    const results = Object.fromEntries(data.steps.map((s) => [s.id, s.result]));
    const skip = step.skipIf?.(results);
    if (skip) {
      record.state = 'skipped';
      record.outcome = escapeSlack(skip);
      return;
    }
    let byHand = Boolean(step.manual && !step.manual.onlyWhenProbeSays) || record.phase === 'approval' && Boolean(step.manual);
    if (step.probe && !record.phase) {
      const before = await probe();
      if (before.done) {
        record.state = 'skipped';
        record.outcome = before.detail ? escapeSlack(before.detail) : undefined;
        return;
      }
      if (before.manual && step.manual) byHand = true;
    }
    if (byHand) {
      await this.approve(run, steps, index, line, 'manual');
      record.state = 'done';
      record.outcome = `${escapeSlack(step.outcome({}))} (marked done by <@${record.approvedBy}>${step.manual!.check === false ? '' : ', and checked'})`;
      return;
    }
    if (step.approval && record.phase !== 'reboot') await this.approve(run, steps, index, line);
    if (step.reboots) {
      await this.reboot(run, step, record, line);
    } else {
      const secret = step.generatedSecret ? generatePassword() : undefined;
      let params = secret ? { ...step.params, [step.generatedSecret!.param]: secret } : step.params;
      if (step.storedSecret) params = { ...params, [step.storedSecret.param]: readSecret(step.storedSecret.name, this.options.secretsDir) };
      const started = Date.now();
      // A long step says it is alive in the thread ("Exchange setup is running, 2 min 10 s").
      const heartbeat =
        step.progress && line
          ? setInterval(() => {
              const index = data.steps.indexOf(record);
              this.options.reporter.update(line, { text: `${stepLine(index, data.steps.length, record)} ${step.progress} (${elapsed(Date.now() - started)})` });
            }, this.options.heartbeatMs)
          : undefined;
      let result: unknown;
      try {
        result = await this.options.pool.run(host, { script: step.script, params }, timeout);
      } finally {
        clearInterval(heartbeat);
        await this.options.audit.record({ type: 'step.run', job: job.id, step: step.id, host, script: step.script.split('/').pop(), params, ms: Date.now() - started });
      }
      record.result = result;
      record.outcome = escapeSlack(step.outcome(result));
      if (secret) this.options.reporter.postPrivate(data.channel, data.requester, step.generatedSecret!.deliver(secret, result));
      if (step.attachment && data.cardTs) this.options.reporter.attach(data.channel, data.cardTs, step.attachment(result));
    }
    if (step.probe && step.verify !== false) {
      const after = await probe();
      if (!after.done) throw new Error(`the step ran but its check says it is not done${after.detail ? `: ${after.detail}` : ''}`);
    }
    record.state = 'done';
    if (record.approvedBy) record.outcome = `${record.outcome ?? 'done'} (approved by <@${record.approvedBy}>)`;
    log.info('step done', { job: job.id, step: step.id, host });
  }

  /**
   * Returns once approved; parks the job while pending; throws DeniedError when denied or expired.
   * A 'manual' step's Done is checked by its probe: not done yet → it says why and asks again.
   */
  private async approve(run: Run, steps: StepDefinition[], index: number, line: MessageRef | undefined, kind: 'approval' | 'manual' = 'approval'): Promise<void> {
    const { data, job } = run;
    const step = steps[index]!;
    const record = data.steps[index]!;
    const { approvals, reporter, audit } = this.options;
    const results = Object.fromEntries(data.steps.map((s) => [s.id, s.result]));
    record.approvalId ??= `${job.id}.${step.id}.${record.runs ?? 1}`;
    let approval = await approvals.get(record.approvalId);
    if (approval?.state === 'approved' && kind === 'manual') {
      const check: ProbeResult =
        step.manual!.check === false || !step.probe ? { done: true } : ((await this.options.pool.run(step.host ?? data.host, step.probe, this.options.stepTimeoutMs)) as ProbeResult);
      if (check.done) {
        record.approvedBy = approval.decidedBy;
        data.state = 'running';
        return;
      }
      // Marked done, but the check disagrees: say what it found, and ask again.
      reporter.post(data.channel, { text: `✋ Not yet: ${escapeSlack(check.detail ?? 'the check still fails')}. Fix it, then press Done again.` }, data.cardTs);
      const attempt = Number(/\.(\d+)$/.exec(record.approvalId)?.[1] ?? '0') + 1;
      record.approvalId = `${job.id}.${step.id}.${record.runs ?? 1}.${attempt}`;
      approval = undefined;
    }
    if (!approval) {
      approval = await approvals.create({
        id: record.approvalId,
        jobId: job.id!,
        host: step.host ?? data.host,
        queue: data.host,
        stepId: step.id,
        what: kind === 'manual' ? step.manual!.instructions(results) : step.approval!.what(results),
        requester: data.requester,
        channel: data.channel,
        threadTs: data.cardTs ?? '',
        confirm: kind === 'manual' ? false : (step.approval!.confirm ?? false),
        kind,
        expiresAt: Date.now() + this.options.approvalTimeoutMs,
      });
      await audit.record({ type: 'approval.request', approval: approval.id, job: job.id, step: step.id, host: approval.host, user: data.requester, what: approval.what });
    }
    if (approval.state === 'pending' && Date.now() >= approval.expiresAt) {
      if ((await approvals.decide(approval.id, 'expired')) === 'ok') {
        await audit.record({ type: 'approval.expired', approval: approval.id, job: job.id });
      }
      approval = (await approvals.get(approval.id))!;
      if (approval.messageTs) reporter.update(reporter.existing(data.channel, approval.messageTs), renderApprovalCard(approval));
    }
    switch (approval.state) {
      case 'approved':
        record.approvedBy = approval.decidedBy;
        data.state = 'running';
        return;
      case 'denied':
        throw new DeniedError(outcomeLine(approval));
      case 'expired':
        throw new DeniedError(`Denied by timeout: no decision within ${timeoutWords(approval.expiresAt - approval.createdAt)}`);
    }
    // Pending: park until the expiry; a click promotes the job sooner.
    record.phase = 'approval';
    data.state = 'waiting';
    if (line && !record.lineTs) record.lineTs = await withTimeout(line.posted, 5000);
    await run.save();
    await job.moveToDelayed(approval.expiresAt, run.token);
    if (!approval.messageTs && data.cardTs) {
      const ref = reporter.post(data.channel, renderApprovalCard(approval), data.cardTs);
      const id = approval.id;
      void ref.posted.then(async (ts) => {
        if (!ts) return;
        await approvals.setMessageTs(id, ts);
        // Decided (or cancelled) before the card was even posted: show the outcome on it now.
        const now = await approvals.get(id);
        if (now && now.state !== 'pending') reporter.update(reporter.existing(data.channel, ts), renderApprovalCard(now));
      });
    }
    throw new DelayedError();
  }

  /** Issues the restart once (parked first), then waits until the host is back with a later boot time. */
  private async reboot(run: Run, step: StepDefinition, record: StepRecord, line: MessageRef | undefined): Promise<void> {
    const { job, data } = run;
    const host = step.host ?? data.host;
    const { pool, reporter } = this.options;
    const bootTime = async () => ((await pool.run(host, { script: BOOT_TIME_SCRIPT, params: {} }, 15_000)) as { LastBootUpTime: string }).LastBootUpTime;
    if (!record.reboot) {
      record.reboot = { before: await bootTime(), issuedAt: Date.now() };
      record.phase = 'reboot';
      await this.options.redis.set(REBOOTING(host), String(record.reboot.issuedAt), 'PX', this.options.rebootWaitMs);
      if (line && !record.lineTs) record.lineTs = await withTimeout(line.posted, 5000);
      await run.save();
      // Parked before the restart: if this worker runs on that host, its death is expected.
      await job.moveToDelayed(Date.now() + 2000, run.token);
      if (line) reporter.update(line, { text: `🔄 Restart of ${host} issued; waiting for it to come back…` });
      await pool.run(host, { script: step.script, params: step.params }, 60_000).catch((e) => log.info('restart call ended', { host, error: String(e) }));
      throw new DelayedError();
    }
    const deadline = record.reboot.issuedAt + this.options.rebootWaitMs;
    for (;;) {
      const now = await bootTime().catch(() => undefined);
      if (now && new Date(now).getTime() > new Date(record.reboot.before).getTime()) break;
      if (Date.now() > deadline) {
        await this.options.redis.del(REBOOTING(host));
        throw new Error(`${host} did not come back within ${timeoutWords(this.options.rebootWaitMs)} of the restart. Check the server's console.`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    record.reboot.backAt = Date.now();
    await this.options.redis.del(REBOOTING(host), HEALTH_KEY(host)); // the cached health predates the reboot
    record.outcome = `${host} restarted; back after ${elapsed(record.reboot.backAt - record.reboot.issuedAt)}`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}
