// The bot's side of a command: receive → validate → authorize → plan → enqueue.
// decide() is fast and does no Slack call, so the adapter can answer Slack inside its 3 seconds.
// What the requester reads privately (refusals, usage, validation errors, answers) is in their
// language; a job's card (its summary) and an answer posted in the channel in CHANNEL_LANGUAGE.
import type { z } from 'zod';
import { escapeSlack } from '../chat/escape.ts';
import type { ThreadReporter } from '../chat/thread-reporter.ts';
import type { ChatMessage } from '../chat/types.ts';
import { errorText, issueText, type Language, say, translator, type Translate, zodErrors } from '../i18n/i18n.ts';
import { ENGLISH_ONLY, type Languages } from '../i18n/languages.ts';
import { log } from '../log.ts';
import type { JobQueues } from '../queue/queues.ts';
import type { Access } from './access.ts';
import type { CommandLimits } from './rate-limit.ts';
import type { AuditLog } from '../audit.ts';
import { type AnswerContext, commandName, type CommandDefinition, type CommandServices, type Requester, type Surface, tokenize } from './command.ts';
import { type HostMap, hostOf } from './hosts.ts';
import { renderCard } from './job-card.ts';
import { newJobData, type QueryJobData } from './job-data.ts';
import type { HostPlan } from './job-definition.ts';
import { LAB_HOST_MAP } from '../targets/lab-hosts.ts';

export type Decision =
  | { kind: 'reply'; message: ChatMessage; visibility: 'private' | 'channel'; refused?: boolean; limited?: boolean }
  | { kind: 'job'; plan: HostPlan; command: string }
  | { kind: 'query'; question: QueryJobData; command: string; render: (result: unknown) => ChatMessage };

/** How long a read-only question may take before the asker is told the servers did not answer. */
export const QUERY_TIMEOUT_MS = 20_000;

export const SLASH = '/exchange';

/** "Usage: `/exchange add-user <name> [quota]`", in `t`'s language. */
export function usageLine(command: CommandDefinition, t: Translate = translator('en')): string {
  return t('engine:usage', { usage: `${SLASH} ${escapeSlack(t(command.usage))}` });
}

function refusal(text: string): Decision {
  return { kind: 'reply', visibility: 'private', message: { text }, refused: true };
}

/** zod's issues as one line each, naming the argument, in the reader's language. */
export function explain(error: z.ZodError, lang: Language = 'en'): string {
  const t = translator(lang);
  return error.issues
    .map((issue) => {
      const arg = issue.path.length ? `*${escapeSlack(issue.path.join('.'))}*` : t('engine:theCommand');
      return `• ${arg} ${escapeSlack(issueText(lang, issue as never))}`;
    })
    .join('\n');
}

export class Dispatcher {
  private readonly byName: Map<string, CommandDefinition>;
  private readonly names: ReadonlySet<string>;

  readonly commands: readonly CommandDefinition[];
  private readonly access: Access;
  private readonly queues: JobQueues;
  private readonly reporter: ThreadReporter;
  private readonly hosts: HostMap;
  private readonly services?: CommandServices;
  private readonly audit?: AuditLog;
  private readonly limits?: CommandLimits;
  private readonly languages: Languages;

  constructor(o: {
    commands: readonly CommandDefinition[];
    access: Access;
    queues: JobQueues;
    reporter: ThreadReporter;
    /** The targets' hosts and roles (the lab's when not given). */
    hosts?: HostMap;
    services?: CommandServices;
    audit?: AuditLog;
    /** Per-user rate limits, checked before anything touches Redis or PowerShell. */
    limits?: CommandLimits;
    /** People's and the channel's languages (absent: English). */
    languages?: Languages;
  }) {
    this.limits = o.limits;
    this.languages = o.languages ?? o.services?.languages ?? ENGLISH_ONLY;
    this.commands = o.commands;
    this.access = o.access;
    this.queues = o.queues;
    this.reporter = o.reporter;
    this.hosts = o.hosts ?? LAB_HOST_MAP;
    this.services = o.services;
    this.audit = o.audit;
    this.byName = new Map(o.commands.map((c) => [c.name, c]));
    this.names = new Set(this.byName.keys());
  }

  /**
   * Receive → validate → authorize → plan, from memory (roles, group members and settings are
   * cached), so the adapter can ack at once. Every command and every refusal is audited, after.
   * `answerLanguage`: the language of an answer shown to the requester where the command would
   * answer in the channel (App Home shows status to one person).
   */
  async decide(text: string, requester: Requester, options: { answerLanguage?: Language } = {}): Promise<Decision> {
    // Over the limit: answered from memory only (the language as known), touching nothing else.
    const limited = this.limits?.refuse(requester.user, this.probesHosts(text), this.languages.cached(requester.user));
    if (limited) return { kind: 'reply', visibility: 'private', message: { text: limited }, refused: true, limited: true };
    const lang = await this.languages.forUser(requester.user);
    const decision = await this.decideQuietly(text, requester, lang, options.answerLanguage);
    const refused = decision.kind === 'reply' && decision.refused;
    void this.audit
      ?.record({
        type: refused ? 'command.refused' : 'command',
        user: requester.user,
        channel: requester.channel,
        text: text.slice(0, 500),
        ...(refused ? { reason: decision.message.text.slice(0, 300) } : {}),
      })
      .catch((error) => log.warn('audit write failed', { error: String(error) }));
    return decision;
  }

  private async decideQuietly(text: string, requester: Requester, lang: Language, answerLanguage?: Language): Promise<Decision> {
    const t = translator(lang);
    const tokens = tokenize(text);
    const name = tokens[0];
    if (!name) return this.decideQuietly(this.onSurface('empty')?.name ?? '', requester, lang, answerLanguage);
    const found = commandName(tokens, this.names);
    const command = found ? this.byName.get(found.name) : undefined;
    const rest = found?.rest ?? [];
    const help = `${SLASH} ${this.onSurface('empty')?.name ?? ''}`.trim();
    if (!command) {
      const subs = this.commands.filter((c) => c.name.startsWith(`${name.toLowerCase()} `)).map((c) => `\`${c.name.split(' ')[1]}\``);
      if (subs.length) return refusal(t('engine:needsSub', { command: `${SLASH} ${escapeSlack(name.slice(0, 40))}`, subs: subs.join(', '), help }));
      const names = [...new Set(this.commands.map((c) => `\`${c.name.split(' ')[0]}\``))].join(', ');
      return refusal(t('engine:notACommand', { name: escapeSlack(name.slice(0, 40)), slash: SLASH, names, help }));
    }
    const allowed = await this.access.may(requester.user, command);
    if (!allowed.ok) {
      log.info('command refused', { user: requester.user, command: command.name });
      const roles = allowed.needs.join(t('engine:or'));
      return refusal(t('engine:notAllowed', { command: `${SLASH} ${command.name}`, roles }));
    }
    const parsed = command.schema.safeParse(command.parse(rest), zodErrors(lang));
    if (!parsed.success) {
      return refusal(t('engine:notRun', { command: `${SLASH} ${command.name}`, problems: explain(parsed.error, lang), usage: usageLine(command, t) }));
    }
    if (!this.services) throw new Error('commands need the command services');
    const channelLang = this.languages.channel;
    const base = { requester, commands: this.commands, services: this.services, channelLang, channelT: translator(channelLang) };
    const ctx: AnswerContext = { ...base, lang, t };
    if (command.answer) {
      // An answer posted in the channel speaks the channel's language (unless shown to one person).
      const answerLang = command.visibility === 'channel' ? (answerLanguage ?? channelLang) : lang;
      const message = await command.answer(parsed.data, { ...base, lang: answerLang, t: translator(answerLang) });
      return { kind: 'reply', message, visibility: command.visibility ?? 'private' };
    }
    for (const guard of command.guards ?? []) {
      const refused = await guard(command, ctx);
      if (refused) return refusal(refused);
    }
    const planned = command.query ? await command.query(parsed.data, ctx) : await command.plan(parsed.data, ctx);
    if ('refuse' in planned) return refusal(planned.refuse);
    let host: string;
    try {
      host = hostOf(planned.target, this.hosts);
    } catch (error) {
      return refusal(`${escapeSlack(errorText(lang, error))}\n${usageLine(command, t)}`);
    }
    if (command.query) {
      const args = parsed.data;
      return {
        kind: 'query',
        question: { kind: planned.kind, host, params: planned.params, ...(lang === 'en' ? {} : { language: lang }) },
        command: command.name,
        render: (result) => command.render(result, args, t),
      };
    }
    const { kind, params, summary } = planned as Extract<typeof planned, { summary: string }>;
    return { kind: 'job', plan: { kind, host, params, summary }, command: command.name };
  }

  /** Does this line ask a command that probes every host? (Parsing only: no Redis, no PowerShell.) */
  private probesHosts(text: string): boolean {
    const found = commandName(tokenize(text), this.names);
    const command = found ? this.byName.get(found.name) : this.onSurface('empty');
    return Boolean(command?.probesHosts);
  }

  /** The command that answers on a surface (the first that lists it). */
  onSurface(surface: Surface): CommandDefinition | undefined {
    return this.commands.find((c) => c.surfaces?.includes(surface));
  }

  /** "@exchange <words>": a command that answers mentions, else what a bare /exchange answers. */
  async decideMention(words: string, requester: Requester): Promise<Decision> {
    const found = commandName(tokenize(words), this.names);
    const command = found && this.byName.get(found.name);
    return this.decide(command?.surfaces?.includes('mention') ? words : '', requester);
  }

  /** A read-only question: asked on the host's read queue; the answer is one complete message, in the asker's language. */
  async ask(decision: Extract<Decision, { kind: 'query' }>): Promise<ChatMessage> {
    const t = translator(decision.question.language ?? 'en');
    try {
      return decision.render(await this.queues.ask(decision.question, QUERY_TIMEOUT_MS));
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (/timed out|Timeout/i.test(message)) {
        return { text: t('engine:noAnswer', { host: decision.question.host, seconds: QUERY_TIMEOUT_MS / 1000 }) };
      }
      return { text: t('engine:queryFailed', { command: `${SLASH} ${decision.command}`, error: escapeSlack(say(t.lang, message)) }) };
    }
  }

  /** Posts the job's card in the channel (the root of its thread), then enqueues the job. */
  async start(plan: HostPlan, requester: Requester): Promise<string> {
    const jobId = await this.queues.nextId();
    // The job remembers its languages: the requester's (private deliveries) and the channel's (its card).
    const who = { ...requester, language: await this.languages.forUser(requester.user), channelLanguage: this.languages.channel };
    // The card is posted directly (not coalesced): its ts is the thread every step posts in.
    const card = this.reporter.post(requester.channel, renderCard(jobId, newJobData(plan, who)));
    const cardTs = await card.posted;
    if (!cardTs) throw new Error(say(who.language, 'engine:cardNotPosted'));
    await this.queues.enqueue(jobId, plan, who, cardTs);
    log.info('job enqueued', { job: jobId, kind: plan.kind, host: plan.host, user: requester.user });
    return jobId;
  }
}
