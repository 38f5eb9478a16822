// Free text a person gives a command (an automatic reply, a subject to look for): any letters and
// punctuation, passed to PowerShell only as data; control characters other than a line break are
// refused, and the length is bounded.
import { z } from 'zod';
import { english } from '../i18n/i18n.ts';

/** `what`: the message key naming the text with its article ("offboard:reply": "the automatic reply"). */
export function freeText(what: string, max: number) {
  return z
    .string({ error: english('common:freeText.missing', { what }) })
    .min(1, english('common:freeText.empty', { what }))
    .max(max, english('common:tooLong', { maximum: max }))
    .regex(/^[^\u0000-\u0009\u000B-\u001F\u007F]*$/, english('common:freeText.controlCharacters'));
}
