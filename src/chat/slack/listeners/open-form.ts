// Opens a command's form as a modal, from anything that carries a trigger_id (a bare slash command,
// an App Home button, a shortcut). Slack's trigger_id lasts 3 s: the form is built from memory
// (roles, settings) and opened at once; a refusal goes to the user instead.
import type { WebClient } from '@slack/web-api';
import type { Prefill } from '../../../engine/form.ts';
import type { Language } from '../../../i18n/i18n.ts';
import { log } from '../../../log.ts';
import { formModal } from '../views/form-view.ts';
import type { ListenerParts } from './types.ts';

export interface FormRequest {
  command: string;
  triggerId: string;
  user: string;
  /** The channel it came from: the job's card goes there (none: the user's direct messages). */
  channel?: string;
  prefill?: Prefill;
  lang: Language;
}

export async function openForm({ dispatcher, chat }: ListenerParts, client: WebClient, r: FormRequest): Promise<void> {
  const requester = { user: r.user, channel: r.channel ?? '' };
  const form = await dispatcher.openForm(r.command, requester, r.lang, r.prefill);
  if ('refuse' in form) {
    const told = r.channel ? chat.postPrivate(r.channel, r.user, { text: form.refuse }) : chat.direct(r.user, { text: form.refuse });
    await told.catch((e) => log.warn('form refusal not delivered', { error: String(e) }));
    return;
  }
  try {
    await client.views.open({ trigger_id: r.triggerId, view: formModal(form, r.lang, r.channel) as never });
    log.info('form opened', { user: r.user, command: r.command });
  } catch (error) {
    log.warn('form not opened', { command: r.command, error: (error as Error).message });
  }
}
