// /exchange deploy profile [set <key> <value>], deploy plan, deploy run [--from <step>] [--only <step>]:
// the guide's whole deployment from Slack. The profile is kept in Redis (a value is the rest of the
// line); the certificate's password is never a value here, only the name of the secret holding it.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand, AnswerContext, JobCommand } from '../src/engine/command.ts';
import type { CommandForm } from '../src/engine/form.ts';
import { t } from '../src/i18n/i18n.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { HOST_ROLES } from '../src/engine/hosts.ts';
import { english, say } from '../src/i18n/i18n.ts';
import { type DeployParams, deployJob, deployProbeQuery, deploySteps, type ProbeFindings } from '../jobs/deploy/index.ts';
import { renderPlan } from '../jobs/deploy/plan.ts';
import {
  DEPLOY_PROFILE,
  loadProfile,
  PROFILE_KEYS,
  type Profile,
  profileConflicts,
  profileFrom,
  profileKeys,
  type ProfileKey,
} from '../jobs/deploy/profile.ts';
import { integrationIsOn } from '../jobs/integration/index.ts';

const REQUIRED: ProfileKey[] = ['domain', 'remote-host', 'setup-path', 'exchange-ip', 'internal-range', 'public-ip', 'certificate', 'certificate-secret'];

const profileSchema = z
  .object({
    set: z.boolean(),
    key: z.string().optional(),
    value: z.string().optional(),
    /** The form's changes, several keys at once: a value, or null to forget the key (back to its default). */
    changes: z.record(z.string(), z.string().nullable()).optional(),
    extra: z.array(z.string()).max(0, english('deploy:profile.errors.use')),
  })
  .transform((args, ctx) => {
    if (!args.set) return { show: true as const };
    const given = args.changes ?? { [args.key ?? '']: args.value ?? '' };
    const changes: Partial<Record<ProfileKey, string | null>> = {};
    for (const [name, value] of Object.entries(given)) {
      if (!Object.hasOwn(PROFILE_KEYS, name)) {
        ctx.addIssue({ code: 'custom', path: ['key'], message: english('deploy:profile.errors.key', { keys: profileKeys.join(', ') }) });
        continue;
      }
      const key = name as ProfileKey;
      if (value === null) {
        changes[key] = null;
        continue;
      }
      const parsed = PROFILE_KEYS[key].schema.safeParse(value);
      if (!parsed.success || !value) {
        const message = value ? parsed.error!.issues[0]!.message : english('deploy:profile.errors.needsValue', { about: PROFILE_KEYS[key].about });
        ctx.addIssue({ code: 'custom', path: [key], message });
        continue;
      }
      changes[key] = String(parsed.data);
    }
    if (ctx.issues.length) return z.NEVER;
    return { show: false as const, changes };
  });

/** The profile as shown: every key's value, set or default. */
function shownProfile(profile: Profile): Record<ProfileKey, string | undefined> {
  return {
    domain: profile.domain,
    'mail-host': profile.mailHost,
    'remote-host': profile.remoteHost,
    'exchange-version': profile.exchangeVersion,
    'diagnostic-data': profile.diagnosticData,
    'prerequisites-path': profile.prerequisitesPath,
    'setup-path': profile.setupPath,
    organization: profile.organization,
    'exchange-ip': profile.exchangeIp,
    'internal-range': profile.internalRange,
    'public-ip': profile.publicIp,
    certificate: profile.certificate,
    'certificate-secret': profile.certificateSecret,
    migration: profile.migration ? 'yes' : 'no',
    'export-share': profile.exportShare,
  };
}

// The form (`deploy profile edit`): every key with its current value; what the user changed is set,
// a key emptied is forgotten (back to its default), each checked by the same rules as `set`.
const profileForm: CommandForm = {
  title: (lang) => t(lang, 'forms:profile.title'),
  submit: (lang) => t(lang, 'forms:profile.submit'),
  opensOn: (tokens) => tokens.length === 1 && tokens[0]!.toLowerCase() === 'edit',
  async fields({ services }) {
    const shown = shownProfile((await loadProfile(services.settings)).profile);
    return profileKeys.map((key) => ({
      id: key,
      type: 'text' as const,
      label: key,
      hint: PROFILE_KEYS[key].about,
      optional: true,
      ...(shown[key] ? { initial: shown[key] } : {}),
    }));
  },
  args(values, { shown }) {
    const changes: Record<string, string | null> = {};
    for (const key of profileKeys) {
      const value = typeof values[key] === 'string' ? (values[key] as string) : '';
      if (value === (shown[key] ?? '')) continue;
      changes[key] = value === '' ? null : value;
    }
    return { set: true, changes, extra: [] };
  },
};

export const deployProfile: AnswerCommand<z.output<typeof profileSchema>> = {
  name: 'deploy profile',
  usage: 'deploy:profile.usage',
  summary: 'deploy:profile.summary',
  role: 'admin',
  parse: ([sub, key, ...value]) =>
    sub?.toLowerCase() === 'set'
      ? { set: true, key: key?.toLowerCase(), value: value.length ? value.join(' ') : undefined, extra: [] }
      : { set: false, extra: sub ? [sub] : [] },
  schema: profileSchema,
  form: profileForm,
  async answer(args, ctx) {
    const { t } = ctx;
    const changed = args.show ? [] : (Object.entries(args.changes) as [ProfileKey, string | null][]);
    if (changed.length) {
      const { stored } = await loadProfile(ctx.services.settings);
      const next: Partial<Record<ProfileKey, string>> = { ...stored };
      for (const [key, value] of changed) {
        if (value === null) delete next[key];
        else next[key] = value;
      }
      const conflicts = profileConflicts(profileFrom(next));
      const names = changed.map(([key]) => key).join('`, `');
      if (conflicts.length) return { text: t('deploy:profile.notChanged', { key: names, why: escapeSlack(conflicts.map((c) => say(t.lang, c)).join('; ')) }) };
      for (const [key, value] of changed) {
        if (value === null) await ctx.services.settings.delete(DEPLOY_PROFILE + key);
        else await ctx.services.settings.set(DEPLOY_PROFILE + key, value);
      }
    }
    const { stored, profile } = await loadProfile(ctx.services.settings);
    const shown = shownProfile(profile);
    const lines = profileKeys.map((k) => {
      const value = shown[k];
      const isDefault = value !== undefined && stored[k] === undefined;
      const shownValue =
        value === undefined
          ? t(REQUIRED.includes(k) ? 'deploy:profile.notSetNeeded' : 'deploy:profile.notSet')
          : isDefault
            ? t('deploy:profile.default', { value: escapeSlack(value) })
            : escapeSlack(value);
      return `• \`${k}\`: ${shownValue}`;
    });
    const [only] = changed;
    const head = `*${t('deploy:profile.head')}*`;
    const title = args.show
      ? head
      : changed.length === 1 && only![1] !== null
        ? t('deploy:profile.headSet', { head, key: only![0], value: escapeSlack(only![1]) })
        : changed.length
          ? `${head}: ${t('forms:profile.changed', { keys: changed.map(([key]) => `\`${key}\``).join(', ') })}`
          : `${head}: ${t('forms:profile.unchanged')}`;
    return { text: title.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [title, ...lines].join('\n').slice(0, 3000) } }] };
  },
};

/** The run's parameters, or what is missing from the profile. */
async function runParams(ctx: AnswerContext, options: { from?: string; only?: string } = {}): Promise<DeployParams | { refuse: string }> {
  const { stored, profile } = await loadProfile(ctx.services.settings);
  const missing = REQUIRED.filter((k) => !stored[k]);
  if (missing.length) return { refuse: ctx.t('deploy:profile.needs', { keys: missing.map((k) => `\`${k}\``).join(', '), key: missing[0] }) };
  const conflicts = profileConflicts(profile);
  if (conflicts.length) return { refuse: escapeSlack(conflicts.map((c) => say(ctx.lang, c)).join('; ')) };
  const integrationOn = await integrationIsOn(ctx.services.settings);
  return { profile, integrationOn, dnsServers: [...ctx.services.dnsServers], ...options };
}

const STEP_ID = /^(G[1-4]|D\d{1,2}(-restart|-gateway|-dotnet|-vc2012|-vc2013|-ucma|-rewrite)?|OWA)$/i;
const runSchema = z.object({
  from: z
    .string()
    .regex(STEP_ID, english('deploy:run.errors.step', { example: 'D5' }))
    .optional(),
  only: z
    .string()
    .regex(STEP_ID, english('deploy:run.errors.step', { example: 'D7' }))
    .optional(),
  options: optionProblems,
});

export const deployRun: JobCommand<z.output<typeof runSchema>> = {
  name: 'deploy run',
  usage: 'deploy:run.usage',
  summary: 'deploy:run.summary',
  role: 'admin',
  parse(tokens) {
    const { positionals, values, problems } = splitOptions(tokens, { values: ['from', 'only'] });
    if (positionals.length) problems.push(english('deploy:run.errors.positional'));
    if (values.from && values.only) problems.push(english('deploy:run.errors.fromAndOnly'));
    return { from: values.from?.toUpperCase(), only: values.only?.toUpperCase(), options: problems };
  },
  schema: runSchema,
  async plan(args, ctx) {
    const params = await runParams(ctx, { ...(args.from ? { from: args.from } : {}), ...(args.only ? { only: args.only } : {}) });
    if ('refuse' in params) return params;
    const what = args.only ? ` --only ${args.only}` : args.from ? ` --from ${args.from}` : '';
    return deployJob.plan(params, ctx.channelT('deploy:run.card', { domain: escapeSlack(params.profile.domain!), what }));
  },
};

export const deployPlan: AnswerCommand<Record<string, never>> = {
  name: 'deploy plan',
  usage: 'deploy:plan.usage',
  summary: 'deploy:plan.summary',
  role: 'admin',
  visibility: 'channel',
  parse: () => ({}),
  schema: z.object({}),
  async answer(_args, ctx) {
    const params = await runParams(ctx);
    if ('refuse' in params) return { text: params.refuse };
    const { hosts } = ctx.services;
    // Posted in the channel: in its language (ctx.t is the channel's for this answer).
    const steps = deploySteps(params, hosts, ctx.t);
    const roles = HOST_ROLES.filter((role) => steps.some((s) => (s.role ?? 'exchange') === role));
    const found: ProbeFindings = {};
    const unanswered: string[] = [];
    await Promise.all(
      roles.map(async (role) => {
        const host = hosts.hostFor(role);
        try {
          Object.assign(found, await ctx.services.ask(deployProbeQuery.ask({ deploy: params, role }, host), 8000));
        } catch (e) {
          unanswered.push(ctx.t('deploy:plan.unanswered', { host, error: (e as Error).message }));
        }
      }),
    );
    return renderPlan(params, steps, found, hosts, unanswered, ctx.t);
  },
};
