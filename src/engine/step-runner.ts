// The worker's processor: runs a job's steps in order, recording each step's state in the job
// (job.updateData) before and after it runs, so a worker killed at any point resumes at the first
// unfinished step, and the step's probe keeps a half-finished step from being done twice.
import { UnrecoverableError, type Job } from 'bullmq';
import { escapeSlack } from '../chat/escape.ts';
import { type MessageRef, ThreadReporter } from '../chat/thread-reporter.ts';
import { log } from '../log.ts';
import type { PowerShellPool } from '../powershell/pool.ts';
import { ScriptError, ShellBrokenError } from '../powershell/session.ts';
import { generatePassword } from '../secrets.ts';
import { renderCard, stepLine } from './job-card.ts';
import type { JobDefinition, ProbeResult, StepDefinition } from './job-definition.ts';
import type { JobData, StepRecord } from './job-data.ts';

export interface StepRunnerOptions {
  pool: PowerShellPool;
  reporter: ThreadReporter;
  jobs: ReadonlyMap<string, JobDefinition>;
  stepTimeoutMs: number;
}

/** A failure in plain words, for the thread. */
export function describeFailure(error: unknown, host: string): string {
  if (error instanceof ScriptError) return escapeSlack(error.failure.message);
  if (error instanceof ShellBrokenError) return `PowerShell on ${host} stopped answering (${escapeSlack(error.message)}).`;
  return escapeSlack((error as Error)?.message ?? String(error));
}

export class StepRunner {
  constructor(private readonly options: StepRunnerOptions) {}

  /** The BullMQ processor. */
  readonly process = async (job: Job<JobData>): Promise<{ state: string }> => {
    const data = job.data;
    const definition = this.options.jobs.get(data.kind);
    if (!definition) throw new UnrecoverableError(`no job kind "${data.kind}" on this worker`);
    const steps = definition.steps(data.params);
    if (data.steps.length !== steps.length) {
      data.steps = steps.map((s) => ({ id: s.id, title: s.title, state: 'pending' }));
    }
    const { reporter } = this.options;
    const card = data.cardTs ? reporter.existing(data.channel, data.cardTs) : undefined;
    const save = async () => {
      await job.updateData(data);
      if (card) reporter.update(card, renderCard(job.id!, data));
    };

    data.state = 'running';
    data.startedAt ??= Date.now();
    await save();

    for (const [index, step] of steps.entries()) {
      const record = data.steps[index]!;
      if (record.state === 'done' || record.state === 'skipped') continue;
      const resumed = record.state === 'running';
      record.state = 'running';
      record.startedAt = Date.now();
      record.runs = (record.runs ?? 0) + 1;
      record.error = undefined;
      await save();
      const line = card ? reporter.post(data.channel, { text: stepLine(index, steps.length, record) }, card) : undefined;
      if (resumed) log.info('resuming a step a previous worker started', { job: job.id, step: step.id });
      try {
        await this.runStep(job, data, step, record);
      } catch (error) {
        record.state = 'failed';
        record.endedAt = Date.now();
        record.error = describeFailure(error, step.host ?? data.host);
        data.state = 'failed';
        data.endedAt = Date.now();
        await save();
        this.report(line, index, steps.length, record);
        log.warn('step failed', { job: job.id, step: step.id, error: record.error });
        throw new UnrecoverableError(record.error);
      }
      record.endedAt = Date.now();
      await save();
      this.report(line, index, steps.length, record);
    }
    data.state = 'done';
    data.endedAt = Date.now();
    await save();
    return { state: 'done' };
  };

  private report(line: MessageRef | undefined, index: number, total: number, record: StepRecord): void {
    if (line) this.options.reporter.update(line, { text: stepLine(index, total, record) });
  }

  private async runStep(job: Job<JobData>, data: JobData, step: StepDefinition, record: StepRecord): Promise<void> {
    const host = step.host ?? data.host;
    const timeout = step.timeoutMs ?? this.options.stepTimeoutMs;
    const probe = async (): Promise<ProbeResult> =>
      (await this.options.pool.run(host, step.probe!, timeout)) as ProbeResult;

    if (step.probe) {
      const before = await probe();
      if (before.done) {
        record.state = 'skipped';
        record.outcome = before.detail ? escapeSlack(before.detail) : undefined;
        return;
      }
    }
    const secret = step.generatedSecret ? generatePassword() : undefined;
    const params = secret ? { ...step.params, [step.generatedSecret!.param]: secret } : step.params;
    const result = await this.options.pool.run(host, { script: step.script, params }, timeout);
    if (step.probe) {
      const after = await probe();
      if (!after.done) throw new Error(`the step ran but its check says it is not done${after.detail ? `: ${after.detail}` : ''}`);
    }
    record.state = 'done';
    record.outcome = escapeSlack(step.outcome(result));
    if (secret) this.options.reporter.postPrivate(data.channel, data.requester, step.generatedSecret!.deliver(secret, result));
    log.info('step done', { job: job.id, step: step.id, host });
  }
}
