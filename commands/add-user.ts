// /exchange add-user <name> [quota]: a new AD user with a mailbox, as the WSE Dashboard did it.
// The name is one word; it becomes the alias (transliterated) and the display name.
// The quota is the mailbox's hard limit (ProhibitSendReceiveQuota); the guide's default is 2 GB.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import { aliasFromName, aliasProblem, NAME_MAX, NAME_RE, samAccountNameFor } from '../src/exchange/alias.ts';
import { describeQuota, parseQuota, type Quota } from '../src/exchange/size.ts';
import type { AddUserParams } from '../jobs/add-user/index.ts';

export const DEFAULT_QUOTA = '2GB';

const schema = z
  .object({
    name: z
      .string({ error: 'is missing: give the new user’s name, one word' })
      .max(NAME_MAX, `is longer than ${NAME_MAX} characters`)
      .regex(NAME_RE, 'must be one word of letters and digits (with . - _ or an apostrophe inside)'),
    quota: z.string().transform((text, ctx): Quota => {
      const parsed = parseQuota(text);
      if (parsed.ok) return parsed.quota;
      ctx.addIssue({ code: 'custom', message: parsed.reason });
      return z.NEVER;
    }),
  })
  .transform((args, ctx) => {
    const alias = aliasFromName(args.name);
    const problem = aliasProblem(alias);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: `cannot become an Exchange alias: "${alias}" ${problem}` });
      return z.NEVER;
    }
    return { ...args, alias };
  });

export type AddUserArgs = z.output<typeof schema>;

export const addUser: JobCommand<AddUserArgs> = {
  name: 'add-user',
  usage: 'add-user <name> [quota]',
  summary: `Create a user with a mailbox; quota like 2GB, 500MB or unlimited (default ${DEFAULT_QUOTA}).`,
  role: 'admin',
  parse: ([name, ...quota]) => ({ name, quota: quota.length ? quota.join(' ') : DEFAULT_QUOTA }),
  schema,
  plan(args) {
    const params: AddUserParams = {
      name: args.name,
      alias: args.alias,
      samAccountName: samAccountNameFor(args.alias),
      quota: args.quota,
    };
    return {
      kind: 'add-user',
      host: 'EXCH',
      params: params as unknown as Record<string, unknown>,
      summary: `add-user ${escapeSlack(args.name)} (${describeQuota(args.quota)})`,
    };
  },
};
