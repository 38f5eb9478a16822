// offboard: someone leaves. find the mailbox → work out, read-only, every change still to make and
// record the state before it (memberships, forwarding, automatic replies, type) → one approval that
// lists each change by name → the changes, each probed first, so a second offboard changes nothing
// and a worker killed mid-way resumes without doing anything twice → with --remove, a second
// approval, and only after a completed export. The record is kept for `restore`.
import { fileURLToPath } from 'node:url';
import { escapeSlack } from '../../src/chat/escape.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
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

/** Each planned change by name, as the approval card lists it (user text escaped). */
export function describeChange(c: PlannedChange): string {
  const e = escapeSlack;
  switch (c.id) {
    case 'disable-sign-in':
      return 'sign-in disabled (the password reset to a random one nobody sees)';
    case 'hide':
      return 'hidden from address lists';
    case 'groups':
      return `groups removed: ${(c.groups ?? []).map(e).join(', ')} (Domain Users stays)`;
    case 'forward':
      return `forwarding to ${e(c.to ?? '')} &lt;${e(c.address ?? '')}&gt;${c.keepCopy ? ' (copy kept)' : ' (no copy kept)'}`;
    case 'auto-reply':
      return `automatic replies: “${e(c.text ?? '')}”`;
    case 'shared':
      return 'converted to shared';
    case 'grant':
      return `Full Access and Send As for ${e(c.to ?? '')}`;
    case 'export':
      return `PST export to ${e(c.path ?? '')}`;
    case 'remove':
      return 'removal of the mailbox and the account (after the export, with a second approval)';
  }
}

export function describePlan(plan: OffboardPlan): string {
  const who = `*${escapeSlack(plan.Name)}* (${escapeSlack(plan.PrimarySmtpAddress)})`;
  return `Offboard ${who}:\n${plan.Changes.map((c, i) => `${i + 1}. ${describeChange(c)}`).join('\n')}`;
}

const planOf = (results: Record<string, any>) => results.plan as OffboardPlan | undefined;
const planned = (results: Record<string, any>, id: ChangeId) => planOf(results)?.Changes.find((c) => c.id === id);
const NOTHING = 'nothing to change';
/** A step whose change the plan does not hold is skipped: nothing left to do, or not asked. */
const unless = (id: ChangeId) => (results: Record<string, any>) => {
  const plan = planOf(results);
  if (!plan || plan.Changes.length === 0) return NOTHING;
  return planned(results, id) ? undefined : 'not needed';
};

export const offboardJob = defineJob<OffboardParams>({
  kind: 'offboard',
  role: 'exchange',
  steps(p) {
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
      skipIf: unless(id),
      outcome,
      ...extra,
    });
    const steps: StepDefinition[] = [
      findMailboxStep(p.identity),
      {
        id: 'plan',
        title: 'Work out what will change (and record what is there now)',
        script: script('get-offboard-plan'),
        params,
        recordInAudit: true,
        outcome: (r: OffboardPlan) =>
          r.Changes.length ? `${r.Changes.length} change${r.Changes.length === 1 ? '' : 's'}: ${r.Changes.map((c) => c.id).join(', ')}` : NOTHING,
      },
      {
        id: 'approve',
        title: 'Approve the changes',
        // After the approval, the plan is read again: what runs is what is there now.
        script: script('get-offboard-plan'),
        params,
        skipIf: (results) => (planOf(results)?.Changes.length ? undefined : NOTHING),
        approval: { what: (results) => describePlan(planOf(results)!), confirm: true },
        outcome: () => 'approved',
      },
    ];
    if (p.at) {
      steps.push({
        id: 'wait',
        title: `Wait until ${p.atShown ?? new Date(p.at).toISOString()}`,
        // When the time has come the plan is read again (read-only): what runs is what is there then.
        script: script('get-offboard-plan'),
        params,
        notBefore: p.at,
        skipIf: (results) => (planOf(results)?.Changes.length ? undefined : NOTHING),
        outcome: (r: OffboardPlan) => `the time has come; ${r.Changes.length} change${r.Changes.length === 1 ? '' : 's'} still to make`,
      });
    }
    steps.push(
      change('disable-sign-in', 'Disable sign-in and reset the password', () => 'sign-in disabled; the new password was seen by nobody'),
      change('hide', 'Hide from the address lists', () => 'hidden from address lists'),
      change('groups', 'Remove group memberships', (r: { Removed: string[] }) =>
        r.Removed.length ? `removed from ${r.Removed.join(', ')}` : 'no group to remove',
      ),
    );
    if (p.forwardTo)
      steps.push(
        change(
          'forward',
          'Forward the mail',
          (r: { To: string; Address: string; KeepCopy: boolean }) => `forwarding to ${r.To} <${r.Address}>${r.KeepCopy ? ' (copy kept)' : ''}`,
        ),
      );
    if (p.reply) steps.push(change('auto-reply', 'Turn automatic replies on', () => 'automatic replies on'));
    if (p.shared) steps.push(change('shared', 'Convert to a shared mailbox', () => 'converted to shared'));
    if (p.grant) steps.push(change('grant', 'Give Full Access and Send As', (r: { To: string }) => `Full Access and Send As for ${r.To}`));
    if (p.export) {
      steps.push(
        change('export', 'Export to a PST file', (r: { FilePath: string }) => `exported to ${r.FilePath}`, {
          timeoutMs: 3_600_000 + 60_000,
          progress: 'the export is running',
        }),
      );
    }
    if (p.remove) {
      steps.push(
        change(
          'remove',
          'Remove the mailbox and the account',
          (r: { Name: string; PrimarySmtpAddress: string }) => `removed ${r.Name}'s mailbox (${r.PrimarySmtpAddress}) and account`,
          {
            approval: {
              what: (results) => {
                const plan = planOf(results)!;
                const file = results.export?.FilePath as string | undefined;
                return `Delete the mailbox and the account of *${escapeSlack(plan.Name)}* (${escapeSlack(plan.PrimarySmtpAddress)})${file ? `; its mail is exported to ${escapeSlack(file)}` : ''}. This cannot be undone.`;
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
