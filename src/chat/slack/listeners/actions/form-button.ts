// A button that opens a command's form (on App Home): its click's trigger_id opens the modal.
import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { openForm } from '../open-form.ts';
import type { ListenerParts } from '../types.ts';

export function formButton(parts: ListenerParts) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const channel = body.view?.type === 'home' ? undefined : (body.channel?.id ?? body.container?.channel_id);
    const lang = parts.languages.cached(body.user.id); // from memory: the trigger_id lasts only 3 s
    await openForm(parts, client, { command: action.value, triggerId: body.trigger_id, user: body.user.id, ...(channel ? { channel } : {}), lang });
  };
}
