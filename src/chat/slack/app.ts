// The Slack side of the bot: Bolt (Socket Mode or the HTTP receiver at POST /slack/events), with
// the listeners of ./listeners, and the queue dashboard on its own (loopback) port.
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import { log } from '../../log.ts';
import { type Dashboard, startDashboard } from './dashboard.ts';
import { registerListeners } from './listeners/index.ts';
import { replayGuard, signatureOf } from './replay-guard.ts';
import type { ListenerParts } from './listeners/types.ts';
import { clientOptions, socketClientOptions } from './web-client.ts';

/** Connects, trying again with backoff (at most 30 s apart) while Slack cannot be reached. */
async function startSocketMode(app: App): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await app.start();
      return;
    } catch (error) {
      const wait = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
      log.warn('Socket Mode could not connect; trying again', { attempt, inMs: wait, error: (error as Error).message });
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export interface SlackAppParts extends ListenerParts {
  /** The queues Bull Board shows at /admin/queues on DASHBOARD_HOST:DASHBOARD_PORT (when ADMIN_PASSWORD is set). */
  queues: Queue[];
  /** Where signatures of slash commands are remembered (a replay enqueues nothing). */
  redis: Redis;
}

export function createSlackApp(config: Config, parts: SlackAppParts) {
  const socketMode = config.mode === 'socket';
  const receiver = socketMode
    ? undefined
    : new ExpressReceiver({
        signingSecret: config.slack.signingSecret!,
        endpoints: '/slack/events',
        logLevel: LogLevel.WARN,
        customPropertiesExtractor: signatureOf,
      });
  const app = new App({
    token: config.slack.botToken,
    // A chat outage must never stop the bot: Socket Mode's own client (apps.connections.open)
    // keeps trying, at most 30 s apart, for as long as Slack is away.
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { clientOptions: socketClientOptions(config) } } : { receiver }),
    clientOptions: clientOptions(config),
    logLevel: LogLevel.WARN,
  });
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
      if (socketMode) await startSocketMode(app);
      else await app.start({ port: config.port, host: config.host } as never);
      log.info('slack app listening', { mode: config.mode, ...(socketMode ? {} : { port: config.port, host: config.host }) });
    },
    async stop() {
      await dashboard?.stop();
      await app.stop();
    },
  };
}
