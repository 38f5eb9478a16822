import type { App } from '@slack/bolt';
import type { ListenerParts } from '../types.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { appMention } from './app-mention.ts';

export function registerEvents(app: App, parts: ListenerParts): void {
  app.event('app_mention', appMention(parts));
  app.event('app_home_opened', appHomeOpened(parts));
}
