// /exchange offboard <user> [--forward-to <user>] [--keep-copy] [--grant <user>] [--shared]
//   [--reply "<text>"] [--export] [--remove]: someone leaves. One job; its approval card lists every
//   change it will make, in order, computed by read-only probes before any is made.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand } from '../src/engine/command.ts';
import type { CommandForm, FormValues } from '../src/engine/form.ts';
import { t } from '../src/i18n/i18n.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { freeText } from '../src/exchange/free-text.ts';
import { futureTime } from '../src/exchange/when.ts';
import { identitySchema } from '../src/exchange/identity.ts';
import { english } from '../src/i18n/i18n.ts';
import { DEPLOY_PROFILE } from '../jobs/deploy/profile.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { describeChange, type OffboardParams, offboardJob } from '../jobs/offboard/index.ts';

const schema = z
  .object({
    user: identitySchema,
    forwardTo: identitySchema.optional(),
    keepCopy: z.boolean(),
    grant: identitySchema.optional(),
    shared: z.boolean(),
    reply: freeText('offboard:reply', 2000).optional(),
    export: z.boolean(),
    remove: z.boolean(),
    at: z.string().optional(),
    extra: z.array(z.string()).max(0, english('offboard:errors.extra')),
    options: optionProblems,
  })
  .superRefine((a, ctx) => {
    if (a.keepCopy && !a.forwardTo) ctx.addIssue({ code: 'custom', path: ['keep-copy'], message: english('offboard:errors.keepCopy') });
    if (a.remove && !a.export) ctx.addIssue({ code: 'custom', path: ['remove'], message: english('offboard:errors.removeNeedsExport') });
    if (a.remove && (a.shared || a.grant || a.forwardTo || a.reply))
      ctx.addIssue({ code: 'custom', path: ['remove'], message: english('offboard:errors.removeLoses') });
  });

// The form: the user, then each change as a field, in the words the approval card will list it.
const TEXTS = ['user', 'forward-to', 'grant', 'reply', 'at'] as const;
const BOXES = ['keep-copy', 'shared', 'export', 'remove'] as const;
/** Schema paths that are not the field's id. */
const FIELD_OF: Record<string, string> = { forwardTo: 'forward-to', keepCopy: 'keep-copy', extra: 'user' };

const offboardForm: CommandForm = {
  title: (lang) => t(lang, 'forms:offboard.title'),
  submit: (lang) => t(lang, 'forms:offboard.submit'),
  async fields({ lang, services }) {
    const share = await services.settings.get(`${DEPLOY_PROFILE}export-share`);
    const always = (['disable-sign-in', 'hide'] as const).map((id) => `• ${describeChange({ id })}`);
    const text = (id: (typeof TEXTS)[number], extra: { optional?: boolean; multiline?: boolean } = {}) => ({
      id,
      type: 'text' as const,
      label: t(lang, `forms:offboard.${id}.label`),
      hint: t(lang, `forms:offboard.${id}.hint`),
      optional: true,
      ...extra,
    });
    const box = (id: (typeof BOXES)[number], option: string) => ({
      id,
      type: 'checkbox' as const,
      label: t(lang, `forms:offboard.${id}.label`),
      option,
      hint: t(lang, `forms:offboard.${id}.hint`),
    });
    return [
      text('user', { optional: false }),
      {
        id: 'always',
        type: 'note' as const,
        text: t(lang, 'forms:offboard.always', { changes: [...always, `• ${t(lang, 'forms:offboard.groups')}`].join('\n') }),
      },
      text('forward-to'),
      box('keep-copy', t(lang, 'forms:offboard.keep-copy.option')),
      text('reply', { multiline: true }),
      text('grant'),
      box('shared', describeChange({ id: 'shared' })),
      box('export', share ? describeChange({ id: 'export', path: `${share}\\…` }) : t(lang, 'forms:offboard.export.noShare')),
      box('remove', describeChange({ id: 'remove' })),
      text('at'),
    ];
  },
  // What parse() gives the schema for the same options typed.
  args(values: FormValues) {
    const text = (id: string) => (typeof values[id] === 'string' && values[id] ? (values[id] as string) : undefined);
    return {
      user: text('user'),
      forwardTo: text('forward-to'),
      keepCopy: values['keep-copy'] === true,
      grant: text('grant'),
      shared: values.shared === true,
      reply: text('reply'),
      export: values.export === true,
      remove: values.remove === true,
      at: text('at'),
      extra: [],
      options: [],
    };
  },
  fieldOf: (path) => FIELD_OF[String(path[0])],
};

export const offboard: JobCommand<z.output<typeof schema>> = {
  name: 'offboard',
  usage: 'offboard:usage',
  summary: 'offboard:summary',
  role: 'admin',
  guards: [integrationOn],
  parse(tokens) {
    const { positionals, values, flags, problems } = splitOptions(tokens, {
      values: ['forward-to', 'grant', 'reply', 'at'],
      flags: ['keep-copy', 'shared', 'export', 'remove'],
    });
    // --at takes a date and a time: two words.
    const timeWord = values.at !== undefined && /^\d{1,2}:\d{2}(:\d{2})?$/.test(positionals[1] ?? '') ? positionals.splice(1, 1)[0] : undefined;
    const [user, ...extra] = positionals;
    return {
      user,
      forwardTo: values['forward-to'],
      keepCopy: Boolean(flags['keep-copy']),
      grant: values.grant,
      shared: Boolean(flags.shared),
      reply: values.reply,
      export: Boolean(flags.export),
      remove: Boolean(flags.remove),
      at: values.at !== undefined ? [values.at, timeWord].filter(Boolean).join(' ') : undefined,
      extra,
      options: problems,
    };
  },
  schema,
  form: offboardForm,
  async plan(a, ctx) {
    let exportShare: string | undefined;
    if (a.export) {
      exportShare = await ctx.services?.settings.get(`${DEPLOY_PROFILE}export-share`);
      if (!exportShare) return { refuse: ctx.t('offboard:needsShare') };
    }
    let at: { at: number; shown: string } | undefined;
    if (a.at !== undefined) {
      const when = await futureTime(a.at, ctx, '--at');
      if ('refuse' in when) return when;
      at = when;
    }
    const params: OffboardParams = {
      identity: a.user,
      ...(a.forwardTo ? { forwardTo: a.forwardTo } : {}),
      keepCopy: a.keepCopy,
      ...(a.grant ? { grant: a.grant } : {}),
      shared: a.shared,
      ...(a.reply ? { reply: a.reply } : {}),
      export: a.export,
      remove: a.remove,
      ...(exportShare ? { exportShare } : {}),
      ...(at ? { at: at.at, atShown: at.shown } : {}),
    };
    const t = ctx.channelT;
    const extras = [
      a.forwardTo && t('offboard:card.forward', { to: a.forwardTo }),
      a.shared && t('offboard:card.shared'),
      a.grant && t('offboard:card.grant', { to: a.grant }),
      a.export && t('offboard:card.export'),
      a.remove && t('offboard:card.remove'),
      at && t('offboard:card.at', { at: at.shown }),
    ].filter(Boolean);
    const user = escapeSlack(a.user);
    return offboardJob.plan(
      params,
      extras.length ? t('offboard:card.with', { user, extras: escapeSlack(extras.join(', ')) }) : t('offboard:card.plain', { user }),
    );
  },
};
