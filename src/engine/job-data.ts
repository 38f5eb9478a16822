import type { Language } from '../i18n/i18n.ts';
import type { HostPlan } from './job-definition.ts';

// What a job carries in Redis. Plain data only: never a secret (passwords are made on the worker,
// used, and sent privately; they are never written here).

/** Who asked, and in which channel. */
export interface Requester {
  user: string;
  channel: string;
}

/** Who asked, with the languages a job speaks: the requester's (private deliveries) and the channel's (its card). */
export interface RequesterWithLanguages extends Requester {
  language?: Language;
  channelLanguage?: Language;
}

export type JobState = 'queued' | 'running' | 'waiting' | 'scheduled' | 'done' | 'failed' | 'cancelled';
export type StepState = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface StepRecord {
  id: string;
  title: string;
  state: StepState;
  startedAt?: number;
  endedAt?: number;
  /** What happened, in plain words (escaped for Slack). */
  outcome?: string;
  error?: string;
  /** How many times a worker started this step (more than one = resumed after a crash). */
  runs?: number;
  /** The script's result (plain data, never secret), for later steps' words. */
  result?: unknown;
  /** While it runs: what it is doing, for the card ("Exchange setup is running (2 min 10 s)"). */
  note?: string;
  /** Parked: waiting for an approval, or for the host to come back from a reboot. */
  phase?: 'approval' | 'reboot' | 'scheduled';
  approvalId?: string;
  approvedBy?: string;
  /** A step that creates an object: that object's immutable id (objectGUID), once made. */
  created?: string;
  /** A step that creates an object: when this attempt began (an interrupted run may find what it made). */
  creatingSince?: number;
  /** Its create failed with an unknown outcome (the shell broke): an object made before this may be its own. */
  creatingUntil?: number;
  /** A guard: run again when the job is retried. */
  guard?: boolean;
  /** A cleanup step: the id of the step whose doing it undoes (what the job holds until it runs). */
  undoes?: string;
  reboot?: { before: string; issuedAt: number; backAt?: number };
}

export interface JobData {
  kind: string;
  /** The host whose queue holds the job (the target of its plan, resolved by the bot). */
  host: string;
  params: unknown;
  summary: string;
  /** Asked before the first step (the roles file says this command needs an approval). */
  approval?: string;
  requester: string;
  channel: string;
  /** The requester's language when they asked (the password's message); absent: English. */
  language?: Language;
  /** CHANNEL_LANGUAGE when the job was asked for: its card, thread and approval cards; absent: English. */
  channelLanguage?: Language;
  cardTs?: string;
  createdAt: number;
  state: JobState;
  /** Parked until this time (a step with notBefore): what the card and `jobs` show. */
  scheduledFor?: number;
  startedAt?: number;
  endedAt?: number;
  steps: StepRecord[];
}

/** A read-only question as it waits on a host's read queue. */
export interface QueryJobData {
  kind: string;
  host: string;
  params: unknown;
  /** The asker's language, for the words of a failure (absent: English). */
  language?: Language;
}

/** A job's data before it runs: the plan, who asked, where its card is. */
export function newJobData(plan: HostPlan, requester: RequesterWithLanguages, cardTs?: string): JobData {
  return {
    kind: plan.kind,
    host: plan.host,
    params: plan.params,
    summary: plan.summary,
    ...(plan.approval ? { approval: plan.approval } : {}),
    requester: requester.user,
    channel: requester.channel,
    ...(requester.language && requester.language !== 'en' ? { language: requester.language } : {}),
    ...(requester.channelLanguage && requester.channelLanguage !== 'en' ? { channelLanguage: requester.channelLanguage } : {}),
    cardTs,
    createdAt: Date.now(),
    state: 'queued',
    steps: [],
  };
}

/** Set by /exchange cancel: the job stops before its next step. */
export const CANCEL_KEY = (jobId: string) => `chatops:cancel:${jobId}`;
