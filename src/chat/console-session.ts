// The console chat's input side: reads "/exchange ..." lines on stdin (a terminal or a pipe) and
// runs them one at a time, like a shell: a job's thread prints as it happens, and when the job
// waits for an approval the question is asked at the prompt (the next line answers it).
// At the end of input it returns; a question left unanswered is denied.
import readline from 'node:readline';
import { Job } from 'bullmq';
import { CONSOLE_USER } from '../engine/access.ts';
import type { ApprovalDesk } from '../engine/approvals/desk.ts';
import type { ApprovalGate } from '../engine/approvals/gate.ts';
import type { Dispatcher } from '../engine/dispatcher.ts';
import type { JobStore } from '../engine/job-store.ts';
import type { JobData } from '../engine/job-data.ts';
import { errorText, translator } from '../i18n/i18n.ts';
import { ENGLISH_ONLY, type Languages } from '../i18n/languages.ts';
import type { JobQueues } from '../queue/queues.ts';
import { plain, type ConsoleChat } from './console-adapter.ts';
import type { ThreadReporter } from './thread-reporter.ts';

export const CONSOLE_CHANNEL = 'CCONSOLE';

export interface ConsoleOptions {
  dispatcher: Dispatcher;
  queues: JobQueues;
  chat: ConsoleChat;
  reporter: ThreadReporter;
  /** Cards and thread posts: printed once drained. */
  outbox: { idle(): Promise<void> };
  approvals: ApprovalGate;
  desk: ApprovalDesk;
  jobs: JobStore;
  input?: NodeJS.ReadableStream;
  write?: (line: string) => void;
  /** The console user's language (/exchange language), for what the console says itself. */
  languages?: Languages;
}

export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { dispatcher, reporter } = options;
  const input = options.input ?? process.stdin;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  const requester = { user: CONSOLE_USER, channel: CONSOLE_CHANNEL };
  const languages = options.languages ?? ENGLISH_ONLY;
  const t = () => translator(languages.cached(CONSOLE_USER));

  await languages.forUser(CONSOLE_USER); // a choice made in an earlier session
  write(t()('common:console.welcome'));
  const rl = readline.createInterface({ input, terminal: interactive, ...(interactive ? { output: process.stdout } : {}) });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string): Promise<string | undefined> => {
    write(question);
    if (interactive) {
      rl.setPrompt('? ');
      rl.prompt();
    }
    const next = await lines.next();
    if (next.done) return undefined;
    if (!interactive) write(`? ${next.value}`);
    return next.value.trim();
  };

  for (;;) {
    if (interactive) {
      rl.setPrompt('> ');
      rl.prompt();
    }
    const next = await lines.next();
    if (next.done) break;
    const line = next.value.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^\/?exchange(?:\s+(.*))?$/i.exec(line);
    if (!m) {
      write(t()('common:console.startWithSlash'));
      continue;
    }
    if (!interactive) write(`> ${line}`);
    const decision = await dispatcher.decide(m[1] ?? '', requester);
    if (decision.kind === 'reply' || decision.kind === 'query') {
      const message = decision.kind === 'reply' ? decision.message : await dispatcher.ask(decision);
      if (decision.kind === 'reply' && decision.visibility === 'channel') await options.chat.post(CONSOLE_CHANNEL, message);
      else await options.chat.postPrivate(CONSOLE_CHANNEL, CONSOLE_USER, message);
      // A retried (or otherwise woken) job of yours runs now: follow it, as with a new one.
      for (const job of await unfinishedJobs(options)) await followJob(options, job.data.host, job.id, ask, write, t);
      continue;
    }
    try {
      const id = await dispatcher.start(decision.plan, requester);
      await followJob(options, decision.plan.host, id, ask, write, t);
    } catch (error) {
      write(t()('common:console.notStarted', { error: errorText(languages.cached(CONSOLE_USER), error) }));
    }
  }
  rl.close();
  await reporter.idle();
  await options.outbox.idle();
}

async function unfinishedJobs(options: ConsoleOptions) {
  const recent = await options.jobs.recent(20);
  const mine = recent.filter((j) => j.data.requester === CONSOLE_USER && ['queued', 'running', 'waiting'].includes(j.data.state));
  return mine.reverse();
}

/** Waits for the job to end, answering its approvals at the prompt. */
async function followJob(
  options: ConsoleOptions,
  host: string,
  id: string,
  ask: (q: string) => Promise<string | undefined>,
  write: (line: string) => void,
  t: () => import('../i18n/i18n.ts').Translate,
): Promise<void> {
  const asked = new Set<string>();
  for (;;) {
    const job = (await Job.fromId(options.queues.queue(host), id)) as Job<JobData> | undefined;
    const state = job ? await job.getState() : 'unknown';
    if (state === 'completed' || state === 'failed' || state === 'unknown') break;
    const waiting = job?.data.steps.find((s) => s.phase === 'approval' && s.approvalId);
    const approval = waiting?.approvalId ? await options.approvals.get(waiting.approvalId) : undefined;
    if (approval?.state === 'pending' && !asked.has(approval.id)) {
      asked.add(approval.id);
      await options.reporter.idle();
      await options.outbox.idle();
      const answer = await ask(t()('common:console.approve', { what: plain(approval.what, t().lang) }));
      const yes = answer !== undefined && /^(y|yes|approve|o|oui)$/i.test(answer);
      if (answer === undefined) write(t()('common:console.endOfInput'));
      const result = await options.desk.decide(approval.id, CONSOLE_USER, yes ? 'approved' : 'denied', undefined, t().lang);
      if (!result.decided) write(plain(result.text, t().lang)); // a decision shows on the approval card
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await options.reporter.idle();
  await options.outbox.idle();
}
