// The bot's side of a command: receive → validate → authorize → plan → enqueue.
// decide() is fast and does no Slack call, so the adapter can answer Slack inside its 3 seconds.
// What the requester reads privately (refusals, usage, validation errors, answers) is in their
// language; a job's card (its summary) and an answer posted in the channel in CHANNEL_LANGUAGE.
import type { z } from 'zod';
import { escapeSlack } from '../chat/escape.ts';
import type { ThreadReporter } from '../chat/thread-reporter.ts';
import type { ChatMessage } from '../chat/types.ts';
import { errorText, issueText, type Language, say, t, translator, type Translate, zodErrors } from '../i18n/i18n.ts';
import { ENGLISH_ONLY, type Languages } from '../i18n/languages.ts';
import { log } from '../log.ts';
import type { JobQueues } from '../queue/queues.ts';
import type { Access } from './access.ts';
import type { CommandLimits } from './rate-limit.ts';
import type { AuditLog } from '../audit.ts';
import { type AnswerContext, commandName, type CommandDefinition, type CommandServices, type Requester, type Surface, tokenize } from './command.ts';
import type { FormValues, FormView, Prefill } from './form.ts';
import { type HostMap, hostOf } from './hosts.ts';
import { renderCard } from './job-card.ts';
import { newJobData, type QueryJobData } from './job-data.ts';
import type { HostPlan } from './job-definition.ts';
import { LAB_HOST_MAP } from '../targets/lab-hosts.ts';

export type Decision =
  | {
      kind: 'reply';
      message: ChatMessage;
      visibility: 'private' | 'channel';
      refused?: boolean;
      limited?: boolean;
      /** Refused by the schema: its problems, for a form to show on their fields. */
      issues?: z.ZodError['issues'];
    }
  | { kind: 'job'; plan: HostPlan; command: string }
  | { kind: 'query'; question: QueryJobData; command: string; render: (result: unknown) => ChatMessage };

/** How long a read-only question may take before the asker is told the servers did not answer. */
export const QUERY_TIMEOUT_MS = 20_000;

export const SLASH = '/exchange';

/** "Usage: `/exchange add-user <name> [quota]`", in `t`'s language. */
export function usageLine(command: CommandDefinition, t: Translate = translator('en')): string {
  return t('engine:usage', { usage: `${SLASH} ${escapeSlack(t(command.usage))}` });
}

function refusal(text: string): Extract<Decision, { kind: 'reply' }> {
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
    this.record(requester, text, decision);
    return decision;
  }

  private record(requester: Requester, text: string, decision: Decision): void {
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
    return this.decideFor(command, () => command.parse(rest), requester, lang, answerLanguage);
  }

  private async roleRefusal(command: CommandDefinition, requester: Requester, lang: Language): Promise<Decision | undefined> {
    const t = translator(lang);
    const allowed = await this.access.may(requester.user, command);
    if (!allowed.ok) {
      log.info('command refused', { user: requester.user, command: command.name });
      const roles = allowed.needs.join(t('engine:or'));
      return refusal(t('engine:notAllowed', { command: `${SLASH} ${command.name}`, roles }));
    }
    return undefined;
  }

  /** A known command and its raw arguments (typed words parsed, or a form's values): authorize → validate → plan. */
  private async decideFor(command: CommandDefinition, raw: () => unknown, requester: Requester, lang: Language, answerLanguage?: Language): Promise<Decision> {
    const t = translator(lang);
    const notAllowed = await this.roleRefusal(command, requester, lang);
    if (notAllowed) return notAllowed;
    const parsed = command.schema.safeParse(raw(), zodErrors(lang));
    if (!parsed.success) {
      return {
        ...refusal(t('engine:notRun', { command: `${SLASH} ${command.name}`, problems: explain(parsed.error, lang), usage: usageLine(command, t) })),
        issues: parsed.error.issues,
      };
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
    // The approval card is in the thread: the channel's language.
    const approval = (await this.access.needsApproval(requester.user, command))
      ? base.channelT('roles:approvalWhat', { summary, command: command.name })
      : undefined;
    return { kind: 'job', plan: { kind, host, params, summary, ...(approval ? { approval } : {}) }, command: command.name };
  }

  /** The command whose form these words open (a bare `/exchange <command>`), if any. Parsing only. */
  formFor(text: string): string | undefined {
    const found = commandName(tokenize(text), this.names);
    const command = found && this.byName.get(found.name);
    if (!found || !command?.form) return undefined;
    return (command.form.opensOn ? command.form.opensOn(found.rest) : found.rest.length === 0) ? command.name : undefined;
  }

  /** The commands with a form this user may run (the App Home's buttons). */
  async formsFor(user: string): Promise<CommandDefinition[]> {
    const mine = await Promise.all(this.commands.filter((c) => c.form).map(async (c) => ((await this.access.may(user, c)).ok ? c : undefined)));
    return mine.filter((c): c is CommandDefinition => c !== undefined);
  }

  /** A command's form for this user, or why not: refused as the typed command would be (its role, its guards). */
  async openForm(name: string, requester: Requester, lang: Language, prefill?: Prefill): Promise<FormView | { refuse: string }> {
    const command = this.byName.get(name);
    if (!command?.form || !this.services) return { refuse: t(lang, 'forms:unknown') };
    const refused = await this.roleRefusal(command, requester, lang);
    if (refused?.kind === 'reply') return { refuse: refused.message.text };
    // Its guards too (the integration switch): better said before the form is filled in than after.
    for (const guard of command.guards ?? []) {
      const channelLang = this.languages.channel;
      const no = await guard(command, {
        requester,
        commands: this.commands,
        services: this.services,
        lang,
        t: translator(lang),
        channelLang,
        channelT: translator(channelLang),
      });
      if (no) return { refuse: no };
    }
    const ctx = { lang, requester, services: this.services, ...(prefill ? { prefill } : {}) };
    return { command: command.name, title: command.form.title(lang), submit: command.form.submit(lang), fields: await command.form.fields(ctx) };
  }

  /** A submitted form: the same checks as the typed command (its role, its schema, its guards), then its plan; audited. */
  async submitForm(name: string, values: FormValues, requester: Requester, lang: Language, shown: Prefill = {}): Promise<Decision> {
    const command = this.byName.get(name);
    const form = command?.form;
    if (!command || !form) return refusal(t(lang, 'forms:unknown'));
    const limited = this.limits?.refuse(requester.user, Boolean(command.probesHosts), lang);
    if (limited) return { kind: 'reply', visibility: 'private', message: { text: limited }, refused: true, limited: true };
    const decision = await this.decideFor(command, () => form.args(values, { lang, shown }), requester, lang);
    this.record(requester, `${command.name} (form) ${JSON.stringify(values)}`, decision);
    return decision;
  }

  /** A refused submission's problems on their fields (by field id); those that belong to no field are left out. */
  fieldErrors(name: string, fieldIds: readonly string[], issues: z.ZodError['issues']): Record<string, string> {
    const form = this.byName.get(name)?.form;
    const errors: Record<string, string> = {};
    for (const issue of issues) {
      const field = form?.fieldOf?.(issue.path) ?? (fieldIds.includes(String(issue.path[0])) ? String(issue.path[0]) : undefined);
      if (field && fieldIds.includes(field)) errors[field] = errors[field] ? `${errors[field]}; ${issue.message}` : issue.message;
    }
    return errors;
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
