// /exchange deploy profile [set <key> <value>], deploy plan, deploy run [--from <step>] [--only <step>]:
// the guide's whole deployment from Slack. The profile is kept in Redis (a value is the rest of the
// line); the certificate's password is never a value here, only the name of the secret holding it.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand, AnswerContext, JobCommand } from '../src/engine/command.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';
import { DEPLOY_PROFILE, INTEGRATION } from '../src/engine/settings.ts';
import { deploySteps, type DeployParams } from '../jobs/deploy/index.ts';
import { loadProfile, PROFILE_KEYS, profileConflicts, profileFrom, profileKeys, type ProfileKey } from '../jobs/deploy/profile.ts';

const REQUIRED: ProfileKey[] = ['domain', 'remote-host', 'setup-path', 'exchange-ip', 'internal-range', 'public-ip', 'certificate', 'certificate-secret'];

const profileSchema = z
  .object({ set: z.boolean(), key: z.string().optional(), value: z.string().optional(), extra: z.array(z.string()).max(0, 'use: deploy profile set <key> <value>') })
  .transform((args, ctx) => {
    if (!args.set) return { show: true as const };
    if (!args.key || !(args.key in PROFILE_KEYS)) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: `must be one of ${profileKeys.join(', ')}` });
      return z.NEVER;
    }
    const key = args.key as ProfileKey;
    const parsed = PROFILE_KEYS[key].schema.safeParse(args.value ?? '');
    if (!parsed.success || !args.value) {
      ctx.addIssue({ code: 'custom', path: [key], message: args.value ? parsed.error!.issues[0]!.message : `needs a value: ${PROFILE_KEYS[key].about}` });
      return z.NEVER;
    }
    return { show: false as const, key, value: String(parsed.data) };
  });

export const deployProfile: AnswerCommand<z.output<typeof profileSchema>> = {
  name: 'deploy profile',
  usage: 'deploy profile [set <key> <value>]',
  summary: 'The deployment’s inputs (domain, host names, addresses, certificate…).',
  role: 'admin',
  parse: ([sub, key, ...value]) =>
    sub?.toLowerCase() === 'set' ? { set: true, key: key?.toLowerCase(), value: value.length ? value.join(' ') : undefined, extra: [] } : { set: false, extra: sub ? [sub] : [] },
  schema: profileSchema,
  async answer(args, ctx) {
    if (!args.show) {
      const { stored } = await loadProfile(ctx.services.settings);
      const conflicts = profileConflicts(profileFrom({ ...stored, [args.key]: args.value }));
      if (conflicts.length) return { text: `\`${args.key}\` was not changed: ${escapeSlack(conflicts.join('; '))}.` };
      await ctx.services.settings.set(DEPLOY_PROFILE + args.key, args.value);
    }
    const { stored, profile } = await loadProfile(ctx.services.settings);
    const shown: Record<ProfileKey, string | undefined> = {
      domain: profile.domain, 'mail-host': profile.mailHost, 'remote-host': profile.remoteHost, 'exchange-version': profile.exchangeVersion,
      'setup-path': profile.setupPath, organization: profile.organization, 'exchange-ip': profile.exchangeIp, 'internal-range': profile.internalRange,
      'public-ip': profile.publicIp, certificate: profile.certificate, 'certificate-secret': profile.certificateSecret, migration: profile.migration ? 'yes' : 'no',
    };
    const lines = profileKeys.map((k) => {
      const value = shown[k];
      const isDefault = value !== undefined && stored[k] === undefined;
      return `• \`${k}\`: ${value === undefined ? `_not set_${REQUIRED.includes(k) ? ' (needed)' : ''}` : `${escapeSlack(value)}${isDefault ? ' _(default)_' : ''}`}`;
    });
    const head = args.show ? '*Deployment profile*' : `*Deployment profile*: \`${args.key}\` is now ${escapeSlack(args.value)}`;
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines].join('\n').slice(0, 3000) } }] };
  },
};

/** The run's parameters, or what is missing from the profile. */
async function runParams(ctx: AnswerContext, options: { from?: string; only?: string } = {}): Promise<DeployParams | { refuse: string }> {
  const { stored, profile } = await loadProfile(ctx.services.settings);
  const missing = REQUIRED.filter((k) => !stored[k]);
  if (missing.length) return { refuse: `The deployment profile needs ${missing.map((k) => `\`${k}\``).join(', ')} first: \`/exchange deploy profile set ${missing[0]} …\`.` };
  const conflicts = profileConflicts(profile);
  if (conflicts.length) return { refuse: escapeSlack(conflicts.join('; ')) };
  const integrationOn = (await ctx.services.settings.get(INTEGRATION)) === 'on';
  return { profile, integrationOn, dnsServers: [...ctx.services.dnsServers], ...options };
}

const STEP_ID = /^(G[1-3]|D\d{1,2}(-restart|-gateway)?|OWA)$/i;
const runSchema = z.object({
  from: z.string().regex(STEP_ID, 'must be a step id like D5 (see /exchange deploy plan)').optional(),
  only: z.string().regex(STEP_ID, 'must be a step id like D7 (see /exchange deploy plan)').optional(),
  options: optionProblems,
});

export const deployRun: JobCommand<z.output<typeof runSchema>> = {
  name: 'deploy run',
  usage: 'deploy run [--from <step>] [--only <step>]',
  summary: 'Run the deployment: every step probed, skipped when done, approvals before restarts.',
  role: 'admin',
  parse(tokens) {
    const { positionals, values, problems } = splitOptions(tokens, { values: ['from', 'only'] });
    if (positionals.length) problems.push('takes only --from <step> or --only <step>');
    if (values.from && values.only) problems.push('--from and --only cannot go together');
    return { from: values.from?.toUpperCase(), only: values.only?.toUpperCase(), options: problems };
  },
  schema: runSchema,
  async plan(args, ctx) {
    const params = await runParams(ctx, { ...(args.from ? { from: args.from } : {}), ...(args.only ? { only: args.only } : {}) });
    if ('refuse' in params) return params;
    const what = args.only ? ` --only ${args.only}` : args.from ? ` --from ${args.from}` : '';
    return { kind: 'deploy', host: 'EXCH', params: params as unknown as Record<string, unknown>, summary: `deploy ${escapeSlack(params.profile.domain!)}${what}` };
  },
};

const STATE_ICON: Record<string, string> = { done: '✅', 'to do': '▫️', manual: '✋', blocked: '⛔', skipped: '☑️' };

export const deployPlan: AnswerCommand<Record<string, never>> = {
  name: 'deploy plan',
  usage: 'deploy plan',
  summary: 'The deployment’s steps and what each read-only probe finds (in the channel).',
  role: 'admin',
  visibility: 'channel',
  parse: () => ({}),
  schema: z.object({}),
  async answer(_args, ctx) {
    const params = await runParams(ctx);
    if ('refuse' in params) return { text: params.refuse };
    const steps = deploySteps(params);
    const hosts = [...new Set(steps.map((s) => s.host ?? 'EXCH'))];
    const found: Record<string, { done?: boolean; detail?: string; error?: string; manual?: boolean }> = {};
    const answers = await Promise.all(
      hosts.map((host) => ctx.services.ask({ kind: 'deploy-probe', host, params: { ...params, host }, summary: 'deploy plan' }, 8000).catch((e: Error) => ({ __error: `${host} did not answer (${e.message})` }))),
    );
    const unanswered: string[] = [];
    for (const a of answers) {
      if (a && typeof a === 'object' && '__error' in a) unanswered.push(String((a as { __error: string }).__error));
      else Object.assign(found, a as object);
    }
    const exchangeMissing = found.D3 && !found.D3.done;
    // Steps without a probe of their own are done when what they follow is done.
    const after: Record<string, string[]> = { 'D3-restart': ['D3'], D11: ['D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10'] };
    for (const [id, deps] of Object.entries(after)) if (deps.every((d) => found[d]?.done || steps.find((s) => s.id === d)?.skipIf?.({}))) found[id] = { done: true };
    if (params.integrationOn) found.D15 = { done: true };
    const lines = steps.map((s) => {
      const skip = s.skipIf?.({});
      const probe = found[s.id];
      let state: string;
      let why = '';
      if (skip && !/before this run|nothing was configured|already on/.test(skip)) [state, why] = ['skipped', skip];
      else if (s.id.startsWith('G') && probe && !probe.done) [state, why] = ['blocked', probe.error ?? probe.detail ?? ''];
      else if (probe?.done) state = 'done';
      else if (probe?.manual) [state, why] = ['manual', 'by hand on WSE: the Dashboard’s wizard'];
      else if (s.id === 'D13' || s.id === 'D14') [state, why] = ['manual', s.id === 'D13' ? 'at the registrar: /exchange dns records' : 'on the router: 25 → EXCH, 80 and 443 → WSE'];
      else if (probe?.error && exchangeMissing && (s.host ?? 'EXCH') === 'EXCH') [state, why] = ['to do', 'after Exchange setup'];
      else if (probe?.error) [state, why] = ['blocked', probe.error];
      else if (!probe && skip) [state, why] = ['to do', 'when the run changes something'];
      else state = 'to do';
      const approval = s.approval ? ' · needs approval' : '';
      return `${STATE_ICON[state] ?? ''} *${s.id}* ${escapeSlack(s.title)} (${s.host ?? 'EXCH'}) — ${state}${why ? `: ${escapeSlack(why.slice(0, 200))}` : ''}${approval}`;
    });
    const head = `*Deployment plan for ${escapeSlack(params.profile.domain!)}*`;
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
    for (let i = 0; i < lines.length; i += 12) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.slice(i, i + 12).join('\n').slice(0, 3000) } });
    if (unanswered.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escapeSlack(unanswered.join('; '))}` } });
    const done = lines.filter((l) => l.includes('— done')).length;
    return { text: `Deployment plan for ${params.profile.domain}: ${done} of ${lines.length} steps done`, blocks };
  },
};
