// The deployment's inputs (the guide's D1–D18), validated one key at a time, kept in Redis.
// One place for what each key means and accepts; `deploy profile` shows them, the pipeline reads them.
import { z } from 'zod';
import type { Settings } from '../../src/engine/settings.ts';

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
    .refine(
      (p) => !NOT_LOCAL.test(p),
      'must be a path on a local drive: network paths (\\\\server\\share) and device paths (\\\\?\\, \\\\.\\) are refused; copy the file to the server first',
    )
    .refine((p) => NOT_LOCAL.test(p) || LOCAL_PATH.test(p), `must be a local Windows path like ${example}`);

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
  domain: { about: 'the mail domain, e.g. contoso.com', schema: z.string().toLowerCase().regex(HOST, 'must be a domain name like contoso.com') },
  'mail-host': {
    about: 'the Exchange host name (default mail.<domain>)',
    schema: z.string().toLowerCase().regex(HOST, 'must be a host name like mail.contoso.com'),
  },
  'remote-host': {
    about: 'the WSE remote-access name, e.g. remote.contoso.com',
    schema: z.string().toLowerCase().regex(HOST, 'must be a host name like remote.contoso.com'),
  },
  'exchange-version': {
    about: '2010, 2013, 2016, 2019 or SE (Subscription Edition)',
    schema: z
      .string()
      .toUpperCase()
      .pipe(z.enum(EXCHANGE_VERSIONS, { error: 'must be 2010, 2013, 2016, 2019 or SE' })),
  },
  'diagnostic-data': {
    about: 'on or off: Exchange 2016 and later send diagnostic data to Microsoft (setup’s licence switch)',
    schema: z
      .string()
      .toLowerCase()
      .pipe(z.enum(['on', 'off'], { error: 'must be on or off' })),
  },
  'prerequisites-path': {
    about: 'the folder on EXCH holding the prerequisites’ installers, for 2016 and later (copied there first: they run as an administrator)',
    schema: localPath('D:\\Prereqs'),
  },
  'setup-path': {
    about: 'Exchange setup on EXCH, e.g. D:\\Setup.exe',
    schema: localPath('D:\\Setup.exe'),
  },
  organization: {
    about: 'the Exchange organization (default First Organization)',
    schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{0,63}$/, 'may hold letters, digits, spaces and hyphens (64 at most)'),
  },
  'exchange-ip': { about: 'EXCH’s internal IP address', schema: z.string().regex(IPV4, 'must be an IPv4 address') },
  'internal-range': {
    about: 'the internal network, 192.168.0.0-192.168.0.255 or 192.168.0.0/24',
    schema: z.string().transform((t, ctx) => {
      const range = normalizeRange(t.replace(/\s+/g, ''));
      if (range) return range;
      ctx.addIssue({ code: 'custom', message: 'must be a range like 192.168.0.0-192.168.0.255 or 192.168.0.0/24' });
      return z.NEVER;
    }),
  },
  'public-ip': { about: 'the public IP address the ISP gave', schema: z.string().regex(IPV4, 'must be an IPv4 address') },
  certificate: {
    about: 'path of the .pfx on the hosts that need it',
    schema: localPath('C:\\Certificates\\mail.pfx').refine((p) => /\.pfx$/i.test(p), 'must name a .pfx file'),
  },
  'certificate-secret': {
    about: 'the NAME of the secret holding the .pfx password (never the password)',
    schema: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'must be a secret’s name (letters, digits, - and _), not the password itself'),
  },
  migration: { about: 'yes when migrating from Small Business Server', schema: z.enum(['yes', 'no'], { error: 'must be yes or no' }) },
  'export-share': {
    about: 'the UNC share offboard --export writes PST files to, e.g. \\\\WSE\\Exports',
    schema: z.string().regex(/^\\\\[A-Za-z0-9._-]+\\[A-Za-z0-9.$_ -]+(\\[A-Za-z0-9.$_ -]+)*\\?$/, 'must be a UNC share like \\\\WSE\\Exports'),
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

/** Problems that involve two keys: the guide's rule that the mail and remote-access names differ. */
export function profileConflicts(p: Profile): string[] {
  const problems: string[] = [];
  if (p.mailHost && p.remoteHost && p.mailHost === p.remoteHost)
    problems.push(`mail-host and remote-host are both ${p.mailHost}: the WSE remote-access name must differ from the mail name`);
  return problems;
}

/** The stored profile (strings, as set) and what it means, from the bot's settings. */
export async function loadProfile(settings: Settings): Promise<{ stored: Partial<Record<ProfileKey, string>>; profile: Profile }> {
  const stored = (await settings.group(DEPLOY_PROFILE)) as Partial<Record<ProfileKey, string>>;
  return { stored, profile: profileFrom(stored) };
}
