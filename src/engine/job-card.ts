// The job's card: the channel message that is the root of its thread, and the job's live view. Its
// text is one line that starts with the state ("Running (step 2 of 4): add-user Frank (2 GB)"); its
// blocks hold the checklist, one line per step with its state and outcome, updated in place.
// The card speaks the channel's language (CHANNEL_LANGUAGE when the job was asked for).
import { slackTime } from '../chat/slack-time.ts';
import type { ChatMessage } from '../chat/types.ts';
import { formatElapsed, type Language, translator, type Translate } from '../i18n/i18n.ts';
import type { JobData, StepRecord } from './job-data.ts';

const ICON: Record<StepRecord['state'], string> = { pending: '▫️', running: '⏳', done: '✅', skipped: '☑️', failed: '❌' };

export function jobNumber(jobId: string): string {
  return `#${jobId.replace(/^job-/, '')}`;
}

/** The language of a job's card and thread. */
export function cardLanguage(data: Pick<JobData, 'channelLanguage'>): Language {
  return data.channelLanguage ?? 'en';
}

export function stateLine(data: JobData, lang: Language = cardLanguage(data)): string {
  const t = translator(lang);
  const total = data.steps.length;
  const current = data.steps.findIndex((s) => s.state === 'running' || s.state === 'pending');
  switch (data.state) {
    case 'queued':
      return t('cards:state.queued');
    case 'running':
      return total ? t('cards:state.runningStep', { step: current < 0 ? total : current + 1, total }) : t('cards:state.running');
    case 'waiting':
      return t('cards:state.waiting');
    case 'scheduled':
      return data.scheduledFor ? t('cards:state.scheduled', { at: slackTime(data.scheduledFor, 'auto', lang) }) : t('cards:state.scheduledLater');
    case 'done':
      return t('cards:state.done');
    case 'failed':
      return t('cards:state.failed');
    case 'cancelled':
      return t('cards:state.cancelled');
  }
}

/** 1.4 s, 2 min 10 s (1,4 s in French). */
export function elapsed(ms: number, lang: Language = 'en'): string {
  return formatElapsed(ms, lang);
}

/** "Done: add-user Frank (2 GB) in 0.7 s", in `lang` (the card's by default; the summary is the card's). */
export function cardText(data: JobData, lang: Language = cardLanguage(data)): string {
  const t = translator(lang);
  const state = stateLine(data, lang);
  if (data.state === 'done' && data.startedAt && data.endedAt)
    return t('cards:textTook', { state, summary: data.summary, took: elapsed(data.endedAt - data.startedAt, lang) });
  return t('cards:text', { state, summary: data.summary });
}

export function renderCard(jobId: string, data: JobData): ChatMessage {
  const lang = cardLanguage(data);
  const t = translator(lang);
  const text = cardText(data, lang);
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: t('cards:context', { job: jobNumber(jobId), host: data.host, requester: `<@${data.requester}>` }) }],
    },
  ];
  // The checklist, in sections of at most 3000 characters (Slack's limit for a section's text).
  let section: string[] = [];
  const flush = () => {
    if (section.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: section.join('\n') } });
    section = [];
  };
  for (const [i, step] of data.steps.entries()) {
    const line = stepLine(i, data.steps.length, step, t).slice(0, 600);
    if (section.join('\n').length + line.length + 1 > 3000) flush();
    section.push(line);
  }
  flush();
  const failed = data.steps.find((s) => s.state === 'failed');
  if (data.state === 'failed' && failed?.error) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('cards:failure', { title: failed.title, error: failed.error }).slice(0, 3000) } });
  }
  return { text, blocks };
}

/** A step's line on the card's checklist (and a failure's record in the thread), in `t`'s language. */
export function stepLine(index: number, total: number, step: StepRecord, t: Translate = translator('en')): string {
  const head = `${ICON[step.state]} ${index + 1}/${total} ${step.title}`;
  if (step.state === 'pending') return head;
  if (step.state === 'running') return `${head}…${step.note ? ` ${step.note}` : ''}`;
  if (step.state === 'failed') return t('cards:step.failed', { head, error: step.error ?? '' }).trim();
  if (step.state === 'skipped') return step.outcome ? t('cards:step.skippedWhy', { head, why: step.outcome }) : t('cards:step.skipped', { head });
  const took = step.startedAt && step.endedAt ? ` (${elapsed(step.endedAt - step.startedAt, t.lang)})` : '';
  return `${t('cards:step.done', { head, outcome: step.outcome ?? t('cards:done') })}${took}`;
}
