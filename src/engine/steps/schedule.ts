// A step that must not start before a time (offboard --at): the job is parked until then (a
// delayed BullMQ job, no worker held), shown as scheduled; `cancel` wakes it to end as cancelled.
import { DelayedError } from 'bullmq';
import type { StepContext } from './run.ts';

/** Returns when the time has come; parks the job (and throws DelayedError) before. */
export async function waitUntil(ctx: StepContext, at: number): Promise<void> {
  const { run, record } = ctx;
  if (Date.now() >= at) {
    if (record.phase === 'scheduled') record.phase = undefined;
    run.data.scheduledFor = undefined;
    return;
  }
  record.phase = 'scheduled';
  run.data.state = 'scheduled';
  run.data.scheduledFor = at;
  await run.save();
  await run.job.moveToDelayed(at, run.token);
  throw new DelayedError();
}
