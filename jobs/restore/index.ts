// restore: undo an offboarding that kept the account, from what it recorded: mailbox type, sign-in
// (a new password goes privately to the requester, to be changed at the next sign-in), address
// lists, groups, forwarding, automatic replies. Each step probed: a second restore changes nothing.
import { fileURLToPath } from 'node:url';
import { codeSpan, escapeSlack } from '../../src/chat/escape.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import type { OffboardRecord } from '../offboard/index.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface RestoreParams {
  identity: string;
  record: OffboardRecord;
}

type RestoreStep = 'type' | 'sign-in' | 'unhide' | 'groups' | 'forward' | 'auto-reply';

export const restoreJob = defineJob<RestoreParams>({
  kind: 'restore',
  role: 'exchange',
  steps({ identity, record }) {
    const step = (id: RestoreStep, title: string, outcome: (r: any) => string, extra: Partial<StepDefinition> = {}): StepDefinition => ({
      id,
      title,
      script: script('invoke-restore-step'),
      params: { Step: id, Identity: identity, Record: record },
      probe: { script: script('test-restore-step'), params: { Step: id, Identity: identity, Record: record } },
      outcome,
      ...extra,
    });
    return [
      findMailboxStep(identity),
      step('type', 'Make it a user mailbox again', () => 'a user mailbox again'),
      step(
        'sign-in',
        'Enable sign-in with a new password, sent privately',
        () => 'sign-in enabled; the new password went to the requester privately (to be changed at the next sign-in)',
        {
          generatedSecret: {
            param: 'Password',
            deliver: (secret, r: { Name: string; PrimarySmtpAddress: string; UserPrincipalName: string }) => ({
              text:
                `New password for *${escapeSlack(r.Name)}* (${escapeSlack(r.PrimarySmtpAddress)}, sign-in ${escapeSlack(r.UserPrincipalName)}): ${codeSpan(secret)}\n` +
                'They must change it at their next sign-in. Pass it on in person; only you can see this message.',
            }),
          },
        },
      ),
      step('unhide', 'Show in the address lists again', (r: { Hidden: boolean }) => (r.Hidden ? 'hidden, as recorded' : 'shown in the address lists')),
      step('groups', 'Put back the group memberships', (r: { Added: string[] }) => (r.Added.length ? `back in ${r.Added.join(', ')}` : 'no group to put back')),
      step('forward', 'Put back the forwarding', (r: { To: string | null }) => (r.To ? `forwarding to ${r.To}, as recorded` : 'no forwarding, as recorded')),
      step(
        'auto-reply',
        'Put back the automatic replies',
        (r: { AutoReplyState: string }) => `automatic replies ${r.AutoReplyState === 'Disabled' ? 'off' : r.AutoReplyState}`,
      ),
    ];
  },
});
