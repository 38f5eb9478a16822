// Configuration: read once from the environment (and .env), validated with zod.
// A bad value stops the program with one line per problem and exit status 2.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseLimit } from './engine/rate-limit.ts';
import { DEFAULT_LANGUAGE, LANGUAGES } from './i18n/i18n.ts';

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

const idList = z
  .string()
  .default('')
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().regex(slackUserId, 'must be Slack user IDs like U012ABCDEF, separated by commas')));

const memberList = z
  .string()
  .default('')
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be Slack user IDs (U…) or user group IDs (S…), separated by commas')));

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((v) => ['true', '1', 'yes'].includes(v));

/** "10/60": so many asks per so many seconds; "off": no limit. */
const rateLimit = (def: string) =>
  z
    .string()
    .default(def)
    .transform((t, ctx) => {
      const limit = parseLimit(t);
      if (limit === null) {
        ctx.addIssue({ code: 'custom', message: 'must be asks per seconds, like 10/60, or off' });
        return z.NEVER;
      }
      return limit;
    });

const seconds = (def: number, max: number) => z.coerce.number().int().min(0).max(max).default(def);

const envSchema = z
  .object({
    ROLE: z.enum(['all', 'bot', 'worker']).default('all'),
    SLACK_MODE: z.enum(['console', 'socket', 'http']).optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must start with xoxb-').optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must start with xapp-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, 'looks too short for a Slack signing secret').optional(),
    SLACK_API_URL: z.url({ protocol: /^https?$/ }).default('https://slack.com/api/'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    EXCHANGE_ADMINS: idList,
    EXCHANGE_APPROVERS: memberList,
    APPROVAL_ALLOW_SELF: flag,
    APPROVAL_TIMEOUT: seconds(1800, 7 * 86400).pipe(z.number().min(1)),
    ROLES_FILE: z.string().optional(),
    REBOOT_WAIT_SECONDS: seconds(900, 86400).pipe(z.number().min(1)),
    HEALTH_CHANNEL: z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel ID like C012ABCDEF')
      .optional(),
    HEALTH_CHECK_MINUTES: z.coerce.number().min(0.05).max(1440).default(15),
    RATE_LIMIT_COMMANDS: rateLimit('10/60'),
    RATE_LIMIT_STATUS: rateLimit('3/10'),
    DASHBOARD_HOST: z.string().default('127.0.0.1'),
    DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters (it guards the queue dashboard)').optional(),
    SECRETS_DIR: z.string().optional(),
    HEARTBEAT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
    DNS_SERVERS: z
      .string()
      .default('')
      .transform((s) => s.split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, 'must be IPv4 addresses, separated by commas'))),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    TARGETS: z.string().optional(),
    WORKER_HOSTS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((h) => h.toUpperCase()),
      ),
    DATA_DIR: z.string().default('.data'),
    LAB_DIR: z.string().optional(),
    LAB_PRESET: z.enum(['deployed', 'fresh']).default('deployed'),
    LAB_REBOOT_SECONDS: seconds(5, 3600),
    LAB_EXCHANGE_VERSION: z.enum(['2010', '2013', '2016', '2019', 'SE']).default('2013'),
    LAB_WINDOWS_VERSION: z.enum(['2012R2', '2016', '2019', '2022', '2025']).optional(),
    LAB_DC_VERSION: z.enum(['2012', '2012R2', '2016']).default('2012R2'),
    POWERSHELL_PATH: z.string().optional(),
    STEP_TIMEOUT_SECONDS: seconds(600, 86400).pipe(z.number().min(1)),
    CHAT_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(60000).optional(),
    JOB_LOCK_SECONDS: seconds(30, 3600).pipe(z.number().min(1)),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
    // Empty: off, as unset.
    EVENT_LOG_SOURCE: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9 _-]{0,63}$/, 'must be an Event Log source name: a letter, then up to 63 letters, digits, spaces, _ or -')
        .optional(),
    ),
    CHANNEL_LANGUAGE: z.enum(LANGUAGES, { error: `must be ${LANGUAGES.join(' or ')}` }).default(DEFAULT_LANGUAGE),
  })
  .superRefine((env, ctx) => {
    const mode = env.SLACK_MODE ?? defaultMode(env);
    const need = (key: keyof typeof env, why: string) => {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` });
    };
    if (mode === 'socket') {
      need('SLACK_APP_TOKEN', 'in socket mode (an xapp- token with connections:write)');
      need('SLACK_BOT_TOKEN', 'in socket mode');
    }
    if (mode === 'http') {
      need('SLACK_SIGNING_SECRET', 'in http mode (Basic Information → Signing Secret)');
      need('SLACK_BOT_TOKEN', 'in http mode');
    }
    if (mode !== 'console' && env.ROLE !== 'worker' && env.EXCHANGE_ADMINS.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['EXCHANGE_ADMINS'], message: 'is empty: nobody could run a command' });
    }
  });

function defaultMode(env: { SLACK_APP_TOKEN?: string; SLACK_SIGNING_SECRET?: string }) {
  if (env.SLACK_APP_TOKEN) return 'socket' as const;
  if (env.SLACK_SIGNING_SECRET) return 'http' as const;
  return 'console' as const;
}

export type Config = ReturnType<typeof buildConfig>;

function buildConfig(env: z.output<typeof envSchema>, root: string) {
  const mode = env.SLACK_MODE ?? defaultMode(env);
  const dataDir = path.resolve(root, env.DATA_DIR);
  return {
    role: env.ROLE,
    mode,
    port: env.PORT,
    host: env.HOST,
    slack: {
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      apiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`,
    },
    redisUrl: env.REDIS_URL,
    admins: env.EXCHANGE_ADMINS,
    approvers: env.EXCHANGE_APPROVERS,
    allowSelfApproval: env.APPROVAL_ALLOW_SELF,
    approvalTimeoutMs: env.APPROVAL_TIMEOUT * 1000,
    rolesFile: env.ROLES_FILE ? path.resolve(root, env.ROLES_FILE) : undefined,
    rebootWaitMs: env.REBOOT_WAIT_SECONDS * 1000,
    healthChannel: env.HEALTH_CHANNEL,
    healthCheckMs: env.HEALTH_CHECK_MINUTES * 60_000,
    adminPassword: env.ADMIN_PASSWORD,
    /** Per user: every command, and asks that probe every host (status, @exchange status, App Home). */
    rateLimits: { commands: env.RATE_LIMIT_COMMANDS, probes: env.RATE_LIMIT_STATUS },
    /** The queue dashboard's own listener (loopback by default; port 0: a free one). */
    dashboard: { host: env.DASHBOARD_HOST, port: env.DASHBOARD_PORT },
    auditRetentionMs: env.AUDIT_RETENTION_DAYS * 24 * 3600 * 1000,
    secretsDir: path.resolve(root, env.SECRETS_DIR ?? path.join(env.DATA_DIR, 'secrets')),
    heartbeatMs: env.HEARTBEAT_SECONDS * 1000,
    dnsServers: env.DNS_SERVERS,
    targetsFile: env.TARGETS ? path.resolve(root, env.TARGETS) : undefined,
    workerHosts: env.WORKER_HOSTS,
    dataDir,
    lab: {
      dir: path.resolve(root, env.LAB_DIR ?? path.join(env.DATA_DIR, 'lab')),
      preset: env.LAB_PRESET,
      rebootSeconds: env.LAB_REBOOT_SECONDS,
    },
    // What a fresh lab plays: the Exchange setup media, EXCH's Windows (default: one that version
    // supports), and the WSE domain controller's Windows (its forest functional level).
    labVersions: { exchange: env.LAB_EXCHANGE_VERSION, windows: env.LAB_WINDOWS_VERSION, dc: env.LAB_DC_VERSION },
    powershellPath: env.POWERSHELL_PATH,
    stepTimeoutMs: env.STEP_TIMEOUT_SECONDS * 1000,
    // Slack allows about one message per second per channel; the console has no such limit.
    chatMinIntervalMs: env.CHAT_MIN_INTERVAL_MS ?? (mode === 'console' ? 0 : 1000),
    jobLockMs: env.JOB_LOCK_SECONDS * 1000,
    /** What messages posted in a channel are written in (cards, approvals, status); people get their own. */
    channelLanguage: env.CHANNEL_LANGUAGE,
    // The console is the chat: only warnings and errors go with it.
    logLevel: env.LOG_LEVEL ?? (mode === 'console' ? 'warn' : 'info'),
    /** Errors and warnings also go to the Windows Application Event Log under this source (src/event-log.ts). */
    eventLogSource: env.EVENT_LOG_SOURCE,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Parse the environment; throws ConfigError listing every problem, one per line. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, root = process.cwd()): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join('.') || 'environment';
        const value = issue.path.length ? source[String(issue.path[0])] : undefined;
        const hint = value === undefined || /TOKEN|SECRET/.test(key) ? '' : ` (got "${value}")`;
        return `config: ${key} ${issue.message}${hint}`;
      }),
    );
  }
  return buildConfig(parsed.data, root);
}

/** Node 20.12+ reads .env files itself; values already in the environment win. */
export function loadDotEnv(file = path.resolve('.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
