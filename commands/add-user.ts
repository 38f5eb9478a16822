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
import { english } from '../src/i18n/i18n.ts';
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
      .string({ error: english('add-user:errors.nameMissing') })
      .max(NAME_MAX, english('common:tooLong', { maximum: NAME_MAX }))
      .regex(NAME_RE, english('add-user:errors.name')),
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
    first: z.string().regex(PERSON_NAME, english('add-user:errors.first')).optional(),
    last: z.string().regex(PERSON_NAME, english('add-user:errors.last')).optional(),
    upn: z.string().regex(UPN, english('add-user:errors.upn')).optional(),
    ou: z.string().regex(OU, english('add-user:errors.ou')).optional(),
    like: identitySchema.optional(),
    options: optionProblems,
  })
  .transform((args, ctx) => {
    const alias = args.alias ?? aliasFromName(args.name);
    const problem = aliasProblem(alias);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: english('add-user:errors.alias', { alias, problem }) });
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
  usage: 'add-user:usage',
  summary: 'add-user:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, flags, problems } = splitOptions(tokens, { values: ['alias', 'first', 'last', 'upn', 'ou', 'like'], flags: ['no-quota'] });
    const [name, ...quota] = positionals;
    if (flags['no-quota'] && quota.length) problems.push(english('add-user:errors.noQuotaAndQuota'));
    // --like copies the template's quota: a quota of its own would contradict it.
    if (values.like !== undefined && (quota.length || flags['no-quota'])) problems.push(english('add-user:errors.likeAndQuota'));
    const noQuota = flags['no-quota'] || values.like !== undefined;
    return { name, quota: noQuota ? undefined : quota.length ? quota.join(' ') : DEFAULT_QUOTA, ...values, options: problems };
  },
  schema,
  form: addUserForm,
  plan(args, { channelT: t }) {
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
    // The card's summary, in the channel's language.
    const name = escapeSlack(args.name);
    const summary = args.like
      ? t('add-user:card.like', { name, like: escapeSlack(args.like) })
      : args.quota
        ? t('add-user:card.quota', { name, quota: describeQuota(args.quota, t.lang) })
        : t('add-user:card.databaseQuota', { name });
    return addUserJob.plan(params, summary);
  },
};
