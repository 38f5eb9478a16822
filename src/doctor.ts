// Doctor: checks, from the worker, what a real installation needs, each line ok or problem with
// what to do. `npm run doctor` prints them (exit status 1 when one is a problem); an admin command
// can show the same lines.
import { statfsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { HOST_ROLES, type HostRole } from './engine/hosts.ts';
import { translator, type Translate } from './i18n/i18n.ts';
import { locatePowerShell } from './powershell/locate.ts';
import { PowerShellPool } from './powershell/pool.ts';
import type { Targets } from './targets/targets.ts';

export interface DoctorLine {
  ok: boolean;
  what: string;
  detail: string;
  /** What to do, for a problem. */
  fix?: string;
}

export const DOCTOR_HOST_SCRIPT = fileURLToPath(new URL('./powershell/scripts/doctor-host.ps1', import.meta.url));
const MAX_SKEW_MS = 5 * 60_000;
const MIN_FREE_BYTES = 2 * 2 ** 30;

/** What doctor-host.ps1 answers. */
export interface HostAnswer {
  psVersion: string;
  edition: string;
  exchange: boolean;
  activeDirectory: boolean;
  roleGroup: null | { name: string; missing?: boolean; roles?: string[]; members?: string[] };
  remote: boolean;
  /** It answered through the JEA endpoint (grant-bot-rights.ps1 -Part DomainController). */
  jea?: boolean;
  lab: boolean;
  rbacEnforced: boolean;
  utc: string;
}

const ok = (what: string, detail: string): DoctorLine => ({ ok: true, what, detail });
const problem = (what: string, detail: string, fix: string): DoctorLine => ({ ok: false, what, detail, fix });

export async function checkRedis(url: string | undefined): Promise<DoctorLine[]> {
  if (!url)
    return [
      ok(
        'Redis',
        'REDIS_URL is not set: the program starts its own redis-server (fine for the lab; on the servers, set REDIS_URL to the Redis every worker and the bot share)',
      ),
    ];
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    const lines: DoctorLine[] = [ok('Redis', `reachable at ${redactUrl(url)}`)];
    const policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1];
    lines.push(
      policy === 'noeviction'
        ? ok('Redis maxmemory-policy', 'noeviction')
        : problem(
            'Redis maxmemory-policy',
            `is ${policy}: Redis may evict queued jobs`,
            'set "maxmemory-policy noeviction" in redis.conf (or CONFIG SET maxmemory-policy noeviction, then CONFIG REWRITE)',
          ),
    );
    const aof = ((await redis.config('GET', 'appendonly')) as string[])[1];
    lines.push(
      aof === 'yes'
        ? ok('Redis persistence', 'AOF on')
        : problem(
            'Redis persistence',
            'AOF is off: a Redis restart loses queued jobs and approvals',
            'set "appendonly yes" and "appendfsync everysec" in redis.conf (or CONFIG SET appendonly yes, then CONFIG REWRITE)',
          ),
    );
    return lines;
  } catch (error) {
    return [
      problem(
        'Redis',
        `not reachable at ${redactUrl(url)}: ${(error as Error).message}`,
        'start Redis 7 (or fix REDIS_URL); the bot and every worker must reach it',
      ),
    ];
  } finally {
    redis.disconnect();
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

export async function checkSlack(config: Config): Promise<DoctorLine[]> {
  if (config.mode === 'console') return [ok('Slack', 'console mode: no Slack (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET to use Slack)')];
  if (!config.slack.botToken)
    return [problem('Slack', 'SLACK_BOT_TOKEN is not set', 'copy the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page into .env')];
  try {
    const res = await fetch(`${config.slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.slack.botToken}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok)
      return [problem('Slack', `auth.test answered HTTP ${res.status}`, `check that ${config.slack.apiUrl} is reachable from this server (proxy, firewall)`)];
    const body = (await res.json()) as { ok: boolean; error?: string; team?: string; user?: string };
    if (!body.ok)
      return [problem('Slack', `auth.test refused the bot token: ${body.error}`, 'reinstall the app to the workspace and copy the new xoxb- token into .env')];
    return [ok('Slack', `auth.test: the bot is @${body.user} in ${body.team}`)];
  } catch (error) {
    return [
      problem(
        'Slack',
        `auth.test failed: ${(error as Error).message}`,
        `check that ${config.slack.apiUrl} is reachable from this server (DNS, proxy, firewall)`,
      ),
    ];
  }
}

export function checkDisk(dir: string): DoctorLine[] {
  try {
    const s = statfsSync(dir, { bigint: false });
    const free = s.bavail * s.bsize;
    const share = free / (s.blocks * s.bsize);
    const gb = (free / 2 ** 30).toFixed(1);
    return free >= MIN_FREE_BYTES && share >= 0.1
      ? [ok('Disk', `${gb} GB free (${Math.round(share * 100)}%) for ${dir}`)]
      : [
          problem(
            'Disk',
            `only ${gb} GB free (${Math.round(share * 100)}%) for ${dir}`,
            'free space on that drive (logs, the audit log and Redis’s AOF grow there) or move DATA_DIR',
          ),
        ];
  } catch (error) {
    return [
      problem(
        'Disk',
        `cannot read the free space of ${dir}: ${(error as Error).message}`,
        'create DATA_DIR, or set it to a folder the service account may write',
      ),
    ];
  }
}

export async function checkHosts(config: Config, targets: Targets): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  try {
    lines.push(ok('PowerShell', locatePowerShell(config.powershellPath)));
  } catch (error) {
    return [problem('PowerShell', (error as Error).message, 'install PowerShell (Windows PowerShell 5.1 is part of Windows) or set POWERSHELL_PATH')];
  }
  const pool = new PowerShellPool(targets);
  try {
    for (const host of targets.hosts) {
      const role = HOST_ROLES.find((r) => {
        try {
          return targets.map.hostFor(r) === host;
        } catch {
          return false; // no host plays that role
        }
      });
      const started = Date.now();
      let answer: HostAnswer;
      try {
        answer = (await pool.run(host, { script: DOCTOR_HOST_SCRIPT, params: {} }, 120_000, 'read')) as HostAnswer;
      } catch (error) {
        lines.push(
          problem(
            host,
            `no answer: ${(error as Error).message}`,
            targets.isLab
              ? 'see the lab’s error above'
              : `check TARGETS for ${host}; for a remote host: Test-WSMan ${host}, and on ${host}: Get-PSSessionConfiguration ChatOpsBot (scripts/windows/grant-bot-rights.ps1 -Part DomainController registers it)`,
          ),
        );
        continue;
      }
      lines.push(...hostLines(host, role, answer, Date.now() - started, 'shell start included'));
    }
  } finally {
    await pool.close();
  }
  return lines;
}

/** The lines of one host's answer; `role` is the role it plays, if any; in `t`'s language (the chat's reader). */
export function hostLines(
  host: string,
  role: HostRole | undefined,
  answer: HostAnswer,
  took: number,
  note = '',
  t: Translate = translator('en'),
): DoctorLine[] {
  const lines: DoctorLine[] = [];
  const major = Number(answer.psVersion.split('.')[0]);
  const version =
    t(answer.jea ? 'doctor:versionJea' : answer.remote ? 'doctor:versionRemote' : 'doctor:version', {
      version: answer.psVersion,
      edition: answer.edition,
      took,
    }) + (note ? ` (${note})` : '');
  lines.push(major > 5 || answer.psVersion.startsWith('5.1') ? ok(host, version) : problem(host, version, t('doctor:fix.wmf')));
  if (role === 'exchange') {
    const exchange = t('doctor:what.exchange', { host });
    lines.push(answer.exchange ? ok(exchange, t('doctor:exchangeLoaded')) : problem(exchange, t('doctor:noExchange'), t('doctor:fix.exchange')));
    const group = answer.roleGroup;
    const rights = t('doctor:what.rights', { host });
    if (answer.lab && !answer.rbacEnforced) lines.push(ok(rights, t('doctor:labRights')));
    else if (!group) lines.push(problem(rights, t('doctor:noRoleGroups'), t('doctor:fix.roleGroups')));
    else if (group.missing) lines.push(problem(rights, t('doctor:groupMissing', { name: group.name }), t('doctor:fix.groupMissing')));
    else if (!group.members?.length) lines.push(problem(rights, t('doctor:groupEmpty', { name: group.name }), t('doctor:fix.groupEmpty')));
    else lines.push(ok(rights, t('doctor:group', { name: group.name, roles: group.roles?.length ?? 0, members: group.members.join(', ') })));
  }
  if (role === 'domain-controller') {
    const ad = t('doctor:what.activeDirectory', { host });
    lines.push(answer.activeDirectory ? ok(ad, t('doctor:adThere')) : problem(ad, t('doctor:noAd'), t('doctor:fix.ad', { host })));
    const skew = Date.parse(answer.utc) - Date.now();
    const seconds = (Math.abs(skew) / 1000).toFixed(1);
    const words = t(skew >= 0 ? 'doctor:ahead' : 'doctor:behind', { seconds: t.lang === 'fr' ? seconds.replace('.', ',') : seconds });
    const clock = t('doctor:what.clock', { host });
    lines.push(Math.abs(skew) < MAX_SKEW_MS ? ok(clock, words) : problem(clock, t('doctor:skew', { words }), t('doctor:fix.clock')));
  }
  return lines;
}

export async function runDoctor(config: Config, targets: Targets): Promise<DoctorLine[]> {
  const [hosts, redis, slack] = await Promise.all([checkHosts(config, targets), checkRedis(config.redisUrl), checkSlack(config)]);
  return [...hosts, ...redis, ...slack, ...checkDisk(config.dataDir)];
}

export function formatDoctor(lines: DoctorLine[]): string {
  return lines.map((l) => `${l.ok ? 'ok     ' : 'problem'} ${l.what}: ${l.detail}${l.fix ? `\n        → ${l.fix}` : ''}`).join('\n');
}
