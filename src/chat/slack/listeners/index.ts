// Every Slack listener, registered explicitly (Bolt's starter layout: one listener per file).
import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { registerShortcuts } from './shortcuts/index.ts';
import { registerViews } from './views/index.ts';
import type { ListenerParts } from './types.ts';

export function registerListeners(app: App, parts: ListenerParts): void {
  registerCommands(app, parts);
  registerActions(app, parts);
  registerEvents(app, parts);
  registerViews(app, parts);
  registerShortcuts(app, parts);
}
