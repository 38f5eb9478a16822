// How a person names a mailbox in a command: alias, name, UPN or address. The one place its
// characters are checked; the value then reaches Exchange only as a -Identity value (data).
import { z } from 'zod';
import { english } from '../i18n/i18n.ts';

// Its messages are English, remembered as messages (english()): the dispatcher words them in the reader's language.
export const IDENTITY_RE = /^[\p{L}\p{M}\p{N}._'\u2019@+!#%*/=?^~-]{1,256}$/u;

export const identitySchema = z.string({ error: english('common:identity.missing') }).regex(IDENTITY_RE, english('common:identity.invalid'));
