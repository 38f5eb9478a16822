// The App Home tab: the answer of the command that lists the `home` surface (the servers' status),
// and the user's own recent jobs.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { cardText, jobNumber } from '../../../../engine/job-card.ts';
import type { ListenerParts } from '../types.ts';

export function appHomeOpened({ dispatcher, jobs }: ListenerParts) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const [status, recent] = await Promise.all([
      dispatcher.decide(dispatcher.onSurface('home')?.name ?? '', { user: event.user, channel: event.channel }),
      jobs.recent(100),
    ]);
    const statusBlocks = status.kind === 'reply' ? (status.message.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: status.message.text } }]) : [];
    const mine = recent.filter((j) => j.data.requester === event.user).slice(0, 10);
    const lines = mine.map((j) => `${jobNumber(j.id)} ${cardText(j.data)} · ${j.data.host}`);
    await client.views.publish({
      user_id: event.user,
      view: {
        type: 'home',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Servers' } },
          ...(statusBlocks as never[]),
          { type: 'header', text: { type: 'plain_text', text: 'Your recent jobs' } },
          { type: 'section', text: { type: 'mrkdwn', text: lines.length ? lines.join('\n') : 'None yet. Try `/exchange help`.' } },
        ],
      },
    });
  };
}
