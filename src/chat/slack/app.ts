// The Slack side of the bot: Bolt (Socket Mode or the HTTP receiver at POST /slack/events), with
// the listeners of ./listeners and, in HTTP mode, the queue dashboard.
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Config } from '../../config.ts';
import { log } from '../../log.ts';
import { mountDashboard } from './dashboard.ts';
import { registerListeners } from './listeners/index.ts';
import type { ListenerParts } from './listeners/types.ts';
import { clientOptions } from './web-client.ts';

export interface SlackAppParts extends ListenerParts {
  /** The queues Bull Board shows at /admin/queues (HTTP mode, when ADMIN_PASSWORD is set). */
  queues: Queue[];
}

export function createSlackApp(config: Config, parts: SlackAppParts) {
  const socketMode = config.mode === 'socket';
  // HTTP mode uses Bolt's Express receiver, so the queue dashboard can live on the same port.
  const receiver = socketMode
    ? undefined
    : new ExpressReceiver({ signingSecret: config.slack.signingSecret!, endpoints: '/slack/events', logLevel: LogLevel.WARN });
  if (receiver && config.adminPassword) mountDashboard(receiver, parts.queues, config.adminPassword);
  const app = new App({
    token: config.slack.botToken,
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken } : { receiver }),
    clientOptions: clientOptions(config),
    logLevel: LogLevel.WARN,
  });
  registerListeners(app, parts);

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
