// The Slack side of the bot: Bolt (Socket Mode or the HTTP receiver at POST /slack/events).
// Each listener acks first: decide() is quick and makes no Slack call, so Slack gets its answer
// in milliseconds; the job's card and thread come after.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { App, ExpressReceiver } from '@slack/bolt';
import type { Queue } from 'bullmq';
import { timingSafeEqual } from 'node:crypto';
import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import { APPROVE_ACTION, DENY_ACTION } from '../engine/approval-card.ts';
import type { ApprovalDesk } from '../engine/approval-desk.ts';
import type { Dispatcher } from '../engine/dispatcher.ts';
import { cardText, jobNumber } from '../engine/job-card.ts';
import type { JobStore } from '../engine/job-store.ts';
import type { StatusReport } from '../engine/status.ts';
import { log } from '../log.ts';
import { unescapeSlack } from './escape.ts';
import { SlackChat } from './slack-adapter.ts';

/** Web API calls fail fast enough for a bot (the default retries 5xx for about 30 minutes). */
const clientOptions = (config: Config) => ({
  slackApiUrl: config.slack.apiUrl,
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  logLevel: LogLevel.ERROR,
});

export function createWebClient(config: Config): WebClient {
  return new WebClient(config.slack.botToken, clientOptions(config));
}

export interface SlackAppParts {
  dispatcher: Dispatcher;
  desk: ApprovalDesk;
  chat: SlackChat;
  status: StatusReport;
  jobs: JobStore;
  /** The queues Bull Board shows at /admin/queues (HTTP mode, when ADMIN_PASSWORD is set). */
  queues: Queue[];
}

/** HTTP Basic authentication for the queue dashboard (user "admin"); constant-time comparison. */
function basicAuth(password: string) {
  const expected = Buffer.from(`admin:${password}`);
  return (req: { headers: Record<string, string | string[] | undefined> }, res: { status(n: number): { set(k: string, v: string): { send(b: string): void } } }, next: () => void) => {
    const header = String(req.headers.authorization ?? '');
    const given = Buffer.from(header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.status(401).set('WWW-Authenticate', 'Basic realm="exchange chat-ops queues"').send('Authentication required');
  };
}

export function createSlackApp(config: Config, parts: SlackAppParts) {
  const { dispatcher, desk, chat } = parts;
  const socketMode = config.mode === 'socket';
  // HTTP mode uses Bolt's Express receiver, so the queue dashboard can live on the same port.
  const receiver = socketMode ? undefined : new ExpressReceiver({ signingSecret: config.slack.signingSecret!, endpoints: '/slack/events', logLevel: LogLevel.WARN });
  if (receiver && config.adminPassword) {
    const board = new ExpressAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({ queues: parts.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: board });
    receiver.app.use('/admin/queues', basicAuth(config.adminPassword) as never, board.getRouter());
  }
  const app = new App({
    token: config.slack.botToken,
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken } : { receiver }),
    clientOptions: clientOptions(config),
    logLevel: LogLevel.WARN,
  });

  app.command('/exchange', async ({ command, ack }) => {
    const requester = { user: command.user_id, channel: command.channel_id };
    log.info('command received', { user: requester.user, channel: requester.channel, text: command.text.slice(0, 200) });
    let decision;
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
  });

  // Approve / Deny: Bolt has checked the request's signature; the desk checks the clicker.
  app.action(new RegExp(`^(${APPROVE_ACTION}|${DENY_ACTION})$`), async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const decision = (action as { action_id: string }).action_id === APPROVE_ACTION ? 'approved' : 'denied';
    const channel = body.channel?.id ?? body.container?.channel_id;
    const answer = await desk.decide(action.value ?? '', body.user.id, decision, body.container?.message_ts ?? body.message?.ts);
    log.info('approval click', { user: body.user.id, approval: action.value, decision, decided: answer.decided });
    if (!answer.decided && channel) await chat.postPrivate(channel, body.user.id, { text: answer.text }).catch(() => undefined);
  });

  // "@exchange status" answers in the channel, like /exchange status.
  app.event('app_mention', async ({ event }) => {
    const words = event.text.replace(/<@[A-Z0-9]+>/g, ' ').trim();
    const text = /^status\b/i.test(words) ? 'status' : 'help';
    const decision = await dispatcher.decide(text, { user: event.user ?? '', channel: event.channel });
    if (decision.kind === 'reply') await chat.post(event.channel, decision.message, event.thread_ts).catch((e) => log.warn('mention answer failed', { error: String(e) }));
  });

  // The App Home tab: the same status, and the user's own recent jobs.
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const [status, recent] = await Promise.all([parts.status.build(), parts.jobs.recent(100)]);
    const mine = recent.filter((j) => j.data.requester === event.user).slice(0, 10);
    const lines = mine.map((j) => `${jobNumber(j.id)} ${cardText(j.data)} · ${j.data.host}`);
    await client.views.publish({
      user_id: event.user,
      view: {
        type: 'home',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Servers' } },
          ...(status.blocks as never[]),
          { type: 'header', text: { type: 'plain_text', text: 'Your recent jobs' } },
          { type: 'section', text: { type: 'mrkdwn', text: lines.length ? lines.join('\n') : 'None yet. Try `/exchange help`.' } },
        ],
      },
    });
  });

  return {
    app,
    async start() {
      if (socketMode) await app.start();
      else await app.start({ port: config.port, host: config.host } as never);
      log.info('slack app listening', { mode: config.mode, ...(socketMode ? {} : { port: config.port, host: config.host }) });
    },
    stop: () => app.stop(),
  };
}
