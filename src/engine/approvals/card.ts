// The approval card in a job's thread: what will happen, where, who asked, and Approve / Deny
// buttons (with Slack's confirm dialog for reboots and deletions). On every outcome the buttons
// are replaced by who decided and when.
import { slackTime, withoutDateTokens } from '../../chat/slack-time.ts';
import type { ChatMessage } from '../../chat/types.ts';
import type { Approval } from './gate.ts';
import { elapsed } from '../job-card.ts';

export const APPROVE_ACTION = 'approval:approve';
export const DENY_ACTION = 'approval:deny';

export function timeoutWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  if (s % 60 === 0) return `${s / 60} minute${s === 60 ? '' : 's'}`;
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  return elapsed(ms);
}

export function outcomeLine(approval: Approval): string {
  const at = slackTime(approval.decidedAt ?? Date.now());
  switch (approval.state) {
    case 'approved':
      return approval.kind === 'manual' ? `Marked done by <@${approval.decidedBy}> at ${at}` : `Approved by <@${approval.decidedBy}> at ${at}`;
    case 'denied':
      return `Denied by <@${approval.decidedBy}> at ${at}`;
    case 'expired':
      return `Expired: no decision within ${timeoutWords(approval.expiresAt - approval.createdAt)}`;
    default:
      return 'Waiting for a decision';
  }
}

export function renderApprovalCard(approval: Approval): ChatMessage {
  const manual = approval.kind === 'manual';
  const head = manual
    ? `*To do by hand:* ${approval.what}\nPress *Done* when it is done: the bot checks it before going on.`
    : `*Approval needed:* ${approval.what}`;
  const context = `Host ${approval.host} · asked by <@${approval.requester}> · expires ${slackTime(approval.expiresAt)}`;
  if (approval.state !== 'pending') {
    const outcome = outcomeLine(approval);
    return {
      text: `${withoutDateTokens(outcome)}: ${approval.what}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `${approval.what}\n*${outcome}*` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Host ${approval.host} · asked by <@${approval.requester}>` }] },
      ],
    };
  }
  const confirm = approval.confirm
    ? {
        confirm: {
          title: { type: 'plain_text', text: 'Are you sure?' },
          text: { type: 'mrkdwn', text: approval.what.slice(0, 300) },
          confirm: { type: 'plain_text', text: 'Yes, go ahead' },
          deny: { type: 'plain_text', text: 'Cancel' },
        },
      }
    : {};
  return {
    text: manual ? `To do by hand: ${approval.what.split('\n')[0]}` : `Approval needed: ${approval.what}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head.slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
      {
        type: 'actions',
        block_id: `approval:${approval.id}`,
        elements: [
          {
            type: 'button',
            action_id: APPROVE_ACTION,
            value: approval.id,
            style: 'primary',
            text: { type: 'plain_text', text: manual ? 'Done' : 'Approve' },
            ...confirm,
          },
          { type: 'button', action_id: DENY_ACTION, value: approval.id, style: 'danger', text: { type: 'plain_text', text: manual ? 'Stop the run' : 'Deny' } },
        ],
      },
    ],
  };
}
