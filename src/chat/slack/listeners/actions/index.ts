import type { App } from '@slack/bolt';
import { APPROVE_ACTION, DENY_ACTION } from '../../../../engine/approvals/card.ts';
import type { ListenerParts } from '../types.ts';
import { FORM_OPEN_ACTION } from '../../views/home-view.ts';
import { approvalButtons } from './approval-buttons.ts';
import { formButton } from './form-button.ts';

export function registerActions(app: App, parts: ListenerParts): void {
  app.action(new RegExp(`^(${APPROVE_ACTION}|${DENY_ACTION})$`), approvalButtons(parts));
  app.action(new RegExp(`^${FORM_OPEN_ACTION}`), formButton(parts));
}
