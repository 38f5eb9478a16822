// /exchange <command>: acks first. decide() is quick and makes no Slack call, so Slack gets its
// answer in milliseconds; a query's answer, or the job's card and thread, come after.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { log } from '../../../../log.ts';
import { unescapeSlack } from '../../../escape.ts';
import type { ListenerParts } from '../types.ts';

export function exchangeCommand({ dispatcher, chat }: ListenerParts) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const requester = { user: command.user_id, channel: command.channel_id };
    log.info('command received', { user: requester.user, channel: requester.channel, text: command.text.slice(0, 200) });
    let decision: Awaited<ReturnType<typeof dispatcher.decide>>;
    try {
      decision = await dispatcher.decide(unescapeSlack(command.text), requester);
    } catch (error) {
      log.error('command could not be handled', { error: (error as Error).message });
      await ack({ response_type: 'ephemeral', text: 'Sorry, that command could not be handled. The error is in the bot’s log.' });
      return;
    }
    if (decision.kind === 'reply') {
      const type = decision.visibility === 'channel' ? 'in_channel' : 'ephemeral';
      await ack({ response_type: type, text: decision.message.text, ...(decision.message.blocks ? { blocks: decision.message.blocks as never } : {}) });
      return;
    }
    await ack();
    if (decision.kind === 'query') {
      const answer = await dispatcher.ask(decision);
      await chat.postPrivate(requester.channel, requester.user, answer).catch((e) => log.warn('answer not delivered', { error: String(e) }));
      return;
    }
    try {
      await dispatcher.start(decision.plan, requester);
    } catch (error) {
      log.warn('job not started', { error: (error as Error).message });
      await chat
        .postPrivate(requester.channel, requester.user, { text: `Your \`/exchange ${decision.command}\` was not started: ${(error as Error).message}` })
        .catch(() => undefined);
    }
  };
}
