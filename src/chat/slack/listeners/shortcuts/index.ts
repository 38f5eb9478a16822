import type { App } from '@slack/bolt';
import type { ListenerParts } from '../types.ts';
import { formShortcut } from './form-shortcut.ts';

export function registerShortcuts(app: App, parts: ListenerParts): void {
  app.shortcut({ type: 'shortcut' }, formShortcut(parts));
  app.shortcut({ type: 'message_action' }, formShortcut(parts));
}
