// A delivery that must reach Slack before its step counts as done (a new password, a file): tried
// until Slack takes it, with backoff, for as long as an outage may last. It is never stored to
// be sent later: if the worker dies first, the step runs again and makes a fresh one.
import { MessageError } from '../../i18n/i18n.ts';
import { log } from '../../log.ts';

/** `what`: the message key naming what is delivered ("engine:delivery.file"), for the words of a give-up. */
export async function untilDelivered(what: string, send: () => Promise<void>, giveUpMs = 30 * 60_000): Promise<void> {
  const until = Date.now() + giveUpMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return;
    } catch (error) {
      if (Date.now() > until)
        throw new MessageError('engine:delivery.notTaken', { what, minutes: Math.round(giveUpMs / 60_000), error: (error as Error).message });
      const wait = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
      log.warn('delivery refused; trying again', { what, attempt, inMs: wait, error: (error as Error).message });
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
