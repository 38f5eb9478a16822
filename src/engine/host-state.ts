// What the engine knows of each host besides its jobs: whether a worker serves it (a heartbeat key
// refreshed every 10 s, gone 30 s after the worker stops) and whether it is restarting (set by
// the reboot step, so status shows "rebooting" at once; cleared with the time it came back).
import os from 'node:os';
import type { Redis } from 'ioredis';

const WORKER = (host: string) => `chatops:worker:${host}`;
const REBOOTING = (host: string) => `chatops:rebooting:${host}`;
const RESTARTED = (host: string) => `chatops:restarted:${host}`;

export interface WorkerPresence {
  since: number;
  machine: string;
  pid: number;
}

export interface HostState {
  worker?: WorkerPresence;
  /** When the restart was issued, while the host is down. */
  rebootingSince?: number;
  /** When the host last came back from a restart the bot made (older answers predate it). */
  restartedAt?: number;
}

export function startHeartbeat(redis: Redis, hosts: readonly string[]): () => Promise<void> {
  const since = Date.now();
  const beat = () =>
    Promise.all(
      hosts.map((h) => redis.set(WORKER(h), JSON.stringify({ since, machine: os.hostname(), pid: process.pid } satisfies WorkerPresence), 'PX', 30_000)),
    ).catch(() => undefined);
  void beat();
  const timer = setInterval(beat, 10_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await Promise.all(hosts.map((h) => redis.del(WORKER(h)))).catch(() => undefined);
  };
}

export async function hostState(redis: Redis, host: string): Promise<HostState> {
  const [worker, rebooting, restarted] = await redis.mget(WORKER(host), REBOOTING(host), RESTARTED(host));
  return {
    worker: worker ? (JSON.parse(worker) as WorkerPresence) : undefined,
    rebootingSince: rebooting ? Number(rebooting) : undefined,
    restartedAt: restarted ? Number(restarted) : undefined,
  };
}

export async function markRebooting(redis: Redis, host: string, since: number, forMs: number): Promise<void> {
  await redis.set(REBOOTING(host), String(since), 'PX', forMs);
}

/** The restart is over: `backAt` when the host came back, undefined when it did not. */
export async function markRebootOver(redis: Redis, host: string, backAt?: number): Promise<void> {
  await redis.del(REBOOTING(host));
  if (backAt) await redis.set(RESTARTED(host), String(backAt), 'PX', 24 * 3600 * 1000);
}
