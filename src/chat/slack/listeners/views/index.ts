import type { App } from '@slack/bolt';
import { FORM_CALLBACK } from '../../views/form-view.ts';
import type { ListenerParts } from '../types.ts';
import { formSubmission } from './form-submission.ts';

export function registerViews(app: App, parts: ListenerParts): void {
  app.view({ callback_id: new RegExp(`^${FORM_CALLBACK}`), type: 'view_submission' }, formSubmission(parts));
}
