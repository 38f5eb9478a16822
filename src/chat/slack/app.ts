// The Slack side of the bot: Bolt (Socket Mode or the HTTP receiver at POST /slack/events), with
// the listeners of ./listeners, and the queue dashboard on its own (loopback) port.
import { App, ExpressReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import { log } from '../../log.ts';
import { type Dashboard, startDashboard } from './dashboard.ts';
import { registerListeners } from './listeners/index.ts';
import { replayGuard, signatureOf } from './replay-guard.ts';
import type { ListenerParts } from './listeners/types.ts';
import { SocketConnection } from './socket-connection.ts';
import { clientOptions, socketClientOptions } from './web-client.ts';

export interface SlackAppParts extends ListenerParts {
  /** The queues Bull Board shows at /admin/queues on DASHBOARD_HOST:DASHBOARD_PORT (when ADMIN_PASSWORD is set). */
  queues: Queue[];
  /** Where signatures of slash commands are remembered (a replay enqueues nothing). */
  redis: Redis;
}

export function createSlackApp(config: Config, parts: SlackAppParts) {
  const socketMode = config.mode === 'socket';
  // A chat outage must never stop the bot: in Socket Mode the SDK's own reconnect (which gives up)
  // is off, and SocketConnection keeps trying for as long as Slack is away.
  const receiver = socketMode
    ? new SocketModeReceiver({
        appToken: config.slack.appToken!,
        autoReconnectEnabled: false,
        installerOptions: { clientOptions: socketClientOptions(config) },
        logLevel: LogLevel.WARN,
      })
    : new ExpressReceiver({
        signingSecret: config.slack.signingSecret!,
        endpoints: '/slack/events',
        logLevel: LogLevel.WARN,
        customPropertiesExtractor: signatureOf,
      });
  const app = new App({ token: config.slack.botToken, receiver, clientOptions: clientOptions(config), logLevel: LogLevel.WARN });
  const connection = receiver instanceof SocketModeReceiver ? new SocketConnection(receiver.client) : undefined;
  app.use(replayGuard(parts.redis));
  registerListeners(app, parts);

  let dashboard: Dashboard | undefined;
  return {
    app,
    async start() {
      if (config.adminPassword) {
        dashboard = await startDashboard(parts.queues, config.adminPassword, config.dashboard);
        log.info('queue dashboard listening', { url: dashboard.url });
      }
      if (connection) await connection.connect();
      else await app.start({ port: config.port, host: config.host } as never);
      log.info('slack app listening', { mode: config.mode, ...(socketMode ? {} : { port: config.port, host: config.host }) });
    },
    async stop() {
      await dashboard?.stop();
      if (connection) await connection.stop();
      else await app.stop();
    },
  };
}
