// The deployment's inputs (the guide's D1–D18), validated one key at a time, kept in Redis.
// One place for what each key means and accepts; `deploy profile` shows them, the pipeline reads them.
import { z } from 'zod';
import type { Settings } from '../../src/engine/settings.ts';
import { english } from '../../src/i18n/i18n.ts';

// What a key is for is a message key (locales/<lang>/deploy.json); what is wrong with a value is
// English remembered as a message (english()): the dispatcher words both in the reader's language.

/** The deployment profile's keys are kept in the settings as "deploy:<key>". */
export const DEPLOY_PROFILE = 'deploy:';

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
// Local drive paths only: a network path (\\server\share\…) would run Setup.exe from a share, and
// merely opening one sends the worker's credentials to that server; device paths (\\?\, \\.\)
// slip past Windows' own path checks. No second colon (alternate data streams).
const LOCAL_PATH = /^[A-Za-z]:\\[^<>"|?*:\r\n\0]*$/;
const NOT_LOCAL = /^[\\/]{2}/;

/** A Windows path on a local drive; network and device paths get their own clear answer. */
const localPath = (example: string) =>
  z
    .string()
    .refine((p) => !NOT_LOCAL.test(p), english('deploy:profile.errors.notLocal'))
    .refine((p) => NOT_LOCAL.test(p) || LOCAL_PATH.test(p), english('deploy:profile.errors.localPath', { example }));

const ipToInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

/** "192.168.0.0-192.168.0.255" or "192.168.0.0/24" → the guide's form, first-last. */
export function normalizeRange(text: string): string | undefined {
  const cidr = /^(\S+)\/(\d{1,2})$/.exec(text);
  if (cidr && IPV4.test(cidr[1]!) && Number(cidr[2]) <= 32) {
    const bits = Number(cidr[2]);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const start = (ipToInt(cidr[1]!) & mask) >>> 0;
    return `${intToIp(start)}-${intToIp((start | (~mask >>> 0)) >>> 0)}`;
  }
  const range = /^(\S+)\s*-\s*(\S+)$/.exec(text);
  if (range && IPV4.test(range[1]!) && IPV4.test(range[2]!) && ipToInt(range[1]!) <= ipToInt(range[2]!)) return `${range[1]}-${range[2]}`;
  return undefined;
}

/** The Exchange versions the bot deploys and manages. */
export const EXCHANGE_VERSIONS = ['2010', '2013', '2016', '2019', 'SE'] as const;
export type ExchangeVersion = (typeof EXCHANGE_VERSIONS)[number];

export const PROFILE_KEYS = {
  domain: { about: 'deploy:profile.about.domain', schema: z.string().toLowerCase().regex(HOST, english('deploy:profile.errors.domain')) },
  'mail-host': {
    about: 'deploy:profile.about.mail-host',
    schema: z.string().toLowerCase().regex(HOST, english('deploy:profile.errors.mailHost')),
  },
  'remote-host': {
    about: 'deploy:profile.about.remote-host',
    schema: z.string().toLowerCase().regex(HOST, english('deploy:profile.errors.remoteHost')),
  },
  'exchange-version': {
    about: 'deploy:profile.about.exchange-version',
    schema: z
      .string()
      .toUpperCase()
      .pipe(z.enum(EXCHANGE_VERSIONS, { error: english('deploy:profile.errors.version') })),
  },
  'diagnostic-data': {
    about: 'deploy:profile.about.diagnostic-data',
    schema: z
      .string()
      .toLowerCase()
      .pipe(z.enum(['on', 'off'], { error: english('deploy:profile.errors.onOff') })),
  },
  'prerequisites-path': {
    about: 'deploy:profile.about.prerequisites-path',
    schema: localPath('D:\\Prereqs'),
  },
  'setup-path': {
    about: 'deploy:profile.about.setup-path',
    schema: localPath('D:\\Setup.exe'),
  },
  organization: {
    about: 'deploy:profile.about.organization',
    schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{0,63}$/, english('deploy:profile.errors.organization')),
  },
  'exchange-ip': { about: 'deploy:profile.about.exchange-ip', schema: z.string().regex(IPV4, english('deploy:profile.errors.ipv4')) },
  'internal-range': {
    about: 'deploy:profile.about.internal-range',
    schema: z.string().transform((t, ctx) => {
      const range = normalizeRange(t.replace(/\s+/g, ''));
      if (range) return range;
      ctx.addIssue({ code: 'custom', message: english('deploy:profile.errors.range') });
      return z.NEVER;
    }),
  },
  'public-ip': { about: 'deploy:profile.about.public-ip', schema: z.string().regex(IPV4, english('deploy:profile.errors.ipv4')) },
  certificate: {
    about: 'deploy:profile.about.certificate',
    schema: localPath('C:\\Certificates\\mail.pfx').refine((p) => /\.pfx$/i.test(p), english('deploy:profile.errors.pfx')),
  },
  'certificate-secret': {
    about: 'deploy:profile.about.certificate-secret',
    schema: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, english('deploy:profile.errors.secretName')),
  },
  migration: { about: 'deploy:profile.about.migration', schema: z.enum(['yes', 'no'], { error: english('deploy:profile.errors.yesNo') }) },
  'export-share': {
    about: 'deploy:profile.about.export-share',
    schema: z.string().regex(/^\\\\[A-Za-z0-9._-]+\\[A-Za-z0-9.$_ -]+(\\[A-Za-z0-9.$_ -]+)*\\?$/, english('deploy:profile.errors.share')),
  },
} as const;

export type ProfileKey = keyof typeof PROFILE_KEYS;
export const profileKeys = Object.keys(PROFILE_KEYS) as ProfileKey[];

export interface Profile {
  domain?: string;
  mailHost: string | undefined;
  remoteHost?: string;
  exchangeVersion: ExchangeVersion;
  /** Exchange 2016 and later: setup's licence switch, _DiagnosticDataON or _DiagnosticDataOFF. */
  diagnosticData: 'on' | 'off';
  prerequisitesPath?: string;
  setupPath?: string;
  organization: string;
  exchangeIp?: string;
  internalRange?: string;
  publicIp?: string;
  certificate?: string;
  certificateSecret?: string;
  migration: boolean;
  exportShare?: string;
}

/** The stored values (strings) → the profile, with the guide's defaults. */
export function profileFrom(stored: Partial<Record<ProfileKey, string>>): Profile {
  return {
    domain: stored.domain,
    mailHost: stored['mail-host'] ?? (stored.domain ? `mail.${stored.domain}` : undefined),
    remoteHost: stored['remote-host'],
    exchangeVersion: (stored['exchange-version'] as ExchangeVersion | undefined) ?? '2013',
    diagnosticData: stored['diagnostic-data'] === 'on' ? 'on' : 'off',
    prerequisitesPath: stored['prerequisites-path'],
    setupPath: stored['setup-path'],
    organization: stored.organization ?? 'First Organization',
    exchangeIp: stored['exchange-ip'],
    internalRange: stored['internal-range'],
    publicIp: stored['public-ip'],
    certificate: stored.certificate,
    certificateSecret: stored['certificate-secret'],
    migration: stored.migration === 'yes',
    exportShare: stored['export-share'],
  };
}

/** Problems that involve two keys (english()): the guide's rule that the mail and remote-access names differ. */
export function profileConflicts(p: Profile): string[] {
  const problems: string[] = [];
  if (p.mailHost && p.remoteHost && p.mailHost === p.remoteHost) problems.push(english('deploy:profile.conflict', { host: p.mailHost }));
  return problems;
}

/** The stored profile (strings, as set) and what it means, from the bot's settings. */
export async function loadProfile(settings: Settings): Promise<{ stored: Partial<Record<ProfileKey, string>>; profile: Profile }> {
  const stored = (await settings.group(DEPLOY_PROFILE)) as Partial<Record<ProfileKey, string>>;
  return { stored, profile: profileFrom(stored) };
}
