// A form's view_submission: the same checks as the typed command run again here (its role, its
// schema, its guards: the view is never trusted), then what the typed command would do — its job
// starts with its card in the channel the form came from. A problem the schema finds is shown on
// its field (response_action: errors, keyed by the field's block_id). Slack waits 3 s for the ack.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Decision } from '../../../../engine/dispatcher.ts';
import { t } from '../../../../i18n/i18n.ts';
import { log } from '../../../../log.ts';
import { formMetadata, noticeModal, submittedValues } from '../../views/form-view.ts';
import type { ListenerParts } from '../types.ts';

/** How long the ack waits for the decision: well inside Slack's 3 s. */
const ACK_WAIT_MS = 2000;

export function formSubmission({ dispatcher, chat, languages }: ListenerParts) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const lang = languages.cached(body.user.id); // the submission must be answered within 3 s
    const meta = formMetadata(view.private_metadata);
    const user = body.user.id;
    if (!meta) {
      await ack({ response_action: 'update', view: noticeModal(t(lang, 'forms:notDone'), t(lang, 'forms:unknown'), lang) as never });
      return;
    }
    const values = submittedValues(view.state as never);
    const requester = { user, channel: meta.channel ?? '' };
    const deciding = dispatcher.submitForm(meta.command, values, requester, lang, meta.shown).then(
      (d): Decision | Error => d,
      (e: Error) => e,
    );
    let timer: NodeJS.Timeout | undefined;
    const early = await Promise.race([deciding, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ACK_WAIT_MS)))]);
    clearTimeout(timer);
    // Where words for this user go once the modal is closed: the form's channel, or a direct message.
    const tell = (text: string) =>
      (meta.channel ? chat.postPrivate(meta.channel, user, { text }) : chat.direct(user, { text })).catch((e) =>
        log.warn('form answer not delivered', { error: String(e) }),
      );
    if (early === 'late') await ack();
    const decision = early === 'late' ? await deciding : early;
    if (decision instanceof Error) {
      log.error('form could not be handled', { command: meta.command, error: decision.message });
      if (early === 'late') await tell(t(lang, 'common:couldNotHandle'));
      else await ack({ response_action: 'update', view: noticeModal(t(lang, 'forms:notDone'), t(lang, 'common:couldNotHandle'), lang) as never });
      return;
    }
    if (decision.kind === 'reply') {
      const errors = decision.issues ? dispatcher.fieldErrors(meta.command, Object.keys(values), decision.issues) : {};
      if (early === 'late') {
        await tell(decision.message.text);
      } else if (Object.keys(errors).length) {
        await ack({ response_action: 'errors', errors });
      } else {
        // A refusal, or a command's answer (the deployment profile as now set), in place of the form.
        const title = t(lang, decision.refused ? 'forms:notDone' : 'forms:done');
        const modal = noticeModal(title, decision.message.text, lang);
        if (decision.message.blocks && !decision.refused) modal.blocks = decision.message.blocks.slice(0, 100);
        await ack({ response_action: 'update', view: modal as never });
      }
      log.info('form answered', { user, command: meta.command, refused: Boolean(decision.refused), fields: Object.keys(errors) });
      return;
    }
    if (early !== 'late') await ack();
    const channel = meta.channel || (await chat.directChannel(user).catch(() => ''));
    if (decision.kind === 'query') {
      const answer = await dispatcher.ask(decision);
      await chat.postPrivate(channel, user, answer).catch((e) => log.warn('answer not delivered', { error: String(e) }));
      return;
    }
    try {
      await dispatcher.start(decision.plan, { user, channel });
    } catch (error) {
      log.warn('job not started', { error: (error as Error).message });
      await tell(t(lang, 'forms:notStarted', { command: decision.command, error: (error as Error).message }));
    }
  };
}
