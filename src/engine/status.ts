// /exchange status: one line per host — its worker, its jobs, and its health from a short
// PowerShell check (cached for a minute so a busy channel does not hammer the servers). A host
// known to be rebooting, or that does not answer a short probe, shows as such at once.
// Everything is bounded so that the answer comes within 2 seconds.
import type { Redis } from 'ioredis';
import type { Health } from '../../jobs/health/index.ts';
import { slackTime } from '../chat/slack-time.ts';
import type { ChatMessage } from '../chat/types.ts';
import type { JobQueues } from '../queue/queues.ts';
import type { ApprovalGate } from './approvals.ts';
import { HEALTH_KEY, REBOOTING, workerPresence } from './heartbeat.ts';
import { elapsed, jobNumber } from './job-card.ts';
import type { JobData } from './job-data.ts';


export interface HostStatus {
  host: string;
  line: string;
  /** What is wrong, in a few words each (for the health watch). Empty when all is well. */
  problems: string[];
  state: 'ok' | 'problems' | 'rebooting' | 'unreachable' | 'no worker';
}

export interface StatusOptions {
  redis: Redis;
  queues: JobQueues;
  hosts: readonly string[];
  approvals: ApprovalGate;
  /** Who may approve, as Slack mentions. */
  approvers: readonly string[];
  cacheMs?: number;
  probeMs?: number;
}

const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);
const clock = (ms: number) => slackTime(ms, 'auto');
const gb = (bytes: number) => `${Math.round(bytes / 2 ** 30)} GB`;

/** A health check's problems, in words. */
export function healthProblems(h: Health): string[] {
  const problems: string[] = [];
  for (const s of h.Services ?? []) if (!s.Running) problems.push(`${s.Name} stopped`);
  for (const d of h.Databases ?? []) if (!d.Mounted) problems.push(`database ${d.Name} dismounted`);
  if ((h.QueueLength ?? 0) >= 50) problems.push(`mail queue at ${h.QueueLength}`);
  if (h.Disk && h.Disk.Free / h.Disk.Size < 0.1) problems.push(`${h.Disk.Drive} almost full (${gb(h.Disk.Free)} free)`);
  return problems;
}

export function healthText(h: Health): string {
  const parts = [`up since ${clock(new Date(h.LastBootUpTime).getTime())}`];
  if (h.Exchange) {
    const services = h.Services ?? [];
    const running = services.filter((s) => s.Running).length;
    parts.push(running === services.length ? `Exchange services running (${running})` : `⚠️ ${services.filter((s) => !s.Running).map((s) => s.Name).join(', ')} stopped`);
    const dbs = h.Databases ?? [];
    parts.push(`${dbs.filter((d) => d.Mounted).length}/${dbs.length} databases mounted`);
    parts.push(`mail queue ${h.QueueLength ?? 0}`);
  }
  if (h.Disk) parts.push(`${h.Disk.Drive} ${gb(h.Disk.Free)} free (${Math.round((h.Disk.Free / h.Disk.Size) * 100)}%)`);
  return parts.join(' · ');
}

export class StatusReport {
  private readonly cacheMs: number;
  private readonly probeMs: number;
  private readonly healthMs: number;
  constructor(private readonly o: StatusOptions) {
    this.cacheMs = o.cacheMs ?? 60_000;
    // The probe and a fresh check together stay under 2 seconds.
    this.probeMs = o.probeMs ?? 1000;
    this.healthMs = 700;
  }

  async build(): Promise<ChatMessage> {
    const hosts = await Promise.all(this.o.hosts.map((h) => this.host(h)));
    const summary = hosts.map((h) => `${h.host} ${h.state}`).join(', ');
    return {
      text: `Status: ${summary}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: hosts.map((h) => h.line).join('\n').slice(0, 3000) } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Asked ${clock(Date.now())}` }] },
      ],
    };
  }

  async host(host: string): Promise<HostStatus> {
    const [presence, jobs, health] = await Promise.all([workerPresence(this.o.redis, host), this.jobs(host), this.health(host)]);
    const worker = presence ? `worker online since ${clock(presence.since)}` : 'worker offline';
    const parts = [`*${host}*`];
    let state: HostStatus['state'];
    let problems: string[] = [];
    if (health.kind === 'checking') {
      state = 'ok';
      parts.push('⏳ answering; its first health check is still running');
    } else if (health.kind === 'rebooting') {
      state = 'rebooting';
      parts.push(`🔄 rebooting (restart issued ${clock(health.since)})`);
    } else if (health.kind === 'unreachable') {
      state = presence ? 'unreachable' : 'no worker';
      problems = [presence ? 'unreachable' : 'no worker'];
      parts.push(presence ? `⛔ unreachable (no answer within ${(this.probeMs / 1000).toFixed(1)} s)` : '⛔ no worker to ask');
      if (health.last) parts.push(`last seen healthy ${elapsed(Date.now() - health.last.at)} ago`);
    } else {
      problems = healthProblems(health.health);
      state = problems.length ? 'problems' : 'ok';
      parts.push(`${problems.length ? '⚠️' : '✅'} ${healthText(health.health)} (health ${Math.round((Date.now() - health.at) / 1000)} s old)`);
    }
    parts.push(worker, jobs);
    return { host, line: parts.join(' — '), problems, state };
  }

  private async jobs(host: string): Promise<string> {
    const queue = this.o.queues.queue(host);
    const [counts, delayed, failed] = await Promise.all([
      queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      queue.getJobs(['delayed'], 0, 50),
      queue.getJobs(['failed'], 0, 200),
    ]);
    const parked = delayed.filter(Boolean) as { id?: string; data: JobData }[];
    const waitingApproval = parked.filter((j) => j.data.state === 'waiting');
    // A job parked while its host reboots is still running, as far as people are concerned.
    const running = (counts.active ?? 0) + parked.filter((j) => j.data.state === 'running').length;
    const approvalText: string[] = [];
    for (const job of waitingApproval.slice(0, 3)) {
      const id = job.data.steps.find((s) => s.phase === 'approval')?.approvalId;
      const approval = id ? await this.o.approvals.get(id) : undefined;
      if (approval) approvalText.push(`${jobNumber(job.id!)} until ${clock(approval.expiresAt)}`);
    }
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    const failedToday = failed.filter((j) => j && (j.finishedOn ?? 0) > dayAgo && j.data.state === 'failed').length;
    const approvers = this.o.approvers.slice(0, 5).map(mention).join(', ');
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    return (
      `jobs: ${waiting} waiting, ${running} running, ${waitingApproval.length} waiting for approval` +
      (approvalText.length ? ` (${approvalText.join(', ')}; approvers ${approvers})` : '') +
      `, ${failedToday} failed in 24 h`
    );
  }

  private async health(
    host: string,
  ): Promise<
    | { kind: 'rebooting'; since: number }
    | { kind: 'unreachable'; last?: { at: number } }
    | { kind: 'ok'; health: Health; at: number }
    | { kind: 'checking' }
  > {
    const rebooting = await this.o.redis.get(REBOOTING(host));
    if (rebooting) return { kind: 'rebooting', since: Number(rebooting) };
    const cachedRaw = await this.o.redis.get(HEALTH_KEY(host));
    const cached = cachedRaw ? (JSON.parse(cachedRaw) as { at: number; health: Health }) : undefined;
    // Is the host there at all? The quickest question (its boot time) decides.
    try {
      await this.o.queues.ask({ kind: 'ping', host, params: {}, summary: 'ping' }, this.probeMs);
    } catch {
      return { kind: 'unreachable', last: cached ? { at: cached.at } : undefined };
    }
    if (cached && Date.now() - cached.at < this.cacheMs) return { kind: 'ok', health: cached.health, at: cached.at };
    // Stale: a fresh check within what is left of the time. A slow one goes on, and the worker
    // caches its answer for the next ask; meanwhile the last known health is shown with its age.
    try {
      const health = (await this.o.queues.ask({ kind: 'health', host, params: {}, summary: 'health' }, this.healthMs)) as Health;
      return { kind: 'ok', health, at: Date.now() };
    } catch {
      return cached ? { kind: 'ok', health: cached.health, at: cached.at } : { kind: 'checking' };
    }
  }
}
