// A command's form: the fields a chat shows for it (a Slack modal), and how the submitted values
// become the raw object the command's own schema checks — the same object its parse() makes from
// typed words, so the typed command and the form obey one set of rules. Generic: a command
// describes its fields, the chat adapter draws them.
import type { Language } from '../i18n/i18n.ts';
import type { Requester } from './job-data.ts';
import type { Settings } from './settings.ts';

export type FormField =
  | {
      id: string;
      type: 'text';
      label: string;
      hint?: string;
      placeholder?: string;
      initial?: string;
      optional?: boolean;
      multiline?: boolean;
    }
  /** One checkbox: `option` is what it does, in the words the approval card will use. */
  | { id: string; type: 'checkbox'; label: string; option: string; hint?: string; initial?: boolean }
  /** Words between the fields (what always happens). */
  | { id: string; type: 'note'; text: string };

/** What was submitted, by field id: a text (trimmed, '' when left empty) or whether a box is ticked. */
export type FormValues = Record<string, string | boolean>;

/** Prefilled values, by field id (a shortcut's guess, the command's current settings). */
export type Prefill = Record<string, string>;

export interface FormContext {
  lang: Language;
  requester: Requester;
  /** What a form may read for its current values (the command services' settings). */
  services: { settings: Settings };
  prefill?: Prefill;
}

export interface SubmitContext {
  lang: Language;
  /** The text values the form showed when it was opened (to tell what the user changed). */
  shown: Prefill;
}

export interface CommandForm {
  /** The modal's title (Slack allows 24 characters). */
  title(lang: Language): string;
  /** The submit button's word. */
  submit(lang: Language): string;
  fields(ctx: FormContext): FormField[] | Promise<FormField[]>;
  /** The submitted values → the raw object the command's schema checks (what parse() makes of typed words). */
  args(values: FormValues, ctx: SubmitContext): unknown;
  /** The field a problem is shown on, from its zod path (default: the path's first part, when it is a field). */
  fieldOf?(path: readonly PropertyKey[]): string | undefined;
  /** Typed words that open the form instead of running the command (default: none at all). */
  opensOn?(tokens: string[]): boolean;
  /** A shortcut opens it: from anywhere (global) and on a message (its text and the person it names). */
  shortcut?: { fromMessage?(message: { text: string; person?: string }): Prefill };
}

/** A form ready to draw: which command, its title, its fields. */
export interface FormView {
  command: string;
  title: string;
  submit: string;
  fields: FormField[];
}

/** The id a shortcut of this command's form has in the app's manifest: `add_user`, `add_user_message`. */
export function shortcutId(command: string, on: 'global' | 'message'): string {
  const id = command.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
  return on === 'global' ? id : `${id}_message`;
}
