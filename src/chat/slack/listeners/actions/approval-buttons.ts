// Approve / Deny (and Done on a manual step): Bolt has checked the request's signature; the desk
// checks the clicker and decides once. A refused click gets a private word, in the clicker's language.
import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { APPROVE_ACTION } from '../../../../engine/approvals/card.ts';
import { log } from '../../../../log.ts';
import type { ListenerParts } from '../types.ts';

export function approvalButtons({ desk, chat, languages }: ListenerParts) {
  return async ({ ack, body, action }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const decision = (action as { action_id: string }).action_id === APPROVE_ACTION ? 'approved' : 'denied';
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lang = await languages.forUser(body.user.id);
    const answer = await desk.decide(action.value ?? '', body.user.id, decision, { channel, ts: body.container?.message_ts ?? body.message?.ts }, lang);
    log.info('approval click', { user: body.user.id, approval: action.value, decision, decided: answer.decided });
    if (!answer.decided && channel) await chat.postPrivate(channel, body.user.id, { text: answer.text }).catch(() => undefined);
  };
}
