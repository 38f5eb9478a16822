// What a /exchange sub-command is. Each module in commands/ exports one of these; the engine
// knows commands only through this shape: receive → validate → authorize → plan → enqueue.
import type { z } from 'zod';
import type { ChatMessage } from '../chat/types.ts';
import type { Language, Translate } from '../i18n/i18n.ts';
import type { Requester } from './job-data.ts';
import type { JobPlan, QueryPlan } from './job-definition.ts';

/** 'admin': EXCHANGE_ADMINS, and roles of the ROLES_FILE that list the command; 'anyone': everyone. */
export type Role = 'admin' | 'anyone';

export type { Requester } from './job-data.ts';

/** What read-only answers may consult. */
export interface CommandServices {
  jobs: import('./job-store.ts').JobStore;
  audit: import('../audit.ts').AuditLog;
  settings: import('./settings.ts').Settings;
  cache: import('./cache.ts').Cache;
  approvals: import('./approvals/gate.ts').ApprovalGate;
  /** Every host, and which one plays each role. */
  hosts: import('./hosts.ts').HostMap;
  /** Its worker and whether it is restarting. */
  hostState(host: string): Promise<import('./host-state.ts').HostState>;
  /** Who may approve (user and user-group ids), for the words of an answer. */
  approvers: readonly string[];
  /** Ask a host a read-only question on its read queue. */
  ask<R>(plan: QueryPlan<unknown, R>, timeoutMs: number): Promise<R>;
  /** Settings of this deployment that commands read (DNS servers for checks). */
  dnsServers: readonly string[];
  /** The user's time zone (Slack users.info tz), where the chat knows it. */
  timeZone?(user: string): Promise<string | undefined>;
  /** People's languages and the channel's (src/i18n/languages.ts); absent: English. */
  languages?: import('../i18n/languages.ts').Languages;
}

export interface AnswerContext {
  requester: Requester;
  commands: readonly CommandDefinition[];
  services: CommandServices;
  /**
   * The language of this answer's reader, and its translator: the requester's (a private answer,
   * a refusal), or the channel's for an answer posted in the channel (status, deploy plan).
   */
  lang: Language;
  t: Translate;
  /** CHANNEL_LANGUAGE: a job's card (its summary) and what is posted in the channel. */
  channelLang: Language;
  channelT: Translate;
}

/** A check before a command is planned: a refusal in plain words, or undefined to go on. */
export type CommandGuard = (command: CommandDefinition, ctx: AnswerContext) => Promise<string | undefined>;

/**
 * Where else a command answers besides `/exchange <name>`: `empty` — a bare `/exchange` (help);
 * `mention` — "@exchange <name>" in a channel; `home` — the App Home tab shows its answer.
 */
export type Surface = 'empty' | 'mention' | 'home';

interface CommandBase<A> {
  surfaces?: readonly Surface[];
  /** It probes every host: also held to the stricter per-user limit (RATE_LIMIT_STATUS). */
  probesHosts?: boolean;
  /** Checks a feature adds before the command runs (the integration switch of mailbox commands). */
  guards?: readonly CommandGuard[];
  name: string;
  /** The message key of its usage line ("add-user <name> [quota]"), in locales/<lang>/<namespace>.json. */
  usage: string;
  /** The message key of what help says it does. */
  summary: string;
  role: Role;
  /** Tokens after the sub-command → the raw object the schema checks. */
  parse(tokens: string[]): unknown;
  schema: z.ZodType<A>;
  /** Its form (a Slack modal): fields whose values become what parse() would give the schema. */
  form?: import('./form.ts').CommandForm;
}

export interface JobCommand<A = any> extends CommandBase<A> {
  /** The job to run (its summary in ctx.channelT: it is the card's); or a refusal in plain words (ctx.t). */
  plan(args: A, ctx: AnswerContext): JobPlan | { refuse: string } | Promise<JobPlan | { refuse: string }>;
  answer?: never;
  query?: never;
}

export interface AnswerCommand<A = any> extends CommandBase<A> {
  /** Read-only: one message, complete when it first appears. */
  answer(args: A, ctx: AnswerContext): Promise<ChatMessage> | ChatMessage;
  /** Who sees it: the asker only (default) or the channel. */
  visibility?: 'private' | 'channel';
  plan?: never;
  query?: never;
}

/** A read-only question the servers answer on the host's read queue, rendered here. */
export interface QueryCommand<A = any, R = any> extends CommandBase<A> {
  query(args: A, ctx: AnswerContext): QueryPlan<unknown, R> | { refuse: string } | Promise<QueryPlan<unknown, R> | { refuse: string }>;
  render(result: R, args: A, t: Translate): ChatMessage;
  plan?: never;
  answer?: never;
}

export type CommandDefinition<A = any> = JobCommand<A> | AnswerCommand<A> | QueryCommand<A>;

/** A command's name may be two words ("deploy run"): the longest one that matches wins. */
export function commandName(tokens: string[], names: ReadonlySet<string>): { name: string; rest: string[] } | undefined {
  const two = tokens.slice(0, 2).join(' ').toLowerCase();
  if (tokens.length >= 2 && names.has(two)) return { name: two, rest: tokens.slice(2) };
  const one = (tokens[0] ?? '').toLowerCase();
  return names.has(one) ? { name: one, rest: tokens.slice(1) } : undefined;
}

/** Words of a command line; "double quotes" (straight or curly) keep spaces inside one argument. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /["\u201C\u201D]([^"\u201C\u201D]*)["\u201C\u201D]|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push(m[1] ?? m[2]!);
  return tokens;
}
