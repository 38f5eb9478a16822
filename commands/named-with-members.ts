// `<name> [--members <user,…>]`, as group add and shared-mailbox add take it: a display name (with
// spaces, in double quotes) that becomes the Exchange alias, and a comma-separated list of users.
import { z } from 'zod';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { aliasFromName, aliasProblem } from '../src/exchange/alias.ts';
import { identitySchema } from '../src/exchange/identity.ts';

const NAME = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} ._'-]{0,62}[\p{L}\p{M}\p{N}])?$/u;

/** A display name of letters, digits, spaces and . _ ' - (64 at most); `what` names it when missing. */
export const displayName = (what: string) =>
  z.string({ error: `is missing: ${what}` }).regex(NAME, "must be a name of letters, digits, spaces and . _ ' - (64 at most)");

export const memberList = z
  .string({ error: 'is missing: the users, comma-separated (Ann,Bob)' })
  .transform((text) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(identitySchema).min(1, 'names nobody').max(50, 'names more than 50 users'));

/** The schema: the name, its alias (from the name, without spaces or apostrophes), the members. */
export function namedWithMembers(name: z.ZodString) {
  return z
    .object({
      name,
      members: memberList.optional(),
      extra: z.array(z.string()).max(0, 'a name with spaces goes in double quotes'),
      options: optionProblems,
    })
    .transform((a, ctx) => {
      const alias = aliasFromName(a.name).replace(/[ ']/g, '');
      const problem = aliasProblem(alias);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['name'], message: `cannot become an Exchange alias: "${alias}" ${problem}` });
        return z.NEVER;
      }
      return { ...a, alias };
    });
}

export function parseNamedWithMembers(tokens: string[]) {
  const { positionals, values, problems } = splitOptions(tokens, { values: ['members'] });
  const [name, ...extra] = positionals;
  return { name, members: values.members, extra, options: problems };
}
