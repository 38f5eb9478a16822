// /exchange <command>: acks within Slack's 3 s. decide() makes no Slack call and is usually quick,
// so the answer rides on the ack; when it is slow (an answer that probes the hosts, on a loaded
// machine) the ack says the answer follows and the answer is posted when ready — in the channel
// for a channel answer, privately otherwise. A query's answer, or the job's card, come after.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Decision } from '../../../../engine/dispatcher.ts';
import { errorText, t } from '../../../../i18n/i18n.ts';
import { log } from '../../../../log.ts';
import { unescapeSlack } from '../../../escape.ts';
import { openForm } from '../open-form.ts';
import type { ListenerParts } from '../types.ts';

/** How long the ack waits for decide(): well inside Slack's 3 s, leaving room for a slow network. */
const ACK_WAIT_MS = 1500;

export function exchangeCommand(parts: ListenerParts) {
  const { dispatcher, chat, languages } = parts;
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const requester = { user: command.user_id, channel: command.channel_id };
    log.info('command received', { user: requester.user, channel: requester.channel, text: command.text.slice(0, 200) });
    // A bare `/exchange add-user` (and the like) opens the command's form: acked at once, opened
    // with this command's trigger_id while it is valid.
    const form = dispatcher.formFor(unescapeSlack(command.text));
    if (form) {
      await ack();
      const lang = languages.cached(requester.user); // from memory: the trigger_id lasts only 3 s
      await openForm(parts, client, { command: form, triggerId: command.trigger_id, user: requester.user, channel: requester.channel, lang });
      return;
    }
    const deciding = dispatcher.decide(unescapeSlack(command.text), requester).then(
      (decision): Decision | Error => decision,
      (error: Error) => error,
    );
    let timer: NodeJS.Timeout | undefined;
    const early = await Promise.race([deciding, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ACK_WAIT_MS)))]);
    clearTimeout(timer);
    // What the listener says itself is in the requester's language as known now (no look-up).
    const lang = languages.cached(requester.user);
    if (early === 'late') await ack({ response_type: 'ephemeral', text: t(lang, 'common:workingOnIt') });
    const decision = early === 'late' ? await deciding : early;
    if (decision instanceof Error) {
      log.error('command could not be handled', { error: decision.message });
      if (early === 'late') await chat.postPrivate(requester.channel, requester.user, { text: t(lang, 'common:couldNotHandle') }).catch(() => undefined);
      else await ack({ response_type: 'ephemeral', text: t(lang, 'common:couldNotHandle') });
      return;
    }
    if (decision.kind === 'reply') {
      if (early !== 'late') {
        const type = decision.visibility === 'channel' ? 'in_channel' : 'ephemeral';
        await ack({ response_type: type, text: decision.message.text, ...(decision.message.blocks ? { blocks: decision.message.blocks as never } : {}) });
        return;
      }
      const delivered =
        decision.visibility === 'channel'
          ? chat.post(requester.channel, decision.message)
          : chat.postPrivate(requester.channel, requester.user, decision.message);
      await delivered.catch((e) => log.warn('answer not delivered', { error: String(e) }));
      return;
    }
    if (early !== 'late') await ack();
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
        .postPrivate(requester.channel, requester.user, {
          text: t(languages.cached(requester.user), 'engine:notStarted', {
            command: `/exchange ${decision.command}`,
            error: errorText(languages.cached(requester.user), error),
          }),
        })
        .catch(() => undefined);
    }
  };
}
