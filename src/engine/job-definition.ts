// What a job kind and a read-only query are. Each folder in jobs/ exports its definitions through
// defineJob() and defineQuery(); the worker rebuilds a job's steps from its plain-data parameters
// on every run, and a command plans a job or asks a query through the typed plan() / ask().
import type { Translate } from '../i18n/i18n.ts';
import type { Cache } from './cache.ts';
import type { HostMap, HostRole, Target } from './hosts.ts';
import type { Settings } from './settings.ts';

export interface ProbeResult {
  done: boolean;
  detail?: string;
  /** For a step that `creates`: the immutable id (objectGUID) of the object found, and when it was made. */
  id?: string;
  createdAt?: string;
  /** This host cannot do the step itself: a person must (see StepDefinition.manual). */
  manual?: boolean;
}

export interface StepDefinition {
  id: string;
  /** For the card, in the guide's words: "Create the mailbox" (in the job's channel language). */
  title: string;
  /** The server that runs it, by role; by default the job's own host. */
  role?: HostRole;
  /** Absolute path of the .ps1; it gets `params` (plain data) splatted. */
  script: string;
  params: Record<string, unknown>;
  /**
   * It creates an object (an account, a mailbox): its result's `Guid` — the object's immutable id —
   * is recorded in the job, and its probe ({done, id, createdAt}) counts as done only that object.
   * An object of that name this job did not create fails the step: it is never taken over.
   */
  creates?: boolean;
  /** It acts on what an earlier step of this job created: that id is passed as this parameter (script and probe). */
  actsOn?: { step: string; param: string };
  /** A check that must hold before anything changes (the name is free): run again on every retry. */
  guard?: boolean;
  /** A read-only script telling whether the step is done already ({done, detail}). */
  probe?: { script: string; params: Record<string, unknown> };
  /**
   * A secret made on the worker for this run only, passed as this parameter, then sent privately:
   * `t` speaks the requester's language (everything else of a step speaks the card's).
   */
  generatedSecret?: { param: string; deliver(secret: string, result: any, t: Translate): import('../chat/types.ts').ChatMessage };
  /** The card's words for what the step did. */
  outcome(result: any): string;
  timeoutMs?: number;
  /** A person must agree first: what will happen (plain words; may use earlier steps' results). */
  approval?: { what(results: Record<string, any>): string; confirm?: boolean };
  /** false: the probe cannot confirm the change afterwards (nothing to read back), so it is not re-run. */
  verify?: boolean;
  /** The script restarts the host: the job is parked before, and goes on once the host is back. */
  reboots?: boolean;
  /** Done by a person (at the registrar, on the router): instructions and a Done button; the probe decides. */
  manual?: {
    instructions(results: Record<string, any>): string;
    /** Only when the probe says so ({manual: true}): the step is automatic where it can be. */
    onlyWhenProbeSays?: boolean;
    /** false: nothing can be read back, so Done is taken as said. */
    check?: boolean;
  };
  /** A file the step's result makes, attached to the job's thread. */
  attachment?(result: any): { name: string; content: string; comment: string };
  /** A secret read on the worker from its own store by name, passed as this parameter. */
  storedSecret?: { param: string; name: string };
  /** For long steps: what the thread says while it runs ("Exchange setup is running"). */
  progress?: string;
  /** A reason to skip this step, given earlier steps' results (e.g. no password for an existing account). */
  skipIf?(results: Record<string, any>): string | undefined;
  /** The result is a record of what was there before a change (memberships, forwarding): audited too. */
  recordInAudit?: boolean;
  /** The step does not start before this time (epoch ms): the job is parked, shown as scheduled. */
  notBefore?: number;
  /** Only its approval: nothing runs once it is given (the roles file's approval before a job). */
  gateOnly?: boolean;
  /** Parameters from earlier steps' results (plain data the job recorded), added to `params`. */
  paramsFrom?(results: Record<string, any>): Record<string, unknown>;
  /**
   * A cleanup step: it undoes what the step of this id did (rights held for the job's duration).
   * It also runs when a later step fails or the job is cancelled, once that step is done; that
   * step is then to be done again, so a retry does it (and its approval) anew before going on.
   */
  undoes?: string;
}

export interface JobServices {
  settings: Settings;
}

/** A job a command asks for: which kind, where, with what data, and its card's words. */
export interface JobPlan<P = unknown> {
  kind: string;
  target: Target;
  params: P;
  /** What and for whom, for the card: "add-user Frank (2 GB)". User text already escaped. */
  summary: string;
}

/** A plan whose target is resolved: the job as it is queued on its host. */
export interface HostPlan {
  kind: string;
  host: string;
  params: unknown;
  summary: string;
  /** The roles file asks a person to agree before this job changes anything: the approval card's words. */
  approval?: string;
}

export interface JobSpec<P> {
  kind: string;
  /** The server whose queue runs the job (its steps may name other roles). */
  role: HostRole;
  /**
   * The steps, from the job's data; `hosts` names the servers (for titles and words); `t` speaks
   * the card's language (English when not given: tools that read the scripts).
   */
  steps(params: P, hosts: HostMap, t?: Translate): StepDefinition[];
  /** Parameters that between them reach every step, for tools that read the scripts (npm run rights). */
  examples?(): P[];
  /** After every step is done: what the bot should remember (a setting), from the steps' results. */
  onDone?(services: JobServices, params: P, results: Record<string, any>): Promise<void>;
}

export interface JobDefinition<P = any> extends JobSpec<P> {
  /** The plan a command returns; `host` overrides the role (a job about one named server). */
  plan(params: P, summary: string, host?: string): JobPlan<P>;
}

export function defineJob<P>(spec: JobSpec<P>): JobDefinition<P> {
  return { ...spec, plan: (params, summary, host) => ({ kind: spec.kind, target: host ? { host } : spec.role, params, summary }) };
}

/** A read-only question for a host, asked on its read queue; `R` is the script's answer. */
export interface QueryPlan<P = unknown, R = unknown> {
  kind: string;
  target: Target;
  params: P;
  /** Only for typing the answer. */
  readonly answer?: R;
}

export interface QueryContext {
  host: string;
  cache: Cache;
}

export interface QuerySpec<P, R> {
  kind: string;
  role: HostRole;
  /** The read-only script, and its parameters from the question's. */
  script: string;
  params?(params: P, hosts: HostMap): Record<string, unknown>;
  /** A secret from the worker's store; when missing the script gets `SecretProblem` instead. */
  storedSecret?(params: P): { param: string; name: string } | undefined;
  /** After the host answered, on the worker (a feature's cache). */
  answered?(result: R, context: QueryContext): Promise<void>;
}

export interface QueryDefinition<P = any, R = any> extends QuerySpec<P, R> {
  ask(params: P, host?: string): QueryPlan<P, R>;
}

export function defineQuery<P, R>(spec: QuerySpec<P, R>): QueryDefinition<P, R> {
  return { ...spec, ask: (params, host) => ({ kind: spec.kind, target: host ? { host } : spec.role, params }) };
}

/**
 * Something that runs on a schedule on each host's read lane (the health watch). `everyMs`
 * returns undefined when the schedule is off in this configuration.
 */
export interface ScheduleDefinition {
  name: string;
  everyMs(config: ScheduleConfig): number | undefined;
  run(host: string, context: ScheduleContext): Promise<unknown>;
}

export interface ScheduleConfig {
  healthChannel?: string;
  healthCheckMs: number;
  /** CHANNEL_LANGUAGE: what a schedule posts in a channel is in it (absent: English). */
  language?: import('../i18n/i18n.ts').Language;
}

export interface ScheduleContext {
  config: ScheduleConfig;
  cache: Cache;
  /** Runs a read-only script on the host's read shell. */
  run(script: string, params: Record<string, unknown>, timeoutMs: number): Promise<unknown>;
  /** Posts in a channel (paced like every other post). */
  post(channel: string, message: import('../chat/types.ts').ChatMessage): void;
}
