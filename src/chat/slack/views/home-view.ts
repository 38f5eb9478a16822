// The App Home tab: the servers' status, the approvals waiting (with their buttons only for someone
// who may decide them), buttons that open the forms, and the user's own recent jobs.
import type { Block } from '../../types.ts';
import { renderApprovalCard } from '../../../engine/approvals/card.ts';
import type { Approval } from '../../../engine/approvals/gate.ts';
import { type Language, t } from '../../../i18n/i18n.ts';

/** A Home button's action_id starts with this; the rest is the command whose form it opens. */
export const FORM_OPEN_ACTION = 'form:open:';
/** Home holds 100 blocks; a few approvals is what a person can act on at once. */
const MAX_APPROVALS = 10;

export interface HomeContent {
  user: string;
  status: Block[];
  approvals: { approval: Approval; mayDecide: boolean }[];
  forms: { command: string; title: string }[];
  /** One line per recent job of the user's, newest first. */
  jobs: string[];
}

const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } });
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });

/** An approval as its thread shows it; without its buttons for someone who may not decide it. */
function approvalBlocks({ approval, mayDecide }: HomeContent['approvals'][number], user: string, lang: Language): Block[] {
  const card = (renderApprovalCard(approval).blocks ?? []).filter((b) => mayDecide || b.type !== 'actions');
  if (mayDecide) return card;
  const why = approval.requester === user ? t(lang, 'home:yourRequest') : t(lang, 'home:notYours');
  return [...card, { type: 'context', elements: [{ type: 'mrkdwn', text: why }] }];
}

export function homeView(c: HomeContent, lang: Language): Record<string, unknown> {
  // Shown: what this user may decide, and their own requests (waiting for someone else).
  const shown = c.approvals.filter((a) => a.mayDecide || a.approval.requester === c.user).slice(0, MAX_APPROVALS);
  const blocks: Block[] = [
    header(t(lang, 'home:servers')),
    ...c.status.slice(0, 40),
    header(t(lang, 'home:approvals')),
    ...(shown.length
      ? shown.flatMap((a, i) => [...(i ? [{ type: 'divider' }] : []), ...approvalBlocks(a, c.user, lang)])
      : [section(t(lang, 'home:noApprovals'))]),
  ];
  if (c.forms.length) {
    blocks.push(header(t(lang, 'home:forms')), {
      type: 'actions',
      block_id: 'forms',
      elements: c.forms.slice(0, 25).map((f) => ({
        type: 'button',
        action_id: `${FORM_OPEN_ACTION}${f.command}`,
        value: f.command,
        text: { type: 'plain_text', text: f.title.slice(0, 75) },
      })),
    });
  }
  blocks.push(header(t(lang, 'home:recentJobs')), section(c.jobs.length ? c.jobs.join('\n') : t(lang, 'home:noJobs')));
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
