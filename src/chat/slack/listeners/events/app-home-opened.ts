// The App Home tab: the answer of the command that lists the `home` surface (the servers' status),
// the approvals waiting (their buttons only for who may decide them, by the desk's own rules), the
// forms this user may open, and the user's own recent jobs. Published again after a decision there.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { cardText, jobNumber } from '../../../../engine/job-card.ts';
import type { Language } from '../../../../i18n/i18n.ts';
import { log } from '../../../../log.ts';
import { homeView } from '../../views/home-view.ts';
import type { ListenerParts } from '../types.ts';

export async function publishHome({ dispatcher, jobs, desk }: ListenerParts, client: WebClient, user: string, lang: Language): Promise<void> {
  const [status, recent, waiting, forms] = await Promise.all([
    dispatcher.decide(dispatcher.onSurface('home')?.name ?? '', { user, channel: '' }, { answerLanguage: lang }),
    jobs.recent(100),
    jobs.waitingApprovals(),
    dispatcher.formsFor(user),
  ]);
  const statusBlocks = status.kind === 'reply' ? (status.message.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: status.message.text } }]) : [];
  const mine = recent.filter((j) => j.data.requester === user).slice(0, 10);
  const view = homeView(
    {
      user,
      status: statusBlocks,
      approvals: await desk.pending(waiting, user),
      forms: forms.map((c) => ({ command: c.name, title: c.form!.title(lang) })),
      jobs: mine.map((j) => `${jobNumber(j.id)} ${cardText(j.data)} · ${j.data.host}`),
    },
    lang,
  );
  await client.views.publish({ user_id: user, view: view as never });
}

export function appHomeOpened(parts: ListenerParts) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    await publishHome(parts, client, event.user, await parts.languages.forUser(event.user)).catch((e) => log.warn('home not published', { error: String(e) }));
  };
}
