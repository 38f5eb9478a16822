// /exchange status (and "@exchange status", App Home): one line per host — its worker, its jobs,
// and its health from a short PowerShell check (cached for a minute so a busy channel does not
// hammer the servers). A host known to be rebooting, or that does not answer a short probe, shows
// as such at once. Everything is bounded so that the answer comes within 2 seconds.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import { slackTime } from '../src/chat/slack-time.ts';
import type { ChatMessage } from '../src/chat/types.ts';
import type { AnswerCommand, CommandServices } from '../src/engine/command.ts';
import { elapsed, jobNumber } from '../src/engine/job-card.ts';
import { translator, type Translate } from '../src/i18n/i18n.ts';
import { describeBuild } from '../jobs/deploy/versions.ts';
import { type CachedHealth, cachedHealth, type Health, healthProblems, healthQuery, pingQuery } from '../jobs/health/index.ts';

export interface HostStatus {
  host: string;
  line: string;
  /** What is wrong, in a few words each. Empty when all is well. */
  problems: string[];
  state: 'ok' | 'problems' | 'rebooting' | 'unreachable' | 'no worker';
}

const STATE_KEY: Record<HostStatus['state'], string> = {
  ok: 'ok',
  problems: 'problems',
  rebooting: 'rebooting',
  unreachable: 'unreachable',
  'no worker': 'noWorker',
};

/** How long a cached health check is shown as is; the probe and a fresh check stay under 2 s. */
export const STATUS_TIMINGS = { cacheMs: 60_000, probeMs: 1000, healthMs: 700 };

const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);
const clock = (ms: number, t: Translate) => slackTime(ms, 'auto', t.lang);
const oneDecimal = (n: number, t: Translate) => (t.lang === 'fr' ? n.toFixed(1).replace('.', ',') : n.toFixed(1));
const gb = (bytes: number, t: Translate) => t('status:gb', { n: Math.round(bytes / 2 ** 30) });

/** A host's health in a line, in `t`'s language (the channel's). */
export function healthText(h: Health, t: Translate = translator('en')): string {
  const parts = [t('status:upSince', { at: clock(new Date(h.LastBootUpTime).getTime(), t) })];
  if (h.Exchange) {
    const services = h.Services ?? [];
    const running = services.filter((s) => s.Running).length;
    parts.push(
      running === services.length
        ? t('status:servicesRunning', { count: running })
        : t('status:servicesStopped', {
            services: services
              .filter((s) => !s.Running)
              .map((s) => s.Name)
              .join(', '),
          }),
    );
    const dbs = h.Databases ?? [];
    parts.push(t('status:databases', { mounted: dbs.filter((d) => d.Mounted).length, total: dbs.length }));
    parts.push(t('status:queue', { count: h.QueueLength ?? 0 }));
  }
  if (h.Disk) parts.push(t('status:disk', { drive: h.Disk.Drive, free: gb(h.Disk.Free, t), percent: Math.round((h.Disk.Free / h.Disk.Size) * 100) }));
  return parts.join(' · ');
}

/** An Exchange server's build and certificates, in words (a second line under its status). */
export function exchangeText(h: Health, t: Translate = translator('en')): string | undefined {
  if (!h.Exchange || !h.Build) return undefined;
  const build = describeBuild(h.Build, t);
  const days = (d: number | null | undefined) =>
    d === null || d === undefined ? t('status:expiryUnknown') : d < 0 ? t('status:expired', { count: -d }) : t('status:daysLeft', { count: d });
  const parts = [build.newer ? t('status:newerKnown', { name: build.name, newer: build.newer }) : t('status:newest', { name: build.name })];
  if (h.AuthCertificate) parts.push(t('status:authCertificate', { state: h.AuthCertificate.Missing ? t('status:missing') : days(h.AuthCertificate.DaysLeft) }));
  for (const c of h.Certificates ?? []) parts.push(`${c.Subject} (${c.Services}) ${days(c.DaysLeft)}`);
  return escapeSlack(parts.join(' · '));
}

type HealthNow =
  | { kind: 'rebooting'; since: number }
  | { kind: 'unreachable'; last?: { at: number } }
  | { kind: 'ok'; health: Health; at: number }
  | { kind: 'checking' };

async function healthNow(services: CommandServices, host: string, rebootingSince?: number, restartedAt?: number): Promise<HealthNow> {
  if (rebootingSince) return { kind: 'rebooting', since: rebootingSince };
  const cached: CachedHealth | undefined = await cachedHealth(services.cache, host, restartedAt);
  // Is the host there at all? The quickest question (its boot time) decides.
  try {
    await services.ask(pingQuery.ask({}, host), STATUS_TIMINGS.probeMs);
  } catch {
    return { kind: 'unreachable', last: cached ? { at: cached.at } : undefined };
  }
  if (cached && Date.now() - cached.at < STATUS_TIMINGS.cacheMs) return { kind: 'ok', health: cached.health, at: cached.at };
  // Stale: a fresh check within what is left of the time. A slow one goes on, and the worker
  // caches its answer for the next ask; meanwhile the last known health is shown with its age.
  try {
    const health = await services.ask(healthQuery.ask({}, host), STATUS_TIMINGS.healthMs);
    return { kind: 'ok', health, at: Date.now() };
  } catch {
    return cached ? { kind: 'ok', health: cached.health, at: cached.at } : { kind: 'checking' };
  }
}

async function jobsLine(services: CommandServices, host: string, t: Translate): Promise<string> {
  const summary = await services.jobs.hostSummary(host);
  const approvalText: string[] = [];
  for (const job of summary.waitingApproval.slice(0, 3)) {
    const approval = job.approvalId ? await services.approvals.get(job.approvalId) : undefined;
    if (approval) approvalText.push(t('status:until', { job: jobNumber(job.jobId), at: clock(approval.expiresAt, t) }));
  }
  const approvers = services.approvers.slice(0, 5).map(mention).join(', ');
  return t(approvalText.length ? 'status:jobsApprovals' : 'status:jobs', {
    waiting: summary.waiting,
    running: summary.running,
    approval: summary.waitingApproval.length,
    approvals: approvalText.join(', '),
    approvers,
    failed: summary.failedToday,
  });
}

/** One host's line (and state), in `t`'s language. `state` stays a stable word (not translated). */
export async function hostStatus(services: CommandServices, host: string, t: Translate = translator('en')): Promise<HostStatus> {
  const state = await services.hostState(host);
  const [jobs, health] = await Promise.all([jobsLine(services, host, t), healthNow(services, host, state.rebootingSince, state.restartedAt)]);
  const worker = state.worker ? t('status:workerOnline', { at: clock(state.worker.since, t) }) : t('status:workerOffline');
  const parts = [`*${host}*`];
  let shown: HostStatus['state'];
  let problems: string[] = [];
  if (health.kind === 'checking') {
    shown = 'ok';
    parts.push(t('status:checking'));
  } else if (health.kind === 'rebooting') {
    shown = 'rebooting';
    parts.push(t('status:rebooting', { at: clock(health.since, t) }));
  } else if (health.kind === 'unreachable') {
    shown = state.worker ? 'unreachable' : 'no worker';
    problems = [shown];
    parts.push(state.worker ? t('status:unreachable', { seconds: oneDecimal(STATUS_TIMINGS.probeMs / 1000, t) }) : t('status:noWorker'));
    if (health.last) parts.push(t('status:lastSeen', { ago: elapsed(Date.now() - health.last.at, t.lang) }));
  } else {
    problems = healthProblems(health.health);
    shown = problems.length ? 'problems' : 'ok';
    parts.push(
      `${problems.length ? '⚠️' : '✅'} ${t('status:health', { health: healthText(health.health, t), age: Math.round((Date.now() - health.at) / 1000) })}`,
    );
  }
  parts.push(worker, jobs);
  const exchange = health.kind === 'ok' ? exchangeText(health.health, t) : undefined;
  return { host, line: parts.join(' — ') + (exchange ? `\n      ${exchange}` : ''), problems, state: shown };
}

/** The status message, in `t`'s language (the channel's where it is posted). */
export async function buildStatus(services: CommandServices, t: Translate = translator('en')): Promise<ChatMessage> {
  const [hosts, holding] = await Promise.all([Promise.all(services.hosts.hosts.map((h) => hostStatus(services, h, t))), services.jobs.holding()]);
  // Rights a deployment holds for its duration (or kept after its give-back failed): a warning until given back.
  const held = holding.map((h) => t('status:holding', { job: jobNumber(h.jobId), step: h.step, outcome: h.outcome ?? '', undo: h.undo }));
  const summary = hosts.map((h) => `${h.host} ${t(`status:state.${STATE_KEY[h.state]}`)}`).join(', ');
  return {
    text: t('status:text', { summary }),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [...hosts.map((h) => h.line), ...held].join('\n').slice(0, 3000),
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: t('status:asked', { at: clock(Date.now(), t) }) }] },
    ],
  };
}

export const status: AnswerCommand<Record<string, never>> = {
  name: 'status',
  usage: 'status:usage',
  summary: 'status:summary',
  role: 'anyone',
  visibility: 'channel',
  surfaces: ['mention', 'home'],
  probesHosts: true,
  parse: () => ({}),
  schema: z.object({}),
  answer: (_args, { services, t }) => buildStatus(services, t),
};
