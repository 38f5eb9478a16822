// The approval card in a job's thread: what will happen, where, who asked, and Approve / Deny
// buttons (with Slack's confirm dialog for reboots and deletions). On every outcome the buttons
// are replaced by who decided and when. It is in the thread, so in the channel's language (the
// job's, kept on the approval); what a clicker is told privately is in theirs.
import { slackTime, withoutDateTokens } from '../../chat/slack-time.ts';
import type { ChatMessage } from '../../chat/types.ts';
import { type Language, translator } from '../../i18n/i18n.ts';
import type { Approval } from './gate.ts';
import { elapsed } from '../job-card.ts';

export const APPROVE_ACTION = 'approval:approve';
export const DENY_ACTION = 'approval:deny';

/** 30 minutes, 1 hour, 3 seconds, 1 min 30 s (in `lang`). */
export function timeoutWords(ms: number, lang: Language = 'en'): string {
  const t = translator(lang);
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) return t('approvals:hours', { count: s / 3600 });
  if (s % 60 === 0) return t('approvals:minutes', { count: s / 60 });
  if (s < 60) return t('approvals:seconds', { count: s });
  return elapsed(ms, lang);
}

/** The language of an approval's card: the job's channel language when it was asked. */
export function approvalLanguage(approval: { language?: Language }): Language {
  return approval.language ?? 'en';
}

/** Who decided and when ("Approved by @ann at 14:02"), in `lang` (the card's by default). */
export function outcomeLine(approval: Approval, lang: Language = approvalLanguage(approval)): string {
  const t = translator(lang);
  const at = slackTime(approval.decidedAt ?? Date.now(), 'time', lang);
  const by = `<@${approval.decidedBy}>`;
  switch (approval.state) {
    case 'approved':
      return approval.kind === 'manual' ? t('approvals:outcome.markedDone', { by, at }) : t('approvals:outcome.approved', { by, at });
    case 'denied':
      return t('approvals:outcome.denied', { by, at });
    case 'expired':
      return t('approvals:outcome.expired', { within: timeoutWords(approval.expiresAt - approval.createdAt, lang) });
    default:
      return t('approvals:outcome.waiting');
  }
}

export function renderApprovalCard(approval: Approval): ChatMessage {
  const lang = approvalLanguage(approval);
  const t = translator(lang);
  const manual = approval.kind === 'manual';
  const head = manual ? t('approvals:card.manualHead', { what: approval.what }) : t('approvals:card.head', { what: approval.what });
  const requester = `<@${approval.requester}>`;
  const context = t('approvals:card.context', { host: approval.host, requester, expires: slackTime(approval.expiresAt, 'time', lang) });
  if (approval.state !== 'pending') {
    const outcome = outcomeLine(approval, lang);
    return {
      text: t('approvals:card.decidedText', { outcome: withoutDateTokens(outcome), what: approval.what }),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `${approval.what}\n*${outcome}*` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: t('approvals:card.decidedContext', { host: approval.host, requester }) }] },
      ],
    };
  }
  const confirm = approval.confirm
    ? {
        confirm: {
          title: { type: 'plain_text', text: t('approvals:confirm.title') },
          text: { type: 'mrkdwn', text: approval.what.slice(0, 300) },
          confirm: { type: 'plain_text', text: t('approvals:confirm.yes') },
          deny: { type: 'plain_text', text: t('approvals:confirm.no') },
        },
      }
    : {};
  return {
    text: manual ? t('approvals:card.manualText', { what: approval.what.split('\n')[0] }) : t('approvals:card.text', { what: approval.what }),
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
            text: { type: 'plain_text', text: manual ? t('approvals:button.done') : t('approvals:button.approve') },
            ...confirm,
          },
          {
            type: 'button',
            action_id: DENY_ACTION,
            value: approval.id,
            style: 'danger',
            text: { type: 'plain_text', text: manual ? t('approvals:button.stop') : t('approvals:button.deny') },
          },
        ],
      },
    ],
  };
}
