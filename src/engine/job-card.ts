// The job's card: the channel message that is the root of its thread. Its text is one line that
// starts with the state ("Running (step 2 of 4): add-user Frank (2 GB)"); its blocks add a checklist.
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
  if (data.steps.length) {
    const list = data.steps.map((s) => `${ICON[s.state]} ${s.title}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: list.slice(0, 3000) } });
  }
  const failed = data.steps.find((s) => s.state === 'failed');
  if (data.state === 'failed' && failed?.error) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${failed.title}* failed: ${failed.error}`.slice(0, 3000) } });
  }
  return { text, blocks };
}

/** A step's line in the thread. */
export function stepLine(index: number, total: number, step: StepRecord): string {
  const head = `${ICON[step.state]} ${index + 1}/${total} ${step.title}`;
  if (step.state === 'running') return `${head}…`;
  if (step.state === 'failed') return `${head}: failed. ${step.error ?? ''}`.trim();
  if (step.state === 'skipped') return `${head}: already done${step.outcome ? ` (${step.outcome})` : ''}`;
  const took = step.startedAt && step.endedAt ? ` (${elapsed(step.endedAt - step.startedAt)})` : '';
  return `${head}: ${step.outcome ?? 'done'}${took}`;
}
