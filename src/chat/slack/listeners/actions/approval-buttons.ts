// Approve / Deny (and Done on a manual step), in a job's thread or on App Home: Bolt has checked the
// request's signature; the desk checks the clicker and decides once — the same rules wherever the
// button is. A refused click gets a private word in the clicker's language: in the channel, or as a
// direct message from Home (which has no channel); a Home click then shows the user's Home as it now is.
import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { APPROVE_ACTION } from '../../../../engine/approvals/card.ts';
import { log } from '../../../../log.ts';
import { publishHome } from '../events/app-home-opened.ts';
import type { ListenerParts } from '../types.ts';

export function approvalButtons(parts: ListenerParts) {
  const { desk, chat, languages } = parts;
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const decision = (action as { action_id: string }).action_id === APPROVE_ACTION ? 'approved' : 'denied';
    const fromHome = body.view?.type === 'home';
    const channel = fromHome ? undefined : (body.channel?.id ?? body.container?.channel_id);
    const clicked = fromHome ? undefined : { channel, ts: body.container?.message_ts ?? body.message?.ts };
    const lang = await languages.forUser(body.user.id);
    const answer = await desk.decide(action.value ?? '', body.user.id, decision, clicked, lang);
    log.info('approval click', { user: body.user.id, approval: action.value, decision, decided: answer.decided, home: fromHome });
    if (!answer.decided) {
      if (channel) await chat.postPrivate(channel, body.user.id, { text: answer.text }).catch(() => undefined);
      else if (fromHome) await chat.direct(body.user.id, { text: answer.text }).catch((e) => log.warn('refusal not delivered', { error: String(e) }));
    }
    if (fromHome) await publishHome(parts, client, body.user.id, lang).catch((e) => log.warn('home not published', { error: String(e) }));
  };
}
