// The console chat's input side: reads "/exchange ..." lines on stdin (a terminal or a pipe),
// prints answers, and at the end of input waits for the jobs it started, then returns.
import readline from 'node:readline';
import { Job } from 'bullmq';
import { CONSOLE_USER } from '../engine/access.ts';
import type { Dispatcher } from '../engine/dispatcher.ts';
import type { JobQueues } from '../queue/queues.ts';
import type { ConsoleChat } from './console-adapter.ts';
import type { ThreadReporter } from './thread-reporter.ts';

export const CONSOLE_CHANNEL = 'CCONSOLE';

export async function runConsole(options: {
  dispatcher: Dispatcher;
  queues: JobQueues;
  chat: ConsoleChat;
  reporter: ThreadReporter;
  input?: NodeJS.ReadableStream;
  write?: (line: string) => void;
}): Promise<void> {
  const { dispatcher, queues, reporter } = options;
  const input = options.input ?? process.stdin;
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  const requester = { user: CONSOLE_USER, channel: CONSOLE_CHANNEL };
  const started: { id: string; host: string }[] = [];

  write('Exchange chat-ops console. Type /exchange help (Ctrl-D to quit).');
  const rl = readline.createInterface({ input, terminal: interactive, ...(interactive ? { output: process.stdout } : {}) });
  if (interactive) rl.setPrompt('> '), rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line && !line.startsWith('#')) {
      const m = /^\/?exchange(?:\s+(.*))?$/i.exec(line);
      if (!m) write('Commands start with /exchange. Try /exchange help.');
      else {
        if (!interactive) write(`> ${line}`);
        const decision = await dispatcher.decide(m[1] ?? '', requester);
        if (decision.kind === 'reply') await options.chat.postPrivate(CONSOLE_CHANNEL, CONSOLE_USER, decision.message);
        else {
          try {
            started.push({ id: await dispatcher.start(decision.plan, requester), host: decision.plan.host });
          } catch (error) {
            write(`Not started: ${(error as Error).message}`);
          }
        }
      }
    }
    if (interactive) rl.prompt();
  }
  // End of input: let the jobs this session started finish, and their last messages print.
  for (const { id, host } of started) await waitForJob(queues, host, id);
  await reporter.idle();
}

async function waitForJob(queues: JobQueues, host: string, id: string): Promise<void> {
  for (;;) {
    const job = await Job.fromId(queues.queue(host), id);
    const state = job ? await job.getState() : 'unknown';
    if (state === 'completed' || state === 'failed' || state === 'unknown') return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
