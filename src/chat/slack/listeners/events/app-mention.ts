// "@exchange status" answers in the channel, like /exchange status (commands that list the
// `mention` surface); anything else gets what a bare /exchange answers (the help).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { log } from '../../../../log.ts';
import type { ListenerParts } from '../types.ts';

export function appMention({ dispatcher, chat }: ListenerParts) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const words = event.text.replace(/<@[A-Z0-9]+>/g, ' ').trim();
    const decision = await dispatcher.decideMention(words, { user: event.user ?? '', channel: event.channel });
    if (decision.kind !== 'reply') return;
    // Over the rate limit: said to the asker only.
    const answer = decision.limited
      ? chat.postPrivate(event.channel, event.user ?? '', decision.message)
      : chat.post(event.channel, decision.message, event.thread_ts);
    await answer.catch((e) => log.warn('mention answer failed', { error: String(e) }));
  };
}
