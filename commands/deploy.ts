// /exchange deploy profile, /exchange deploy profile set <key> <value>: the deployment's inputs.
// A value is the rest of the line ("organization First Organization"). Kept in Redis; the
// certificate's password is never a value here, only the name of the secret that holds it.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { DEPLOY_PROFILE } from '../src/engine/settings.ts';
import { PROFILE_KEYS, profileConflicts, profileFrom, profileKeys, type ProfileKey } from '../jobs/deploy/profile.ts';

const schema = z
  .object({ action: z.enum(['profile'], { error: 'must be profile' }), set: z.boolean(), key: z.string().optional(), value: z.string().optional() })
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

export const deploy: AnswerCommand<z.output<typeof schema>> = {
  name: 'deploy',
  usage: 'deploy profile | deploy profile set <key> <value>',
  summary: 'The deployment’s inputs (domain, host names, addresses, certificate…).',
  role: 'admin',
  parse: ([action, sub, key, ...value]) => ({ action: action?.toLowerCase(), set: sub?.toLowerCase() === 'set', key: key?.toLowerCase(), value: value.length ? value.join(' ') : undefined }),
  schema,
  async answer(args, { services }) {
    if (!args.show) {
      const before = (await services.settings.group(DEPLOY_PROFILE)) as Partial<Record<ProfileKey, string>>;
      const conflicts = profileConflicts(profileFrom({ ...before, [args.key]: args.value }));
      if (conflicts.length) return { text: `\`${args.key}\` was not changed: ${escapeSlack(conflicts.join('; '))}.` };
      await services.settings.set(DEPLOY_PROFILE + args.key, args.value);
    }
    const stored = (await services.settings.group(DEPLOY_PROFILE)) as Partial<Record<ProfileKey, string>>;
    const profile = profileFrom(stored);
    const shown: Record<ProfileKey, string | undefined> = {
      domain: profile.domain,
      'mail-host': profile.mailHost,
      'remote-host': profile.remoteHost,
      'exchange-version': profile.exchangeVersion,
      'setup-path': profile.setupPath,
      organization: profile.organization,
      'exchange-ip': profile.exchangeIp,
      'internal-range': profile.internalRange,
      'public-ip': profile.publicIp,
      certificate: profile.certificate,
      'certificate-secret': profile.certificateSecret,
      migration: profile.migration ? 'yes' : 'no',
    };
    const lines = profileKeys.map((k) => {
      const value = shown[k];
      const isDefault = value !== undefined && stored[k] === undefined;
      return `• \`${k}\`: ${value === undefined ? '_not set_' : `${escapeSlack(value)}${isDefault ? ' _(default)_' : ''}`}`;
    });
    const conflicts = profileConflicts(profile).map((c) => `⚠️ ${c}`);
    const head = args.show ? '*Deployment profile*' : `*Deployment profile*: \`${args.key}\` is now ${escapeSlack(args.value)}`;
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines, ...conflicts].join('\n').slice(0, 3000) } }] };
  },
};
