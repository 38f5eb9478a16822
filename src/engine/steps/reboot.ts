// A step that restarts its host: the restart is issued once (the job parked first, so that a
// worker on that very host dying with it is expected, not a stall), then the job waits until the
// host answers with a later boot time, and reports the downtime.
import { fileURLToPath } from 'node:url';
import { DelayedError } from 'bullmq';
import { MessageError, translator } from '../../i18n/i18n.ts';
import { log } from '../../log.ts';
import { timeoutWords } from '../approvals/card.ts';
import { markRebooting, markRebootOver } from '../host-state.ts';
import { cardLanguage, elapsed } from '../job-card.ts';
import type { RunnerServices, StepContext } from './run.ts';

export const BOOT_TIME_SCRIPT = fileURLToPath(new URL('../../powershell/scripts/get-boot-time.ps1', import.meta.url));

export async function rebootStep(ctx: StepContext, s: RunnerServices): Promise<void> {
  const { run, step, record, host } = ctx;
  const { job } = run;
  const { pool, redis } = s;
  const t = translator(cardLanguage(run.data));
  const bootTime = async () => ((await pool.run(host, { script: BOOT_TIME_SCRIPT, params: {} }, 15_000)) as { LastBootUpTime: string }).LastBootUpTime;
  if (!record.reboot) {
    record.reboot = { before: await bootTime(), issuedAt: Date.now() };
    record.phase = 'reboot';
    await markRebooting(redis, host, record.reboot.issuedAt, s.rebootWaitMs);
    record.note = t('engine:reboot.issued', { host });
    await run.save();
    // Parked before the restart: if this worker runs on that host, its death is expected.
    await job.moveToDelayed(Date.now() + 2000, run.token);
    await pool.run(host, { script: step.script, params: step.params }, 60_000).catch((e) => log.info('restart call ended', { host, error: String(e) }));
    throw new DelayedError();
  }
  const deadline = record.reboot.issuedAt + s.rebootWaitMs;
  for (;;) {
    const now = await bootTime().catch(() => undefined);
    if (now && new Date(now).getTime() > new Date(record.reboot.before).getTime()) break;
    if (Date.now() > deadline) {
      await markRebootOver(redis, host);
      throw new MessageError('engine:reboot.notBack', { host, within: timeoutWords(s.rebootWaitMs, t.lang) });
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  record.reboot.backAt = Date.now();
  await markRebootOver(redis, host, record.reboot.backAt);
  record.outcome = t('engine:reboot.back', { host, after: elapsed(record.reboot.backAt - record.reboot.issuedAt, t.lang) });
}
