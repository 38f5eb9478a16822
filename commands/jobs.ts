// /exchange job <id>, jobs [mine|failed|waiting], cancel <id>, retry <id>: seeing and steering jobs.
// job and jobs answer privately, in one message complete when it appears.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import { slackTime } from '../src/chat/slack-time.ts';
import type { Block } from '../src/chat/types.ts';
import type { AnswerCommand, CommandServices } from '../src/engine/command.ts';
import { cardText, elapsed, jobNumber } from '../src/engine/job-card.ts';
import { jobIdFrom, type FoundJob } from '../src/engine/job-store.ts';
import { optionProblems, splitOptions } from '../src/engine/options.ts';

const ICON: Record<string, string> = { pending: '▫️', running: '⏳', done: '✅', skipped: '☑️', failed: '❌' };
const time = (ms?: number) => (ms ? slackTime(ms, 'seconds') : '—');

const jobId = z.string({ error: 'is missing: give the job number, like 12 or #12' }).transform((text, ctx) => {
  const id = jobIdFrom(text);
  if (!id) ctx.addIssue({ code: 'custom', message: 'must be a job number, like 12 or #12' });
  return id ?? z.NEVER;
});
const oneId = z.object({ id: jobId, extra: z.array(z.string()).max(0, 'one job at a time') });
const byId = ([id, ...extra]: string[]) => ({ id, extra });
const notFound = (id: string) => ({ text: `There is no job ${jobNumber(id)} (jobs are kept 7 days after they end, 30 if they failed).` });

export function describeJob(job: FoundJob): { text: string; blocks: Block[] } {
  const d = job.data;
  const lines = d.steps.map((s) => {
    const took = s.startedAt && s.endedAt ? ` · ${elapsed(s.endedAt - s.startedAt)}` : '';
    const error = s.error ? `\n      ${s.error}` : '';
    return `${ICON[s.state] ?? ''} ${s.title} — ${s.state}${s.startedAt ? ` · started ${time(s.startedAt)}` : ''}${took}${error}`;
  });
  const head = `*Job ${jobNumber(job.id)}* on ${d.host}: ${cardText(d)}\nAsked by <@${d.requester}> ${time(d.createdAt)} in <#${d.channel}>`;
  return {
    text: `Job ${jobNumber(job.id)}: ${cardText(d)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'section', text: { type: 'mrkdwn', text: (lines.join('\n') || 'No step has run yet.').slice(0, 3000) } },
    ],
  };
}

export const job: AnswerCommand<z.output<typeof oneId>> = {
  name: 'job',
  usage: 'job <id>',
  summary: 'One job’s steps: state, start, duration and error.',
  role: 'admin',
  parse: byId,
  schema: oneId,
  async answer({ id }, { services }) {
    const found = await services.jobs.find(id);
    return found ? describeJob(found) : notFound(id);
  },
};

const PAGE = 20;
const listSchema = z.object({
  which: z.enum(['all', 'mine', 'failed', 'waiting'], { error: 'must be mine, failed or waiting' }),
  page: z.coerce.number({ error: 'must be a page number' }).int().min(1, 'must be 1 or more').max(100),
  options: optionProblems,
});

export const jobs: AnswerCommand<z.output<typeof listSchema>> = {
  name: 'jobs',
  usage: 'jobs [mine|failed|waiting] [--page N]',
  summary: 'Recent jobs, newest first.',
  role: 'admin',
  parse(tokens) {
    const { positionals, values, problems } = splitOptions(tokens, { values: ['page'] });
    if (positionals.length > 1) problems.push('one of mine, failed or waiting');
    return { which: positionals[0]?.toLowerCase() ?? 'all', page: values.page ?? '1', options: problems };
  },
  schema: listSchema,
  async answer({ which, page }, { services, requester }) {
    const all = await services.jobs.recent(200);
    const shown = all.filter((j) =>
      which === 'mine'
        ? j.data.requester === requester.user
        : which === 'failed'
          ? ['failed', 'cancelled'].includes(j.data.state)
          : which === 'waiting'
            ? ['queued', 'waiting'].includes(j.data.state)
            : true,
    );
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    const lines = shown
      .slice((page - 1) * PAGE, page * PAGE)
      .map((j) => `${jobNumber(j.id)} ${cardText(j.data)} — <@${j.data.requester}> · ${time(j.timestamp)} · ${j.data.host}`);
    const head = `*${shown.length} job${shown.length === 1 ? '' : 's'}${which === 'all' ? '' : ` (${which})`}*${pages > 1 ? ` — page ${page} of ${pages}` : ''}`;
    const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } });
    if (page < pages)
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Next: \`/exchange jobs ${which === 'all' ? '' : `${which} `}--page ${page + 1}\`` }],
      });
    return { text: head.replace(/\*/g, ''), blocks };
  },
};

/** cancel and retry: find the job, act on it, audit who did what. */
function jobAction(
  name: 'cancel' | 'retry',
  summary: string,
  act: (jobs: CommandServices['jobs'], found: FoundJob, user: string) => Promise<string>,
): AnswerCommand<z.output<typeof oneId>> {
  return {
    name,
    usage: `${name} <id>`,
    summary,
    role: 'admin',
    parse: byId,
    schema: oneId,
    async answer({ id }, { services, requester }) {
      const found = await services.jobs.find(id);
      if (!found) return notFound(id);
      const text = await act(services.jobs, found, requester.user);
      await services.audit.record({ type: `job.${name}`, job: id, user: requester.user });
      return { text: escapeSlack(text) };
    },
  };
}

export const cancel = jobAction('cancel', 'Stop a job before its next step (a pending approval is denied).', (jobs, found, user) => jobs.cancel(found, user));
export const retry = jobAction('retry', 'Run a failed or cancelled job again from its failed step.', (jobs, found) => jobs.retry(found));
