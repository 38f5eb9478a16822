// Shortcuts that open a command's form: a global one (from the composer's shortcut menu) and one on
// a message ("Add this person as a user"), whose text — or the person it mentions, by their Slack
// name (users.info real_name) — prefills the form. Their callback_ids come from the command's name
// (shortcutId), as the app's manifest declares them.
import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { type Prefill, shortcutId } from '../../../../engine/form.ts';
import { log } from '../../../../log.ts';
import { unescapeSlack } from '../../../escape.ts';
import { openForm } from '../open-form.ts';
import type { ListenerParts } from '../types.ts';

export function formShortcut(parts: ListenerParts) {
  return async ({ shortcut, ack, client }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const onMessage = shortcut.type === 'message_action';
    const command = parts.dispatcher.commands.find((c) => c.form?.shortcut && shortcutId(c.name, onMessage ? 'message' : 'global') === shortcut.callback_id);
    if (!command?.form?.shortcut) {
      log.warn('unknown shortcut', { callback: shortcut.callback_id });
      return;
    }
    let prefill: Prefill | undefined;
    if (shortcut.type === 'message_action' && command.form.shortcut.fromMessage) {
      const raw = shortcut.message.text ?? '';
      const mentioned = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/.exec(raw)?.[1];
      let person: string | undefined;
      if (mentioned) {
        const info = await client.users.info({ user: mentioned }).catch(() => undefined);
        person = info?.user?.real_name || info?.user?.profile?.real_name || undefined;
      }
      const text = unescapeSlack(raw.replace(/<[^>]*>/g, ' '));
      prefill = command.form.shortcut.fromMessage({ text, ...(person ? { person } : {}) });
    }
    await openForm(parts, client, {
      command: command.name,
      triggerId: shortcut.trigger_id,
      user: shortcut.user.id,
      ...(shortcut.type === 'message_action' ? { channel: shortcut.channel.id } : {}),
      ...(prefill ? { prefill } : {}),
      lang: parts.languages.cached(shortcut.user.id), // from memory: the trigger_id lasts only 3 s
    });
  };
}
