// The bot's side of a command: receive → validate → authorize → plan → enqueue.
// decide() is fast and does no Slack call, so the adapter can answer Slack inside its 3 seconds.
import type { z } from 'zod';
import { escapeSlack } from '../chat/escape.ts';
import type { ThreadReporter } from '../chat/thread-reporter.ts';
import type { ChatMessage } from '../chat/types.ts';
import { log } from '../log.ts';
import type { JobQueues } from '../queue/queues.ts';
import type { Access } from './access.ts';
import type { CommandLimits } from './rate-limit.ts';
import type { AuditLog } from '../audit.ts';
import { type AnswerContext, commandName, type CommandDefinition, type CommandServices, type Requester, type Surface, tokenize } from './command.ts';
import type { FormValues, FormView, Prefill } from './form.ts';
import { type HostMap, hostOf } from './hosts.ts';
import { type Language, t } from '../i18n/i18n.ts';
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

export function usageLine(command: CommandDefinition): string {
  return `Usage: \`${SLASH} ${escapeSlack(command.usage)}\``;
}

function refusal(text: string): Extract<Decision, { kind: 'reply' }> {
  return { kind: 'reply', visibility: 'private', message: { text }, refused: true };
}

/** zod's issues as one line each, naming the argument. */
function explain(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const arg = issue.path.length ? `*${escapeSlack(issue.path.join('.'))}*` : 'the command';
      return `• ${arg} ${escapeSlack(issue.message)}`;
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
  }) {
    this.limits = o.limits;
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
   */
  async decide(text: string, requester: Requester): Promise<Decision> {
    const limited = this.limits?.refuse(requester.user, this.probesHosts(text));
    if (limited) return { kind: 'reply', visibility: 'private', message: { text: limited }, refused: true, limited: true };
    const decision = await this.decideQuietly(text, requester);
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

  private async decideQuietly(text: string, requester: Requester): Promise<Decision> {
    const tokens = tokenize(text);
    const name = tokens[0];
    if (!name) return this.decideQuietly(this.onSurface('empty')?.name ?? '', requester);
    const found = commandName(tokens, this.names);
    const command = found ? this.byName.get(found.name) : undefined;
    const rest = found?.rest ?? [];
    if (!command) {
      const subs = this.commands.filter((c) => c.name.startsWith(`${name.toLowerCase()} `)).map((c) => `\`${c.name.split(' ')[1]}\``);
      if (subs.length) return refusal(`\`${SLASH} ${escapeSlack(name.slice(0, 40))}\` needs one of: ${subs.join(', ')}. Try \`${SLASH} help\`.`);
      const names = [...new Set(this.commands.map((c) => `\`${c.name.split(' ')[0]}\``))].join(', ');
      return refusal(`\`${escapeSlack(name.slice(0, 40))}\` is not a ${SLASH} command. Commands: ${names}. Try \`${SLASH} help\`.`);
    }
    return this.decideFor(command, () => command.parse(rest), requester);
  }

  private async roleRefusal(command: CommandDefinition, requester: Requester): Promise<Decision | undefined> {
    const allowed = await this.access.may(requester.user, command);
    if (!allowed.ok) {
      log.info('command refused', { user: requester.user, command: command.name });
      const roles = allowed.needs.join(' or ');
      return refusal(`Sorry, \`${SLASH} ${command.name}\` is for Exchange administrators (role: ${roles}). Ask one of them to give you that role.`);
    }
    return undefined;
  }

  /** A known command and its raw arguments (typed words parsed, or a form's values): authorize → validate → plan. */
  private async decideFor(command: CommandDefinition, raw: () => unknown, requester: Requester): Promise<Decision> {
    const notAllowed = await this.roleRefusal(command, requester);
    if (notAllowed) return notAllowed;
    const parsed = command.schema.safeParse(raw());
    if (!parsed.success) {
      return { ...refusal(`\`${SLASH} ${command.name}\` was not run:\n${explain(parsed.error)}\n${usageLine(command)}`), issues: parsed.error.issues };
    }
    if (!this.services) throw new Error('commands need the command services');
    const ctx: AnswerContext = { requester, commands: this.commands, services: this.services };
    if (command.answer) {
      const message = await command.answer(parsed.data, ctx);
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
      return refusal(`${escapeSlack((error as Error).message)}\n${usageLine(command)}`);
    }
    if (command.query) {
      const args = parsed.data;
      return {
        kind: 'query',
        question: { kind: planned.kind, host, params: planned.params },
        command: command.name,
        render: (result) => command.render(result, args),
      };
    }
    const { kind, params, summary } = planned as Extract<typeof planned, { summary: string }>;
    const approval = (await this.access.needsApproval(requester.user, command))
      ? t('en', 'roles:approvalWhat', { summary, command: command.name }) // LANG: CHANNEL_LANGUAGE
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
    const refused = await this.roleRefusal(command, requester);
    if (refused?.kind === 'reply') return { refuse: refused.message.text };
    // Its guards too (the integration switch): better said before the form is filled in than after.
    for (const guard of command.guards ?? []) {
      const no = await guard(command, { requester, commands: this.commands, services: this.services });
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
    const limited = this.limits?.refuse(requester.user, Boolean(command.probesHosts));
    if (limited) return { kind: 'reply', visibility: 'private', message: { text: limited }, refused: true, limited: true };
    const decision = await this.decideFor(command, () => form.args(values, { lang, shown }), requester);
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

  /** A read-only question: asked on the host's read queue; the answer is one complete message. */
  async ask(decision: Extract<Decision, { kind: 'query' }>): Promise<ChatMessage> {
    try {
      return decision.render(await this.queues.ask(decision.question, QUERY_TIMEOUT_MS));
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (/timed out|Timeout/i.test(message)) {
        return { text: `${decision.question.host} did not answer within ${QUERY_TIMEOUT_MS / 1000} s (is its worker running?). Nothing was changed.` };
      }
      return { text: `\`${SLASH} ${decision.command}\`: ${escapeSlack(message)}` };
    }
  }

  /** Posts the job's card in the channel (the root of its thread), then enqueues the job. */
  async start(plan: HostPlan, requester: Requester): Promise<string> {
    const jobId = await this.queues.nextId();
    // The card is posted directly (not coalesced): its ts is the thread every step posts in.
    const card = this.reporter.post(requester.channel, renderCard(jobId, newJobData(plan, requester)));
    const cardTs = await card.posted;
    if (!cardTs) throw new Error('the job card could not be posted in this channel (is the bot a member of it?)');
    await this.queues.enqueue(jobId, plan, requester, cardTs);
    log.info('job enqueued', { job: jobId, kind: plan.kind, host: plan.host, user: requester.user });
    return jobId;
  }
}
