// The job's card: the channel message that is the root of its thread, and the job's live view. Its
// text is one line that starts with the state ("Running (step 2 of 4): add-user Frank (2 GB)"); its
// blocks hold the checklist, one line per step with its state and outcome, updated in place.
import { slackTime } from '../chat/slack-time.ts';
import type { ChatMessage } from '../chat/types.ts';
import type { JobData, StepRecord } from './job-data.ts';

const ICON: Record<StepRecord['state'], string> = { pending: '▫️', running: '⏳', done: '✅', skipped: '☑️', failed: '❌' };

export function jobNumber(jobId: string): string {
  return `#${jobId.replace(/^job-/, '')}`;
}

export function stateLine(data: JobData): string {
  const total = data.steps.length;
  const current = data.steps.findIndex((s) => s.state === 'running' || s.state === 'pending');
  switch (data.state) {
    case 'queued':
      return 'Queued';
    case 'running':
      return total ? `Running (step ${current < 0 ? total : current + 1} of ${total})` : 'Running';
    case 'waiting':
      return 'Waiting for approval';
    case 'scheduled':
      return `Waiting, scheduled for ${data.scheduledFor ? slackTime(data.scheduledFor, 'auto') : 'later'}`;
    case 'done':
      return 'Done';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

export function elapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function cardText(data: JobData): string {
  const took = data.state === 'done' && data.startedAt && data.endedAt ? ` in ${elapsed(data.endedAt - data.startedAt)}` : '';
  return `${stateLine(data)}: ${data.summary}${took}`;
}

export function renderCard(jobId: string, data: JobData): ChatMessage {
  const text = cardText(data);
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Job ${jobNumber(jobId)} on ${data.host} · asked by <@${data.requester}>` }] },
  ];
  // The checklist, in sections of at most 3000 characters (Slack's limit for a section's text).
  let section: string[] = [];
  const flush = () => {
    if (section.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: section.join('\n') } });
    section = [];
  };
  for (const [i, step] of data.steps.entries()) {
    const line = stepLine(i, data.steps.length, step).slice(0, 600);
    if (section.join('\n').length + line.length + 1 > 3000) flush();
    section.push(line);
  }
  flush();
  const failed = data.steps.find((s) => s.state === 'failed');
  if (data.state === 'failed' && failed?.error) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${failed.title}* failed: ${failed.error}`.slice(0, 3000) } });
  }
  return { text, blocks };
}

/** A step's line on the card's checklist (and a failure's record in the thread). */
export function stepLine(index: number, total: number, step: StepRecord): string {
  const head = `${ICON[step.state]} ${index + 1}/${total} ${step.title}`;
  if (step.state === 'pending') return head;
  if (step.state === 'running') return `${head}…${step.note ? ` ${step.note}` : ''}`;
  if (step.state === 'failed') return `${head}: failed. ${step.error ?? ''}`.trim();
  if (step.state === 'skipped') return `${head}: already done${step.outcome ? ` (${step.outcome})` : ''}`;
  const took = step.startedAt && step.endedAt ? ` (${elapsed(step.endedAt - step.startedAt)})` : '';
  return `${head}: ${step.outcome ?? 'done'}${took}`;
}
