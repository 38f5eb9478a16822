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
import { describeBuild } from '../jobs/deploy/versions.ts';
import { type CachedHealth, cachedHealth, type Health, healthProblems, healthQuery, pingQuery } from '../jobs/health/index.ts';

export interface HostStatus {
  host: string;
  line: string;
  /** What is wrong, in a few words each. Empty when all is well. */
  problems: string[];
  state: 'ok' | 'problems' | 'rebooting' | 'unreachable' | 'no worker';
}

/** How long a cached health check is shown as is; the probe and a fresh check stay under 2 s. */
export const STATUS_TIMINGS = { cacheMs: 60_000, probeMs: 1000, healthMs: 700 };

const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);
const clock = (ms: number) => slackTime(ms, 'auto');
const gb = (bytes: number) => `${Math.round(bytes / 2 ** 30)} GB`;

export function healthText(h: Health): string {
  const parts = [`up since ${clock(new Date(h.LastBootUpTime).getTime())}`];
  if (h.Exchange) {
    const services = h.Services ?? [];
    const running = services.filter((s) => s.Running).length;
    parts.push(
      running === services.length
        ? `Exchange services running (${running})`
        : `⚠️ ${services
            .filter((s) => !s.Running)
            .map((s) => s.Name)
            .join(', ')} stopped`,
    );
    const dbs = h.Databases ?? [];
    parts.push(`${dbs.filter((d) => d.Mounted).length}/${dbs.length} databases mounted`);
    parts.push(`mail queue ${h.QueueLength ?? 0}`);
  }
  if (h.Disk) parts.push(`${h.Disk.Drive} ${gb(h.Disk.Free)} free (${Math.round((h.Disk.Free / h.Disk.Size) * 100)}%)`);
  return parts.join(' · ');
}

/** An Exchange server's build and certificates, in words (a second line under its status). */
export function exchangeText(h: Health): string | undefined {
  if (!h.Exchange || !h.Build) return undefined;
  const build = describeBuild(h.Build);
  const days = (d: number | null | undefined) => (d === null || d === undefined ? 'expiry unknown' : d < 0 ? `expired ${-d} days ago` : `${d} days left`);
  const parts = [build.newer ? `${build.name}; newer known: ${build.newer}` : `${build.name}, the newest the bot knows`];
  if (h.AuthCertificate) parts.push(`Auth certificate ${h.AuthCertificate.Missing ? 'missing' : days(h.AuthCertificate.DaysLeft)}`);
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

async function jobsLine(services: CommandServices, host: string): Promise<string> {
  const summary = await services.jobs.hostSummary(host);
  const approvalText: string[] = [];
  for (const job of summary.waitingApproval.slice(0, 3)) {
    const approval = job.approvalId ? await services.approvals.get(job.approvalId) : undefined;
    if (approval) approvalText.push(`${jobNumber(job.jobId)} until ${clock(approval.expiresAt)}`);
  }
  const approvers = services.approvers.slice(0, 5).map(mention).join(', ');
  return (
    `jobs: ${summary.waiting} waiting, ${summary.running} running, ${summary.waitingApproval.length} waiting for approval` +
    (approvalText.length ? ` (${approvalText.join(', ')}; approvers ${approvers})` : '') +
    `, ${summary.failedToday} failed in 24 h`
  );
}

export async function hostStatus(services: CommandServices, host: string): Promise<HostStatus> {
  const state = await services.hostState(host);
  const [jobs, health] = await Promise.all([jobsLine(services, host), healthNow(services, host, state.rebootingSince, state.restartedAt)]);
  const worker = state.worker ? `worker online since ${clock(state.worker.since)}` : 'worker offline';
  const parts = [`*${host}*`];
  let shown: HostStatus['state'];
  let problems: string[] = [];
  if (health.kind === 'checking') {
    shown = 'ok';
    parts.push('⏳ answering; its first health check is still running');
  } else if (health.kind === 'rebooting') {
    shown = 'rebooting';
    parts.push(`🔄 rebooting (restart issued ${clock(health.since)})`);
  } else if (health.kind === 'unreachable') {
    shown = state.worker ? 'unreachable' : 'no worker';
    problems = [shown];
    parts.push(state.worker ? `⛔ unreachable (no answer within ${(STATUS_TIMINGS.probeMs / 1000).toFixed(1)} s)` : '⛔ no worker to ask');
    if (health.last) parts.push(`last seen healthy ${elapsed(Date.now() - health.last.at)} ago`);
  } else {
    problems = healthProblems(health.health);
    shown = problems.length ? 'problems' : 'ok';
    parts.push(`${problems.length ? '⚠️' : '✅'} ${healthText(health.health)} (health ${Math.round((Date.now() - health.at) / 1000)} s old)`);
  }
  parts.push(worker, jobs);
  const exchange = health.kind === 'ok' ? exchangeText(health.health) : undefined;
  return { host, line: parts.join(' — ') + (exchange ? `\n      ${exchange}` : ''), problems, state: shown };
}

export async function buildStatus(services: CommandServices): Promise<ChatMessage> {
  const hosts = await Promise.all(services.hosts.hosts.map((h) => hostStatus(services, h)));
  const summary = hosts.map((h) => `${h.host} ${h.state}`).join(', ');
  return {
    text: `Status: ${summary}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: hosts
            .map((h) => h.line)
            .join('\n')
            .slice(0, 3000),
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Asked ${clock(Date.now())}` }] },
    ],
  };
}

export const status: AnswerCommand<Record<string, never>> = {
  name: 'status',
  usage: 'status',
  summary: 'Each server: its worker, its jobs and its health (answered in the channel).',
  role: 'anyone',
  visibility: 'channel',
  surfaces: ['mention', 'home'],
  probesHosts: true,
  parse: () => ({}),
  schema: z.object({}),
  answer: (_args, { services }) => buildStatus(services),
};
