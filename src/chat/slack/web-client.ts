// The one Web API client of the bot (Bolt's app gets the same options).
import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../../config.ts';

/** Web API calls fail fast enough for a bot (the default retries 5xx for about 30 minutes). */
export const clientOptions = (config: Config) => ({
  slackApiUrl: config.slack.apiUrl,
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  logLevel: LogLevel.ERROR,
});

/** Socket Mode's apps.connections.open: one HTTP call per try, for SocketConnection to repeat and log. */
export const socketClientOptions = (config: Config) => ({
  slackApiUrl: config.slack.apiUrl,
  retryConfig: { retries: 0 },
  timeout: 10_000,
  logLevel: LogLevel.ERROR,
});

export function createWebClient(config: Config): WebClient {
  return new WebClient(config.slack.botToken, clientOptions(config));
}
