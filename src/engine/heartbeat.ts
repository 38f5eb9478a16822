// Workers say they are alive: one Redis key per host, refreshed every 10 s, gone 30 s after the
// worker stops. /exchange status reads it ("worker online since 14:02").
import os from 'node:os';
import type { Redis } from 'ioredis';

const KEY = (host: string) => `chatops:worker:${host}`;

export interface WorkerPresence {
  since: number;
  machine: string;
  pid: number;
}

export function startHeartbeat(redis: Redis, hosts: readonly string[]): () => Promise<void> {
  const since = Date.now();
  const beat = () =>
    Promise.all(hosts.map((h) => redis.set(KEY(h), JSON.stringify({ since, machine: os.hostname(), pid: process.pid } satisfies WorkerPresence), 'PX', 30_000))).catch(
      () => undefined,
    );
  void beat();
  const timer = setInterval(beat, 10_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await Promise.all(hosts.map((h) => redis.del(KEY(h)))).catch(() => undefined);
  };
}

export async function workerPresence(redis: Redis, host: string): Promise<WorkerPresence | undefined> {
  const raw = await redis.get(KEY(host));
  return raw ? (JSON.parse(raw) as WorkerPresence) : undefined;
}

/** Set while a host restarts (by the step runner), so status shows "rebooting" at once. */
export const REBOOTING = (host: string) => `chatops:rebooting:${host}`;

/** The last health check of a host ({at, health}), shared by status and the health watch. */
export const HEALTH_KEY = (host: string) => `chatops:health:${host}`;
