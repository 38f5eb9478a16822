// Socket Mode's connection, kept up for as long as the bot runs. The SDK's own reconnect gives up
// (an HTTP error from apps.connections.open is "unrecoverable" to it, and a rejected reconnect
// ends the process), so its auto-reconnect is off and this loop owns every try: each one is one
// apps.connections.open, logged, at most MAX_WAIT_MS after the previous, for as long as it takes.
import type { SocketModeClient } from '@slack/socket-mode';
import { log } from '../../log.ts';

/** Longest wait between two tries: connected again within this (and a handshake) of Slack answering. */
export const MAX_WAIT_MS = 20_000;

/** 1, 2, 4, 8, 16, 20, 20… seconds, each shortened by up to a fifth so that many bots do not try in step. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.round(Math.min(MAX_WAIT_MS, 1000 * 2 ** (attempt - 1)) * (1 - random() / 5));
}

export class SocketConnection {
  private stopped = false;
  private connecting?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly client: SocketModeClient) {
    // A server-initiated `disconnect`, a dropped socket, missed pongs: all end here.
    client.on('disconnected', () => {
      if (this.stopped || this.connecting) return;
      log.warn('Socket Mode disconnected; connecting again');
      void this.connect();
    });
  }

  /** Resolves once connected (Slack's `hello`); tries until then, or until stop(). */
  connect(): Promise<void> {
    this.connecting ??= this.tryUntilConnected().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client.disconnect();
  }

  private async tryUntilConnected(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.client.start();
        log.info('Socket Mode connected', { attempt });
        return;
      } catch (error) {
        const inMs = backoffMs(attempt);
        log.warn('Socket Mode could not connect; trying again', { attempt, inMs, error: (error as Error).message });
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, inMs);
        });
      }
    }
  }
}
