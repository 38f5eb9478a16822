// Free text a person gives a command (an automatic reply, a subject to look for): any letters and
// punctuation, passed to PowerShell only as data; control characters other than a line break are
// refused, and the length is bounded.
import { z } from 'zod';

export function freeText(what: string, max: number) {
  return z
    .string({ error: `is missing: give the ${what} in double quotes` })
    .min(1, `is empty: give the ${what} in double quotes`)
    .max(max, `is longer than ${max} characters`)
    .regex(/^[^\u0000-\u0009\u000B-\u001F\u007F]*$/, 'has control characters');
}
