// The bot's side of a command: receive → validate → authorize → plan → enqueue.
// decide() is fast and does no Slack call, so the adapter can answer Slack inside its 3 seconds.
import { z } from 'zod';
import { escapeSlack } from '../chat/escape.ts';
import type { ThreadReporter } from '../chat/thread-reporter.ts';
import type { ChatMessage } from '../chat/types.ts';
import { log } from '../log.ts';
import type { JobQueues } from '../queue/queues.ts';
import type { Access } from './access.ts';
import type { AuditLog } from '../audit.ts';
import { commandName, type CommandDefinition, type CommandServices, type JobPlan, type Requester, tokenize } from './command.ts';
import { renderCard } from './job-card.ts';
import { newJobData } from './job-data.ts';
import { INTEGRATION, type Settings } from './settings.ts';

export type Decision =
  | { kind: 'reply'; message: ChatMessage; visibility: 'private' | 'channel'; refused?: boolean }
  | { kind: 'job'; plan: JobPlan; command: string }
  | { kind: 'query'; plan: JobPlan; command: string; render: (result: unknown) => ChatMessage };

/** How long a read-only question may take before the asker is told the servers did not answer. */
export const QUERY_TIMEOUT_MS = 20_000;

export const SLASH = '/exchange';

export function usageLine(command: CommandDefinition): string {
  return `Usage: \`${SLASH} ${escapeSlack(command.usage)}\``;
}

function refusal(text: string): Decision {
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
  private readonly hosts: readonly string[];
  private readonly settings?: Settings;
  private readonly services?: CommandServices;
  private readonly audit?: AuditLog;

  constructor(o: {
    commands: readonly CommandDefinition[];
    access: Access;
    queues: JobQueues;
    reporter: ThreadReporter;
    hosts?: readonly string[];
    settings?: Settings;
    services?: CommandServices;
    audit?: AuditLog;
  }) {
    this.commands = o.commands;
    this.access = o.access;
    this.queues = o.queues;
    this.reporter = o.reporter;
    this.hosts = o.hosts ?? [];
    this.settings = o.settings;
    this.services = o.services;
    this.audit = o.audit;
    this.byName = new Map(o.commands.map((c) => [c.name, c]));
    this.names = new Set(this.byName.keys());
  }

  /** Receive → validate → authorize → plan; every command and every refusal is audited. */
  async decide(text: string, requester: Requester): Promise<Decision> {
    const decision = await this.decideQuietly(text, requester);
    const refused = decision.kind === 'reply' && decision.refused;
    await this.audit?.record({
      type: refused ? 'command.refused' : 'command',
      user: requester.user,
      channel: requester.channel,
      text: text.slice(0, 500),
      ...(refused ? { reason: decision.message.text.slice(0, 300) } : {}),
    });
    return decision;
  }

  private async decideQuietly(text: string, requester: Requester): Promise<Decision> {
    const tokens = tokenize(text);
    const name = tokens[0];
    if (!name) return this.decideQuietly('help', requester);
    const found = commandName(tokens, this.names);
    const command = found ? this.byName.get(found.name) : undefined;
    const rest = found?.rest ?? [];
    if (!command) {
      const subs = this.commands.filter((c) => c.name.startsWith(`${name.toLowerCase()} `)).map((c) => `\`${c.name.split(' ')[1]}\``);
      if (subs.length) return refusal(`\`${SLASH} ${escapeSlack(name.slice(0, 40))}\` needs one of: ${subs.join(', ')}. Try \`${SLASH} help\`.`);
      const names = [...new Set(this.commands.map((c) => `\`${c.name.split(' ')[0]}\``))].join(', ');
      return refusal(`\`${escapeSlack(name.slice(0, 40))}\` is not a ${SLASH} command. Commands: ${names}. Try \`${SLASH} help\`.`);
    }
    const allowed = await this.access.may(requester.user, command);
    if (!allowed.ok) {
      log.info('command refused', { user: requester.user, command: command.name });
      const roles = allowed.needs.join(' or ');
      return refusal(`Sorry, \`${SLASH} ${command.name}\` is for Exchange administrators (role: ${roles}). Ask one of them to give you that role.`);
    }
    const parsed = command.schema.safeParse(command.parse(rest));
    if (!parsed.success) {
      return refusal(`\`${SLASH} ${command.name}\` was not run:\n${explain(parsed.error)}\n${usageLine(command)}`);
    }
    if (command.answer) {
      if (!this.services) throw new Error('answers need the command services');
      const message = await command.answer(parsed.data, { requester, commands: this.commands, services: this.services });
      return { kind: 'reply', message, visibility: command.visibility ?? 'private' };
    }
    if (command.needsIntegration && (await this.settings?.get(INTEGRATION)) === 'off') {
      return refusal(
        `The Exchange integration is turned off, so \`${SLASH} ${command.name}\` does not touch Exchange. ` +
          `\`${SLASH} enable-integration\` turns it back on.`,
      );
    }
    const ctx = { requester, commands: this.commands, services: this.services! };
    const planned = command.query ? await command.query(parsed.data, ctx) : await command.plan(parsed.data, ctx);
    if ('refuse' in planned) return refusal(planned.refuse);
    const plan = planned;
    if (this.hosts.length && !this.hosts.includes(plan.host)) {
      return refusal(`\`${escapeSlack(plan.host)}\` is not a known host. Hosts: ${this.hosts.join(', ')}.\n${usageLine(command)}`);
    }
    if (command.query) {
      const args = parsed.data;
      return { kind: 'query', plan, command: command.name, render: (result) => command.render(result, args) };
    }
    return { kind: 'job', plan, command: command.name };
  }

  /** A read-only question: asked on the host's read queue; the answer is one complete message. */
  async ask(decision: Extract<Decision, { kind: 'query' }>): Promise<ChatMessage> {
    try {
      return decision.render(await this.queues.ask(decision.plan, QUERY_TIMEOUT_MS));
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (/timed out|Timeout/i.test(message)) {
        return { text: `${decision.plan.host} did not answer within ${QUERY_TIMEOUT_MS / 1000} s (is its worker running?). Nothing was changed.` };
      }
      return { text: `\`${SLASH} ${decision.command}\`: ${escapeSlack(message)}` };
    }
  }

  /** Posts the job's card in the channel (the root of its thread), then enqueues the job. */
  async start(plan: JobPlan, requester: Requester): Promise<string> {
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
