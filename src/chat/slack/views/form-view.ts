// A command's form as a Slack modal: one input block per field (its block_id is the field's id,
// so a problem comes back on its field with response_action: errors), and back from a
// view_submission. The modal remembers in private_metadata which command it is for, the channel
// the job's card goes to, and what it showed (to tell what the user changed).
import type { FormField, FormValues, FormView, Prefill } from '../../../engine/form.ts';
import { type Language, t } from '../../../i18n/i18n.ts';

/** Every form's callback_id starts with this; the rest is the command's name. */
export const FORM_CALLBACK = 'form:';
/** The action_id of every input element (the block_id tells the fields apart). */
const VALUE = 'value';
const TICKED = 'on';

export interface FormMetadata {
  command: string;
  /** Where the card or the answer goes; empty: the user's direct conversation with the bot. */
  channel?: string;
  shown: Prefill;
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: text.length > max ? `${text.slice(0, max - 1)}…` : text });

function block(field: FormField): Record<string, unknown> {
  if (field.type === 'note') return { type: 'section', block_id: field.id, text: { type: 'mrkdwn', text: field.text.slice(0, 3000) } };
  if (field.type === 'checkbox') {
    const option = { text: { type: 'mrkdwn', text: field.option.slice(0, 150) }, value: TICKED };
    return {
      type: 'input',
      block_id: field.id,
      optional: true,
      label: plain(field.label, 2000),
      ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
      element: { type: 'checkboxes', action_id: VALUE, options: [option], ...(field.initial ? { initial_options: [option] } : {}) },
    };
  }
  return {
    type: 'input',
    block_id: field.id,
    optional: Boolean(field.optional),
    label: plain(field.label, 2000),
    ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      ...(field.multiline ? { multiline: true } : {}),
      ...(field.initial ? { initial_value: field.initial } : {}),
      ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
    },
  };
}

/** The modal for views.open. */
export function formModal(form: FormView, lang: Language, channel?: string): Record<string, unknown> {
  const shown = Object.fromEntries(form.fields.flatMap((f) => (f.type === 'text' && f.initial ? [[f.id, f.initial]] : [])));
  const metadata: FormMetadata = { command: form.command, ...(channel ? { channel } : {}), shown };
  let privateMetadata = JSON.stringify(metadata);
  // Slack keeps 3000 characters; what was shown only refines "what changed".
  if (privateMetadata.length > 3000) privateMetadata = JSON.stringify({ ...metadata, shown: {} });
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK}${form.command}`,
    title: plain(form.title, 24),
    submit: plain(form.submit, 24),
    close: plain(t(lang, 'forms:cancel'), 24),
    private_metadata: privateMetadata,
    blocks: form.fields.slice(0, 100).map(block),
  };
}

/** A refusal or an answer in place of the form (response_action: update). */
export function noticeModal(title: string, text: string, lang: Language): Record<string, unknown> {
  return {
    type: 'modal',
    title: plain(title, 24),
    close: plain(t(lang, 'forms:close'), 24),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }],
  };
}

type StateValues = Record<string, Record<string, { type?: string; value?: string | null; selected_options?: { value: string }[] }>>;

/** The submitted view's state → the form's values (texts trimmed, boxes ticked or not). */
export function submittedValues(state: { values?: StateValues } | undefined): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state?.values ?? {})) {
    const input = actions[VALUE];
    if (!input) continue;
    values[blockId] = input.type === 'checkboxes' ? (input.selected_options ?? []).some((o) => o.value === TICKED) : (input.value ?? '').trim();
  }
  return values;
}

export function formMetadata(raw: string | undefined): FormMetadata | undefined {
  try {
    const parsed = JSON.parse(raw ?? '');
    return typeof parsed?.command === 'string' ? { command: parsed.command, channel: parsed.channel, shown: parsed.shown ?? {} } : undefined;
  } catch {
    return undefined;
  }
}
