// deploy plan: every step of the deployment, one line each, with what its read-only probe finds:
// done, to do, manual, blocked (why) or skipped (why). Built from each step's probe and its plan
// hint (jobs/deploy/index.ts), never from step ids or the wording of a skip reason.
import { escapeSlack } from '../../src/chat/escape.ts';
import type { ChatMessage } from '../../src/chat/types.ts';
import type { HostMap } from '../../src/engine/hosts.ts';
import type { DeployParams, DeployStep, ProbeFindings } from './index.ts';

export type PlanState = 'done' | 'to do' | 'manual' | 'blocked' | 'skipped';

const STATE_ICON: Record<PlanState, string> = { done: '✅', 'to do': '▫️', manual: '✋', blocked: '⛔', skipped: '☑️' };

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

export function renderPlan(p: DeployParams, steps: DeployStep[], found: ProbeFindings, hosts: HostMap, unanswered: string[]): ChatMessage {
  const all = withDependentSteps(steps, found);
  const lines = steps.map((s) => {
    const { state, why } = planState(s, all);
    const approval = s.approval ? ' · needs approval' : '';
    const host = hosts.hostFor(s.role ?? 'exchange');
    return `${STATE_ICON[state]} *${s.id}* ${escapeSlack(s.title)} (${host}) — ${state}${why ? `: ${escapeSlack(why.slice(0, 200))}` : ''}${approval}`;
  });
  const head = `*Deployment plan for ${escapeSlack(p.profile.domain!)}*`;
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
  const done = lines.filter((l) => l.includes('— done')).length;
  return { text: `Deployment plan for ${p.profile.domain}: ${done} of ${lines.length} steps done`, blocks };
}
