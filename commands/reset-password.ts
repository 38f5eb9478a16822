// /exchange reset-password <user> [--no-change-at-logon]: a new password, made on the worker and
// sent privately to the requester (as add-user's initial one); the account must change it at its
// next sign-in unless --no-change-at-logon. A helpdesk role's command (README: roles file).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import type { CommandForm } from '../src/engine/form.ts';
import { t } from '../src/i18n/i18n.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { resetPasswordJob } from '../jobs/reset-password/index.ts';

const schema = z.object({
  user: identitySchema,
  changeAtLogon: z.boolean(),
  extra: z.array(z.string()).max(0, english('common:oneUser')),
  options: optionProblems,
});

const resetPasswordForm: CommandForm = {
  title: (lang) => t(lang, 'forms:resetPassword.title'),
  submit: (lang) => t(lang, 'forms:resetPassword.submit'),
  fields: ({ lang, prefill = {} }) => [
    {
      id: 'user',
      type: 'text',
      label: t(lang, 'forms:resetPassword.user.label'),
      hint: t(lang, 'forms:resetPassword.user.hint'),
      ...(prefill.user ? { initial: prefill.user } : {}),
    },
    {
      id: 'change-at-logon',
      type: 'checkbox',
      label: t(lang, 'forms:resetPassword.change-at-logon.label'),
      option: t(lang, 'forms:resetPassword.change-at-logon.option'),
      initial: true,
    },
  ],
  // What parse() gives the schema for the same words typed.
  args: (values) => ({
    user: typeof values.user === 'string' && values.user ? values.user : undefined,
    changeAtLogon: values['change-at-logon'] === true,
    extra: [],
    options: [],
  }),
  fieldOf: (path) => (path[0] === 'extra' ? 'user' : undefined),
};

export const resetPassword: JobCommand<z.output<typeof schema>> = {
  name: 'reset-password',
  usage: 'reset-password:usage',
  summary: 'reset-password:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, flags, problems } = splitOptions(tokens, { flags: ['no-change-at-logon'] });
    const [user, ...extra] = positionals;
    return { user, changeAtLogon: !flags['no-change-at-logon'], extra, options: problems };
  },
  schema,
  form: resetPasswordForm,
  plan: ({ user, changeAtLogon }, { channelT: t }) =>
    resetPasswordJob.plan(
      { identity: user, changeAtLogon },
      t(changeAtLogon ? 'reset-password:card' : 'reset-password:cardNoChange', { user: escapeSlack(user) }),
    ),
};
