// How a person names a mailbox in a command: alias, name, UPN or address. The one place its
// characters are checked; the value then reaches Exchange only as a -Identity value (data).
import { z } from 'zod';

export const IDENTITY_RE = /^[\p{L}\p{M}\p{N}._'\u2019@+!#%*/=?^~-]{1,256}$/u;

export const identitySchema = z
  .string({ error: 'is missing: name the user by alias, name, sign-in name or address' })
  .regex(IDENTITY_RE, 'must be an alias, name, sign-in name or address (no spaces, quotes or symbols like $ ; | & < >)');
