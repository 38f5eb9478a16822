// What every part of the step runner shares: the worker's services, and one job's run (its
// BullMQ job, its data, and how to save it). Split out so that approvals, reboots and secrets
// each live in a file of their own.
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../../audit.ts';
import type { ChatAdapter } from '../../chat/types.ts';
import type { PowerShellPool } from '../../powershell/pool.ts';
import type { ApprovalGate } from '../approvals/gate.ts';
import type { Deliveries } from '../deliveries.ts';
import type { HostMap } from '../hosts.ts';
import type { JobData, StepRecord } from '../job-data.ts';
import type { StepDefinition } from '../job-definition.ts';

export interface RunnerServices {
  pool: PowerShellPool;
  /** Slack (paced), for what must be delivered before a step is done: a password, a file. */
  chat: ChatAdapter;
  /** The card, approval cards and thread posts, through the durable outbox. */
  deliveries: Deliveries;
  approvals: ApprovalGate;
  audit: AuditLog;
  redis: Redis;
  hosts: HostMap;
  stepTimeoutMs: number;
  approvalTimeoutMs: number;
  rebootWaitMs: number;
  secretsDir: string;
  heartbeatMs: number;
  /** The requester may approve their own request (the console, or APPROVAL_ALLOW_SELF). */
  allowSelfApproval: boolean;
}

export interface Run {
  job: Job<JobData>;
  token: string | undefined;
  data: JobData;
  /** Saves the job's data and asks the card to show it (`heartbeat`: a long step says it is alive). */
  save(heartbeat?: boolean): Promise<void>;
}

/** One step of a run, with what the step runner's parts need to know about it. */
export interface StepContext {
  run: Run;
  step: StepDefinition;
  record: StepRecord;
  index: number;
  /** The host this step runs on (its role's, or the job's own). */
  host: string;
  /** Earlier steps' results, by step id. */
  results: Record<string, any>;
}

/** A person said no (or nobody said yes in time): the job ends as cancelled. */
export class DeniedError extends Error {}
