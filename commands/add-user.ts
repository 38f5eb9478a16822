// /exchange add-user <name> [quota] [--alias A] [--first F] [--last L] [--upn U] [--ou OU] [--no-quota]
// A new AD user with a mailbox, as the WSE Dashboard did it; an AD user of that name without a
// mailbox is mail-enabled instead. The name is one word; it becomes the display name and, unless
// --alias says otherwise, the alias (transliterated). The quota is the mailbox's hard limit
// (ProhibitSendReceiveQuota); the guide's default is on, 2 GB; --no-quota leaves the database's.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import type { CommandForm, FormValues, Prefill } from '../src/engine/form.ts';
import { t } from '../src/i18n/i18n.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { aliasFromName, aliasProblem, NAME_MAX, NAME_RE, samAccountNameFor } from '../src/exchange/alias.ts';
import { describeQuota, parseQuota, type Quota } from '../src/exchange/size.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { type AddUserParams, addUserJob } from '../jobs/add-user/index.ts';

export const DEFAULT_QUOTA = '2GB';
const PERSON_NAME = /^[\p{L}\p{M}][\p{L}\p{M} '\u2019.-]{0,63}$/u;
const UPN = /^[A-Za-z0-9!#%*+\-/=?^_~.]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;
const OU = /^(OU|CN)=[\p{L}\p{N} ._-]{1,64}(,(OU|CN|DC)=[\p{L}\p{N} ._-]{1,64}){0,10}$/iu;

const aliasField = z.string().superRefine((alias, ctx) => {
  const problem = aliasProblem(alias);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const schema = z
  .object({
    name: z
      .string({ error: 'is missing: give the new user’s name, one word' })
      .max(NAME_MAX, `is longer than ${NAME_MAX} characters`)
      .regex(NAME_RE, 'must be one word of letters and digits (with . - _ or an apostrophe inside)'),
    quota: z
      .string()
      .optional()
      .transform((text, ctx): Quota | null => {
        if (text === undefined) return null;
        const parsed = parseQuota(text);
        if (parsed.ok) return parsed.quota;
        ctx.addIssue({ code: 'custom', message: parsed.reason });
        return z.NEVER;
      }),
    alias: aliasField.optional(),
    first: z.string().regex(PERSON_NAME, 'must be a first name (letters, spaces, - and apostrophes)').optional(),
    last: z.string().regex(PERSON_NAME, 'must be a last name (letters, spaces, - and apostrophes)').optional(),
    upn: z.string().regex(UPN, 'must be a sign-in name like frank@contoso.com').optional(),
    ou: z.string().regex(OU, 'must be an organizational unit like OU=Staff,DC=contoso,DC=local').optional(),
    like: identitySchema.optional(),
    options: optionProblems,
  })
  .transform((args, ctx) => {
    const alias = args.alias ?? aliasFromName(args.name);
    const problem = aliasProblem(alias);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: `cannot become an Exchange alias: "${alias}" ${problem} (give one with --alias)` });
      return z.NEVER;
    }
    return { ...args, alias };
  });

export type AddUserArgs = z.output<typeof schema>;

/** The form's text fields, in order; their ids are the typed command's argument names. */
const FIELDS = ['name', 'alias', 'quota', 'first', 'last', 'ou', 'like'] as const;

/** A person's name in a message: the one the message mentions, else a run of capitalised words. */
export function personIn(message: { text: string; person?: string }): { first: string; last?: string } | undefined {
  const words = (message.person ?? '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) {
    const runs = [...message.text.matchAll(/(?:^|[^\p{L}])((?:\p{Lu}[\p{Ll}\p{M}'’-]+)(?:\s+\p{Lu}[\p{L}\p{M}'’-]+){1,2})/gu)];
    const run = runs[0];
    if (!run) return undefined;
    const found = run[1]!.split(/\s+/);
    // "Welcome Marie Dupont": three capitalised words where a sentence starts — the first is no name.
    const atStart = /^\s*$|[.!?:]\s*$/.test(message.text.slice(0, run.index! + run[0].indexOf(run[1]!)));
    words.push(...(found.length === 3 && atStart ? found.slice(1) : found));
  }
  const [first, ...rest] = words;
  return { first: first!, ...(rest.length ? { last: rest.join(' ') } : {}) };
}

const addUserForm: CommandForm = {
  title: (lang) => t(lang, 'forms:addUser.title'),
  submit: (lang) => t(lang, 'forms:addUser.submit'),
  fields({ lang, prefill = {} }) {
    return FIELDS.map((id) => ({
      id,
      type: 'text' as const,
      label: t(lang, `forms:addUser.${id}.label`),
      hint: t(lang, `forms:addUser.${id}.hint`, { quota: DEFAULT_QUOTA }),
      optional: id !== 'name',
      ...(id === 'quota' ? { initial: prefill.quota ?? DEFAULT_QUOTA } : prefill[id] ? { initial: prefill[id] } : {}),
      // The alias is made from the name when left empty: the placeholder shows what it would be.
      ...(id === 'alias' && prefill.name ? { placeholder: aliasFromName(prefill.name) } : {}),
    }));
  },
  // What parse() gives the schema for the same words typed: an empty quota is none (the database's).
  args(values: FormValues, { lang }) {
    const text = (id: (typeof FIELDS)[number]) => (typeof values[id] === 'string' && values[id] ? (values[id] as string) : undefined);
    const problems = text('like') && text('quota') ? [t(lang, 'forms:addUser.likeAndQuota')] : [];
    return { ...Object.fromEntries(FIELDS.map((id) => [id, text(id)])), options: problems };
  },
  // The one option problem a form can have is the quota given with "like".
  fieldOf: (path) => (path[0] === 'options' ? 'quota' : undefined),
  shortcut: {
    fromMessage(message): Prefill {
      const person = personIn(message);
      if (!person) return {};
      return { name: person.first, first: person.first, ...(person.last ? { last: person.last } : {}) };
    },
  },
};

export const addUser: JobCommand<AddUserArgs> = {
  name: 'add-user',
  usage: 'add-user <name> [quota] [--alias A] [--first F] [--last L] [--upn U] [--ou OU] [--no-quota] [--like <user>]',
  summary: `Create a user with a mailbox (or mail-enable the account of that name); quota like 2GB, 500MB or unlimited (default ${DEFAULT_QUOTA}).`,
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, flags, problems } = splitOptions(tokens, { values: ['alias', 'first', 'last', 'upn', 'ou', 'like'], flags: ['no-quota'] });
    const [name, ...quota] = positionals;
    if (flags['no-quota'] && quota.length) problems.push('--no-quota and a quota cannot go together');
    // --like copies the template's quota: a quota of its own would contradict it.
    if (values.like !== undefined && (quota.length || flags['no-quota'])) problems.push('--like copies the template’s quota: give no quota with it');
    const noQuota = flags['no-quota'] || values.like !== undefined;
    return { name, quota: noQuota ? undefined : quota.length ? quota.join(' ') : DEFAULT_QUOTA, ...values, options: problems };
  },
  schema,
  form: addUserForm,
  plan(args) {
    const params: AddUserParams = {
      name: args.name,
      alias: args.alias,
      samAccountName: samAccountNameFor(args.alias),
      quota: args.quota,
      ...(args.first ? { firstName: args.first } : {}),
      ...(args.last ? { lastName: args.last } : {}),
      ...(args.upn ? { upn: args.upn } : {}),
      ...(args.ou ? { ou: args.ou } : {}),
      ...(args.like ? { like: args.like } : {}),
    };
    return addUserJob.plan(
      params,
      `add-user ${escapeSlack(args.name)} (${args.like ? `like ${escapeSlack(args.like)}` : args.quota ? describeQuota(args.quota) : 'database quota'})`,
    );
  },
};
