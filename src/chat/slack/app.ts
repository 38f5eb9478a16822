// The Slack side of the bot: Bolt (Socket Mode or the HTTP receiver at POST /slack/events), with
// the listeners of ./listeners and, in HTTP mode, the queue dashboard.
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Config } from '../../config.ts';
import { log } from '../../log.ts';
import { mountDashboard } from './dashboard.ts';
import { registerListeners } from './listeners/index.ts';
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
    // A chat outage must never stop the bot: Socket Mode's own client (apps.connections.open)
    // keeps trying, at most 30 s apart, for as long as Slack is away.
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { clientOptions: socketClientOptions(config) } } : { receiver }),
    clientOptions: clientOptions(config),
    logLevel: LogLevel.WARN,
  });
  registerListeners(app, parts);

  return {
    app,
    async start() {
      if (socketMode) await startSocketMode(app);
      else await app.start({ port: config.port, host: config.host } as never);
      log.info('slack app listening', { mode: config.mode, ...(socketMode ? {} : { port: config.port, host: config.host }) });
    },
    stop: () => app.stop(),
  };
}
