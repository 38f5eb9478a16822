// ApprovalGate: pending approvals in Redis, decided once. The worker creates one and parks the job
// (BullMQ delayed until the expiry, holding no worker slot); a click decides it atomically (a Lua
// script: only the first decision of a pending approval counts) and the bot promotes the job.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { isLanguage, type Language } from '../../i18n/i18n.ts';

export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired';

export interface Approval {
  id: string;
  jobId: string;
  /** Where the step runs (shown on the card). */
  host: string;
  /** The host whose queue holds the job (a deployment's WSE steps run from the EXCH queue). */
  queue: string;
  stepId: string;
  /** What will happen, in plain words (escaped for Slack). */
  what: string;
  requester: string;
  channel: string;
  threadTs: string;
  messageTs?: string;
  confirm: boolean;
  /** 'manual': a person does something by hand and presses Done; the worker checks it after. */
  kind?: 'approval' | 'manual';
  /** The language of its card (the job's channel language); absent: English. */
  language?: Language;
  createdAt: number;
  expiresAt: number;
  state: ApprovalState;
  decidedBy?: string;
  decidedAt?: number;
  /** Set when the step it allowed is done: a decision allows one run of one step. */
  usedAt?: number;
}

const KEY = (id: string) => `chatops:approval:${id}`;
const KEEP_SECONDS = 30 * 24 * 3600;

// The decision, atomic in Redis: only the first decision of a pending approval counts.
const DECIDE = readFileSync(fileURLToPath(new URL('./decide.lua', import.meta.url)), 'utf8');

export class ApprovalGate {
  constructor(private readonly redis: Redis) {}

  async create(approval: Omit<Approval, 'state' | 'createdAt'>): Promise<Approval> {
    const full: Approval = { ...approval, state: 'pending', createdAt: Date.now() };
    const fields = Object.fromEntries(
      Object.entries(full)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    // HSETNX-like: a resumed worker must not reset an approval that exists (and may be decided).
    const created = await this.redis.hsetnx(KEY(full.id), 'id', full.id);
    if (!created) return (await this.get(full.id))!;
    await this.redis.hset(KEY(full.id), fields);
    await this.redis.expire(KEY(full.id), KEEP_SECONDS);
    return full;
  }

  async get(id: string): Promise<Approval | undefined> {
    const h = await this.redis.hgetall(KEY(id));
    if (!h.id || !h.state) return undefined;
    return {
      id: h.id,
      jobId: h.jobId!,
      host: h.host!,
      queue: h.queue ?? h.host!,
      stepId: h.stepId!,
      what: h.what!,
      requester: h.requester!,
      channel: h.channel!,
      threadTs: h.threadTs!,
      messageTs: h.messageTs || undefined,
      confirm: h.confirm === 'true',
      kind: h.kind === 'manual' ? 'manual' : 'approval',
      ...(isLanguage(h.language) ? { language: h.language } : {}),
      createdAt: Number(h.createdAt),
      expiresAt: Number(h.expiresAt),
      state: h.state as ApprovalState,
      decidedBy: h.decidedBy || undefined,
      decidedAt: h.decidedAt ? Number(h.decidedAt) : undefined,
      usedAt: h.usedAt ? Number(h.usedAt) : undefined,
    };
  }

  async setMessageTs(id: string, ts: string): Promise<void> {
    await this.redis.hset(KEY(id), 'messageTs', ts);
  }

  async markUsed(id: string): Promise<void> {
    if (await this.redis.exists(KEY(id))) await this.redis.hset(KEY(id), 'usedAt', String(Date.now()));
  }

  /** Decide once: 'ok' if this call decided; otherwise the state it already had. */
  async decide(id: string, decision: 'approved' | 'denied' | 'expired', user = ''): Promise<'ok' | ApprovalState | 'missing'> {
    return (await this.redis.eval(DECIDE, 1, KEY(id), decision, user, String(Date.now()))) as 'ok' | ApprovalState | 'missing';
  }
}
