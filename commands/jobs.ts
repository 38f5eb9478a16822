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
import { english, type Language, translator, type Translate } from '../src/i18n/i18n.ts';

const ICON: Record<string, string> = { pending: '▫️', running: '⏳', done: '✅', skipped: '☑️', failed: '❌' };
const time = (ms: number | undefined, lang: Language) => (ms ? slackTime(ms, 'seconds', lang) : '—');

const jobId = z.string({ error: english('jobs:errors.idMissing') }).transform((text, ctx) => {
  const id = jobIdFrom(text);
  if (!id) ctx.addIssue({ code: 'custom', message: english('jobs:errors.id') });
  return id ?? z.NEVER;
});
const oneId = z.object({ id: jobId, extra: z.array(z.string()).max(0, english('jobs:errors.oneJob')) });
const byId = ([id, ...extra]: string[]) => ({ id, extra });
const notFound = (id: string, t: Translate) => ({ text: t('jobs:notFound', { job: jobNumber(id) }) });

/** One job's steps, in the reader's language (titles and outcomes are the card's). */
export function describeJob(job: FoundJob, t: Translate = translator('en')): { text: string; blocks: Block[] } {
  const d = job.data;
  const lang = t.lang;
  const lines = d.steps.map((s) => {
    const took = s.startedAt && s.endedAt ? ` · ${elapsed(s.endedAt - s.startedAt, lang)}` : '';
    const error = s.error ? `\n      ${s.error}` : '';
    const started = s.startedAt ? t('jobs:started', { at: time(s.startedAt, lang) }) : '';
    return `${ICON[s.state] ?? ''} ${s.title} — ${t(`jobs:stepState.${s.state}`)}${started}${took}${error}`;
  });
  const head = t('jobs:head', {
    job: jobNumber(job.id),
    host: d.host,
    card: cardText(d, lang),
    requester: `<@${d.requester}>`,
    at: time(d.createdAt, lang),
    channel: `<#${d.channel}>`,
  });
  return {
    text: t('jobs:text', { job: jobNumber(job.id), card: cardText(d, lang) }),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'section', text: { type: 'mrkdwn', text: (lines.join('\n') || t('jobs:noStep')).slice(0, 3000) } },
    ],
  };
}

export const job: AnswerCommand<z.output<typeof oneId>> = {
  name: 'job',
  usage: 'jobs:job.usage',
  summary: 'jobs:job.summary',
  role: 'admin',
  parse: byId,
  schema: oneId,
  async answer({ id }, { services, t }) {
    const found = await services.jobs.find(id);
    return found ? describeJob(found, t) : notFound(id, t);
  },
};

const PAGE = 20;
const listSchema = z.object({
  which: z.enum(['all', 'mine', 'failed', 'waiting'], { error: english('jobs:errors.which') }),
  page: z.coerce
    .number({ error: english('common:page') })
    .int()
    .min(1, english('common:atLeast', { minimum: 1 }))
    .max(100),
  options: optionProblems,
});

export const jobs: AnswerCommand<z.output<typeof listSchema>> = {
  name: 'jobs',
  usage: 'jobs:list.usage',
  summary: 'jobs:list.summary',
  role: 'admin',
  parse(tokens) {
    const { positionals, values, problems } = splitOptions(tokens, { values: ['page'] });
    if (positionals.length > 1) problems.push(english('jobs:errors.oneWhich'));
    return { which: positionals[0]?.toLowerCase() ?? 'all', page: values.page ?? '1', options: problems };
  },
  schema: listSchema,
  async answer({ which, page }, { services, requester, t }) {
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
      .map((j) => `${jobNumber(j.id)} ${cardText(j.data, t.lang)} — <@${j.data.requester}> · ${time(j.timestamp, t.lang)} · ${j.data.host}`);
    const count = t('jobs:list.count', { count: shown.length });
    const head = `*${which === 'all' ? count : `${count} (${which})`}*${pages > 1 ? t('common:pageOf', { page, pages }) : ''}`;
    const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } });
    if (page < pages)
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: t('common:next', { command: `/exchange jobs ${which === 'all' ? '' : `${which} `}--page ${page + 1}` }) }],
      });
    return { text: head.replace(/\*/g, ''), blocks };
  },
};

/** cancel and retry: find the job, act on it, audit who did what. */
function jobAction(
  name: 'cancel' | 'retry',
  summary: string,
  act: (jobs: CommandServices['jobs'], found: FoundJob, user: string, lang: Language) => Promise<string>,
): AnswerCommand<z.output<typeof oneId>> {
  return {
    name,
    usage: `jobs:${name}.usage`,
    summary,
    role: 'admin',
    parse: byId,
    schema: oneId,
    async answer({ id }, { services, requester, t }) {
      const found = await services.jobs.find(id);
      if (!found) return notFound(id, t);
      const text = await act(services.jobs, found, requester.user, t.lang);
      await services.audit.record({ type: `job.${name}`, job: id, user: requester.user });
      return { text: escapeSlack(text) };
    },
  };
}

export const cancel = jobAction('cancel', 'jobs:cancel.summary', (jobs, found, user, lang) => jobs.cancel(found, user, lang));
export const retry = jobAction('retry', 'jobs:retry.summary', (jobs, found, _user, lang) => jobs.retry(found, lang));
