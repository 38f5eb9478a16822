// offboard: someone leaves. find the mailbox → work out, read-only, every change still to make and
// record the state before it (memberships, forwarding, automatic replies, type) → one approval that
// lists each change by name → the changes, each probed first, so a second offboard changes nothing
// and a worker killed mid-way resumes without doing anything twice → with --remove, a second
// approval, and only after a completed export. The record is kept for `restore`.
import { fileURLToPath } from 'node:url';
import { escapeSlack } from '../../src/chat/escape.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import { translator, type Translate } from '../../src/i18n/i18n.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface OffboardParams {
  identity: string;
  forwardTo?: string;
  keepCopy: boolean;
  grant?: string;
  shared: boolean;
  reply?: string;
  export: boolean;
  remove: boolean;
  /** The deployment profile's export-share (UNC), for --export. */
  exportShare?: string;
  /** --at: the changes wait (after the approval, asked now) until this time, epoch ms. */
  at?: number;
  /** How the requester reads that time ("2026-12-24 17:00 Europe/Paris"). */
  atShown?: string;
}

export type ChangeId = 'disable-sign-in' | 'hide' | 'groups' | 'forward' | 'auto-reply' | 'shared' | 'grant' | 'export' | 'remove';

export interface PlannedChange {
  id: ChangeId;
  groups?: string[];
  to?: string;
  address?: string;
  keepCopy?: boolean;
  text?: string;
  path?: string;
}

/** What the user had before the offboarding: what `restore` puts back. */
export interface OffboardRecord {
  Enabled: boolean;
  HiddenFromAddressListsEnabled: boolean;
  Groups: { Name: string; GroupCategory: string }[];
  ForwardingAddress: string | null;
  DeliverToMailboxAndForward: boolean;
  AutoReplyState: string;
  InternalMessage: string;
  ExternalMessage: string;
  EndTime: string | null;
  RecipientTypeDetails: string;
}

export interface OffboardPlan {
  Name: string;
  Alias: string;
  SamAccountName: string;
  PrimarySmtpAddress: string;
  UserPrincipalName: string;
  Guid: string;
  Record: OffboardRecord;
  Changes: PlannedChange[];
}

/** Each planned change by name, as the approval card lists it (user text escaped), in `t`'s language. */
export function describeChange(c: PlannedChange, t: Translate = translator('en')): string {
  const e = escapeSlack;
  switch (c.id) {
    case 'disable-sign-in':
      return t('offboard:changes.disableSignIn');
    case 'hide':
      return t('offboard:changes.hide');
    case 'groups':
      return t('offboard:changes.groups', { groups: (c.groups ?? []).map(e).join(', ') });
    case 'forward':
      return t(c.keepCopy ? 'offboard:changes.forwardKept' : 'offboard:changes.forward', { to: e(c.to ?? ''), address: e(c.address ?? '') });
    case 'auto-reply':
      return t('offboard:changes.autoReply', { text: e(c.text ?? '') });
    case 'shared':
      return t('offboard:changes.shared');
    case 'grant':
      return t('offboard:changes.grant', { to: e(c.to ?? '') });
    case 'export':
      return t('offboard:changes.export', { path: e(c.path ?? '') });
    case 'remove':
      return t('offboard:changes.remove');
  }
}

export function describePlan(plan: OffboardPlan, t: Translate = translator('en')): string {
  const who = `*${escapeSlack(plan.Name)}* (${escapeSlack(plan.PrimarySmtpAddress)})`;
  return `${t('offboard:planHead', { who })}\n${plan.Changes.map((c, i) => `${i + 1}. ${describeChange(c, t)}`).join('\n')}`;
}

const planOf = (results: Record<string, any>) => results.plan as OffboardPlan | undefined;
const planned = (results: Record<string, any>, id: ChangeId) => planOf(results)?.Changes.find((c) => c.id === id);
/** A step whose change the plan does not hold is skipped: nothing left to do, or not asked. */
const unless = (id: ChangeId, t: Translate) => (results: Record<string, any>) => {
  const plan = planOf(results);
  if (!plan || plan.Changes.length === 0) return t('offboard:nothing');
  return planned(results, id) ? undefined : t('offboard:notNeeded');
};

export const offboardJob = defineJob<OffboardParams>({
  kind: 'offboard',
  role: 'exchange',
  steps(p, _hosts, t = translator('en')) {
    const NOTHING = t('offboard:nothing');
    const params = {
      Identity: p.identity,
      ForwardTo: p.forwardTo ?? '',
      KeepCopy: p.keepCopy,
      Grant: p.grant ?? '',
      Shared: p.shared,
      Reply: p.reply ?? '',
      Export: p.export,
      Remove: p.remove,
      ExportShare: p.exportShare ?? '',
    };
    const change = (
      id: ChangeId,
      title: string,
      outcome: (r: any, results?: Record<string, any>) => string,
      extra: Partial<StepDefinition> = {},
    ): StepDefinition => ({
      id,
      title,
      script: script('invoke-offboard-step'),
      params: { Step: id, ...params },
      probe: { script: script('test-offboard-step'), params: { Step: id, ...params } },
      skipIf: unless(id, t),
      outcome,
      ...extra,
    });
    const steps: StepDefinition[] = [
      findMailboxStep(p.identity, t),
      {
        id: 'plan',
        title: t('offboard:steps.plan'),
        script: script('get-offboard-plan'),
        params,
        recordInAudit: true,
        outcome: (r: OffboardPlan) =>
          r.Changes.length ? t('offboard:outcomes.changes', { count: r.Changes.length, ids: r.Changes.map((c) => c.id).join(', ') }) : NOTHING,
      },
      {
        id: 'approve',
        title: t('offboard:steps.approve'),
        // After the approval, the plan is read again: what runs is what is there now.
        script: script('get-offboard-plan'),
        params,
        skipIf: (results) => (planOf(results)?.Changes.length ? undefined : NOTHING),
        approval: { what: (results) => describePlan(planOf(results)!, t), confirm: true },
        outcome: () => t('offboard:outcomes.approved'),
      },
    ];
    if (p.at) {
      steps.push({
        id: 'wait',
        title: t('offboard:steps.wait', { at: p.atShown ?? new Date(p.at).toISOString() }),
        // When the time has come the plan is read again (read-only): what runs is what is there then.
        script: script('get-offboard-plan'),
        params,
        notBefore: p.at,
        skipIf: (results) => (planOf(results)?.Changes.length ? undefined : NOTHING),
        outcome: (r: OffboardPlan) => t('offboard:outcomes.timeHasCome', { count: r.Changes.length }),
      });
    }
    steps.push(
      change('disable-sign-in', t('offboard:steps.disableSignIn'), () => t('offboard:outcomes.signInDisabled')),
      change('hide', t('offboard:steps.hide'), () => t('offboard:changes.hide')),
      change('groups', t('offboard:steps.groups'), (r: { Removed: string[] }) =>
        r.Removed.length ? t('offboard:outcomes.removedFrom', { groups: r.Removed.join(', ') }) : t('offboard:outcomes.noGroup'),
      ),
    );
    if (p.forwardTo)
      steps.push(
        change('forward', t('forward:steps.forward'), (r: { To: string; Address: string; KeepCopy: boolean }) =>
          t(r.KeepCopy ? 'offboard:outcomes.forwardingKept' : 'offboard:outcomes.forwarding', { to: r.To, address: r.Address }),
        ),
      );
    if (p.reply) steps.push(change('auto-reply', t('offboard:steps.autoReply'), () => t('offboard:outcomes.autoReplyOn')));
    if (p.shared) steps.push(change('shared', t('offboard:steps.shared'), () => t('offboard:changes.shared')));
    if (p.grant) steps.push(change('grant', t('offboard:steps.grant'), (r: { To: string }) => t('offboard:changes.grant', { to: r.To })));
    if (p.export) {
      steps.push(
        change('export', t('offboard:steps.export'), (r: { FilePath: string }) => t('offboard:outcomes.exported', { path: r.FilePath }), {
          timeoutMs: 3_600_000 + 60_000,
          progress: t('offboard:progress.export'),
        }),
      );
    }
    if (p.remove) {
      steps.push(
        change(
          'remove',
          t('offboard:steps.remove'),
          (r: { Name: string; PrimarySmtpAddress: string }) => t('remove-user:outcomes.removed', { name: r.Name, addresses: r.PrimarySmtpAddress }),
          {
            approval: {
              what: (results) => {
                const plan = planOf(results)!;
                const file = results.export?.FilePath as string | undefined;
                const who = `*${escapeSlack(plan.Name)}* (${escapeSlack(plan.PrimarySmtpAddress)})`;
                return file ? t('offboard:approval.removeExported', { who, file: escapeSlack(file) }) : t('offboard:approval.remove', { who });
              },
              confirm: true,
            },
          },
        ),
      );
    }
    return steps;
  },
  async onDone({ settings }, p, results) {
    const plan = results.plan as OffboardPlan | undefined;
    if (!plan || plan.Changes.length === 0 || p.remove) return;
    // Kept for restore under every name a person may use; an earlier record of an account that was
    // already offboarded stays (it holds the state from before the first offboarding).
    const keys = offboardRecordKeys(plan);
    const earlier = await settings.get(keys[0]!);
    if (earlier && !plan.Record.Enabled) return;
    const value = JSON.stringify({
      at: Date.now(),
      name: plan.Name,
      address: plan.PrimarySmtpAddress,
      guid: plan.Guid,
      record: plan.Record,
      granted: p.grant ?? null,
    });
    for (const key of keys) await settings.set(key, value);
  },
});

export const OFFBOARD_RECORD = 'offboarded:';

export function offboardRecordKeys(
  plan: Pick<OffboardPlan, 'Guid' | 'Name' | 'Alias' | 'SamAccountName' | 'PrimarySmtpAddress' | 'UserPrincipalName'>,
): string[] {
  const names = [plan.Guid, plan.Name, plan.Alias, plan.SamAccountName, plan.PrimarySmtpAddress, plan.UserPrincipalName].filter(Boolean);
  return [...new Set(names.map((n) => `${OFFBOARD_RECORD}${n.toLowerCase()}`))];
}
