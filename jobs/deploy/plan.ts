// deploy plan: every step of the deployment, one line each, with what its read-only probe finds:
// done, to do, manual, blocked (why) or skipped (why). Built from each step's probe and its plan
// hint (jobs/deploy/index.ts), never from step ids or the wording of a skip reason.
import { escapeSlack } from '../../src/chat/escape.ts';
import type { ChatMessage } from '../../src/chat/types.ts';
import type { HostMap } from '../../src/engine/hosts.ts';
import { say, translator, type Translate } from '../../src/i18n/i18n.ts';
import type { DeployParams, DeployStep, ProbeFindings } from './index.ts';

export type PlanState = 'done' | 'to do' | 'manual' | 'blocked' | 'skipped';

const STATE_ICON: Record<PlanState, string> = { done: '✅', 'to do': '▫️', manual: '✋', blocked: '⛔', skipped: '☑️' };
const STATE_KEY: Record<PlanState, string> = { done: 'done', 'to do': 'toDo', manual: 'manual', blocked: 'blocked', skipped: 'skipped' };

/** One step's state in the plan, and why. */
export function planState(step: DeployStep, found: ProbeFindings): { state: PlanState; why: string } {
  const hint = step.plan ?? {};
  const probe = found[step.id];
  if (hint.done) return { state: 'done', why: '' };
  const skip = hint.when ? undefined : step.skipIf?.({});
  if (skip) return { state: 'skipped', why: skip };
  if (hint.guard && probe && !probe.done) return { state: 'blocked', why: probe.error ?? probe.detail ?? '' };
  if (probe?.done) return { state: 'done', why: '' };
  const byHand = step.manual && (!step.manual.onlyWhenProbeSays || probe?.manual);
  if (byHand) return { state: 'manual', why: hint.byHand ?? '' };
  if (probe?.error && hint.needs && !found[hint.needs.step]?.done) return { state: 'to do', why: hint.needs.words };
  if (probe?.error) return { state: 'blocked', why: probe.error };
  if (!probe && hint.when) return { state: 'to do', why: hint.when };
  return { state: 'to do', why: '' };
}

/** Steps without a check of their own are done when what they follow is done (or not part of it). */
export function withDependentSteps(steps: DeployStep[], found: ProbeFindings): ProbeFindings {
  const out = { ...found };
  for (const step of steps) {
    const deps = step.plan?.doneWith;
    if (!deps) continue;
    if (deps.every((id) => out[id]?.done || steps.find((s) => s.id === id)?.skipIf?.({}))) out[step.id] = { done: true };
  }
  return out;
}

/** The plan, in `t`'s language (the steps' own words come in it too: deploySteps with the same `t`). */
export function renderPlan(
  p: DeployParams,
  steps: DeployStep[],
  found: ProbeFindings,
  hosts: HostMap,
  unanswered: string[],
  t: Translate = translator('en'),
): ChatMessage {
  const all = withDependentSteps(steps, found);
  const states = steps.map((s) => planState(s, all));
  const lines = steps.map((s, i) => {
    const { state, why } = states[i]!;
    const approval = s.approval ? t('deploy:plan.needsApproval') : '';
    const host = hosts.hostFor(s.role ?? 'exchange');
    // A probe's words come from its script (a message reference): written out in the plan's language.
    const reason = why ? `: ${escapeSlack(say(t.lang, why).slice(0, 200))}` : '';
    return `${STATE_ICON[state]} *${s.id}* ${escapeSlack(s.title)} (${host}) — ${t(`deploy:plan.state.${STATE_KEY[state]}`)}${reason}${approval}`;
  });
  const head = `*${t('deploy:plan.head', { domain: escapeSlack(p.profile.domain!) })}*`;
  const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (let i = 0; i < lines.length; i += 12)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: lines
          .slice(i, i + 12)
          .join('\n')
          .slice(0, 3000),
      },
    });
  if (unanswered.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escapeSlack(unanswered.join('; '))}` } });
  const done = states.filter((s) => s.state === 'done').length;
  return { text: t('deploy:plan.text', { domain: p.profile.domain, done, total: lines.length }), blocks };
}
