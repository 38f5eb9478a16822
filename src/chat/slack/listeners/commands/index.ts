import type { App } from '@slack/bolt';
import type { ListenerParts } from '../types.ts';
import { exchangeCommand } from './exchange.ts';

export function registerCommands(app: App, parts: ListenerParts): void {
  app.command('/exchange', exchangeCommand(parts));
}
