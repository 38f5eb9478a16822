// The Slack side of the bot: Bolt (Socket Mode or the HTTP receiver at POST /slack/events).
// Each listener acks first: decide() is quick and makes no Slack call, so Slack gets its answer
// in milliseconds; the job's card and thread come after.
import { App } from '@slack/bolt';
import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import { APPROVE_ACTION, DENY_ACTION } from '../engine/approval-card.ts';
import type { ApprovalDesk } from '../engine/approval-desk.ts';
import type { Dispatcher } from '../engine/dispatcher.ts';
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

export function createSlackApp(config: Config, dispatcher: Dispatcher, desk: ApprovalDesk, chat: SlackChat) {
  const socketMode = config.mode === 'socket';
  const app = new App({
    token: config.slack.botToken,
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken } : { signingSecret: config.slack.signingSecret }),
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
