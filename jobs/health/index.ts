// health: the short check behind /exchange status and the scheduled health watch (read queue).
// One place for the health cache: the query's answer and the watch's check both land there, and
// /exchange status reads it (an answer older than the host's last restart is not used).
import { fileURLToPath } from 'node:url';
import type { Cache } from '../../src/engine/cache.ts';
import { defineQuery, type ScheduleDefinition } from '../../src/engine/job-definition.ts';
import { BOOT_TIME_SCRIPT } from '../../src/engine/steps/reboot.ts';
import { type Language, msg, parseRef, say, t } from '../../src/i18n/i18n.ts';

export interface Health {
  LastBootUpTime: string;
  Exchange: boolean;
  Databases?: { Name: string; Mounted: boolean }[];
  Services?: { Name: string; Running: boolean }[];
  QueueLength?: number;
  Disk?: { Drive: string; Size: number; Free: number };
  /** Exchange's AdminDisplayVersion: "Version 15.2 (Build 1748.10)". */
  Build?: string;
  /** The Auth certificate (OAuth, remote PowerShell payload signing), 2013 and later. */
  AuthCertificate?: { Thumbprint: string; DaysLeft?: number | null; Missing?: boolean };
  /** Every other certificate bound to IIS or SMTP (the one D4 imported, the self-signed one). */
  Certificates?: { Subject: string; Thumbprint: string; Services: string; DaysLeft?: number | null }[];
}

export interface CachedHealth {
  at: number;
  health: Health;
}

const HEALTH_SCRIPT = fileURLToPath(new URL('./get-health.ps1', import.meta.url));
const CACHE = (host: string) => `health:${host}`;
const LAST_PROBLEMS = (host: string) => `health-watch:${host}`;
const DAY_MS = 24 * 3600 * 1000;

export function rememberHealth(cache: Cache, host: string, health: Health): Promise<void> {
  return cache.set(CACHE(host), { at: Date.now(), health } satisfies CachedHealth, DAY_MS);
}

/** The last health check of a host, unless the host restarted since. */
export async function cachedHealth(cache: Cache, host: string, restartedAt = 0): Promise<CachedHealth | undefined> {
  const cached = await cache.get<CachedHealth>(CACHE(host));
  return cached && cached.at > restartedAt ? cached : undefined;
}

export const healthQuery = defineQuery<Record<string, never>, Health>({
  kind: 'health',
  role: 'exchange',
  script: HEALTH_SCRIPT,
  // A health check answers whoever waits, and the next /exchange status through the cache.
  answered: (health, { host, cache }) => rememberHealth(cache, host, health),
});

/** The quickest question a host can answer: is it there (its boot time)? */
export const pingQuery = defineQuery<Record<string, never>, { LastBootUpTime: string }>({ kind: 'ping', role: 'exchange', script: BOOT_TIME_SCRIPT });

/**
 * A health check's problems, as message references (msg()): stable, so the watch posts each once
 * whatever the language; say() words them.
 */
export function healthIssues(h: Health): string[] {
  const problems: string[] = [];
  for (const s of h.Services ?? []) if (!s.Running) problems.push(msg('health:stopped', { name: s.Name }));
  for (const d of h.Databases ?? []) if (!d.Mounted) problems.push(msg('health:dismounted', { name: d.Name }));
  if ((h.QueueLength ?? 0) >= 50) problems.push(msg('health:queue', { count: h.QueueLength }));
  if (h.Disk && h.Disk.Free / h.Disk.Size < 0.1) problems.push(msg('health:diskFull', { drive: h.Disk.Drive, free: Math.round(h.Disk.Free / 2 ** 30) }));
  // Certificates: one warning at 30 days, another at 7 (each a stable text, so the watch posts each once).
  const expiring = (what: string, days: number | null | undefined) => {
    if (days === null || days === undefined) return;
    if (days < 0) problems.push(msg('health:expired', { what }));
    if (days <= 7) problems.push(msg('health:expires7', { what }));
    if (days <= 30) problems.push(msg('health:expires30', { what }));
  };
  if (h.AuthCertificate?.Missing) problems.push(msg('health:authMissing'));
  expiring('health:authCertificate', h.AuthCertificate?.DaysLeft);
  for (const c of h.Certificates ?? []) expiring(msg('health:certificate', { subject: c.Subject, services: c.Services }), c.DaysLeft);
  return problems;
}

/** A health check's problems, in words (`lang`, English by default). */
export function healthProblems(h: Health, lang: Language = 'en'): string[] {
  return healthIssues(h).map((p) => say(lang, p));
}

/** A problem that went away, in words: "MSExchangeTransport running again". */
function recovered(problem: string, lang: Language): string {
  const ref = parseRef(problem);
  if (ref?.key === 'health:stopped') return t(lang, 'health:runningAgain', ref.vars);
  if (ref?.key === 'health:dismounted') return t(lang, 'health:mountedAgain', ref.vars);
  return say(lang, problem);
}

/**
 * The scheduled health check (every 15 minutes by default, on each host's read lane): posts into
 * the health channel only when something changes for the worse, and again when it recovers.
 */
export const healthWatch: ScheduleDefinition = {
  name: 'health-watch',
  everyMs: (config) => (config.healthChannel ? config.healthCheckMs : undefined),
  async run(host, { config, cache, run, post }) {
    const lang = config.language ?? 'en';
    let problems: string[];
    try {
      const health = (await run(HEALTH_SCRIPT, {}, 30_000)) as Health;
      await rememberHealth(cache, host, health);
      problems = healthIssues(health);
    } catch {
      problems = [msg('health:unreachable')];
    }
    const before = (await cache.get<string[]>(LAST_PROBLEMS(host))) ?? [];
    await cache.set(LAST_PROBLEMS(host), problems, 30 * DAY_MS);
    const worse = problems.filter((p) => !before.includes(p));
    const better = before.filter((p) => !problems.includes(p));
    const channel = config.healthChannel!;
    // Posted in the health channel: in CHANNEL_LANGUAGE.
    const words = (list: string[]) => list.map((p) => say(lang, p)).join('; ');
    if (worse.length) post(channel, { text: t(lang, 'health:worse', { host, problems: words(worse) }) });
    if (better.length) {
      const back = better.map((p) => recovered(p, lang)).join('; ');
      post(channel, {
        text: problems.length ? t(lang, 'health:betterStill', { host, back, still: words(problems) }) : t(lang, 'health:better', { host, back }),
      });
    }
    return problems;
  },
};
