import type { App } from '@slack/bolt';
import { APPROVE_ACTION, DENY_ACTION } from '../../../../engine/approvals/card.ts';
import type { ListenerParts } from '../types.ts';
import { approvalButtons } from './approval-buttons.ts';

export function registerActions(app: App, parts: ListenerParts): void {
  app.action(new RegExp(`^(${APPROVE_ACTION}|${DENY_ACTION})$`), approvalButtons(parts));
}
