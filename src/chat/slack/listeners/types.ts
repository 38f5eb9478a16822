// What the listeners work with: the engine's parts, given once by the app.
import type { ApprovalDesk } from '../../../engine/approvals/desk.ts';
import type { Dispatcher } from '../../../engine/dispatcher.ts';
import type { JobStore } from '../../../engine/job-store.ts';
import type { Languages } from '../../../i18n/languages.ts';
import type { SlackChat } from '../adapter.ts';

export interface ListenerParts {
  dispatcher: Dispatcher;
  desk: ApprovalDesk;
  chat: SlackChat;
  jobs: JobStore;
  /** People's languages (what a listener says itself, besides the dispatcher's answers). */
  languages: Languages;
}
