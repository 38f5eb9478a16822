// `<name> [--members <user,…>]`, as group add and shared-mailbox add take it: a display name (with
// spaces, in double quotes) that becomes the Exchange alias, and a comma-separated list of users.
import { z } from 'zod';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { aliasFromName, aliasProblem } from '../src/exchange/alias.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';

const NAME = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} ._'-]{0,62}[\p{L}\p{M}\p{N}])?$/u;

/** A display name of letters, digits, spaces and . _ ' - (64 at most); `what` (a message key) names it when missing. */
export const displayName = (what: string) => z.string({ error: english('common:named.missing', { what }) }).regex(NAME, english('common:named.name'));

export const memberList = z
  .string({ error: english('common:named.membersMissing') })
  .transform((text) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(identitySchema).min(1, english('common:named.nobody')).max(50, english('common:named.tooMany')));

/** The schema: the name, its alias (from the name, without spaces or apostrophes), the members. */
export function namedWithMembers(name: z.ZodString) {
  return z
    .object({
      name,
      members: memberList.optional(),
      extra: z.array(z.string()).max(0, english('common:named.quotes')),
      options: optionProblems,
    })
    .transform((a, ctx) => {
      const alias = aliasFromName(a.name).replace(/[ ']/g, '');
      const problem = aliasProblem(alias);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['name'], message: english('common:named.alias', { alias, problem }) });
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
