// restore: undo an offboarding that kept the account, from what it recorded: mailbox type, sign-in
// (a new password goes privately to the requester, to be changed at the next sign-in), address
// lists, groups, forwarding, automatic replies. Each step probed: a second restore changes nothing.
import { fileURLToPath } from 'node:url';
import { codeSpan, escapeSlack } from '../../src/chat/escape.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
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
  steps({ identity, record }, _hosts, t = translator('en')) {
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
      findMailboxStep(identity, t),
      step('type', t('restore:steps.type'), () => t('restore:outcomes.type')),
      step('sign-in', t('restore:steps.signIn'), () => t('restore:outcomes.signIn'), {
        generatedSecret: {
          param: 'Password',
          // The requester's own message, in their language (`mine`).
          deliver: (secret, r: { Name: string; PrimarySmtpAddress: string; UserPrincipalName: string }, mine) => ({
            text: mine('reset-password:passwordChange', {
              name: escapeSlack(r.Name),
              address: escapeSlack(r.PrimarySmtpAddress),
              upn: escapeSlack(r.UserPrincipalName),
              password: codeSpan(secret),
            }),
          }),
        },
      }),
      step('unhide', t('restore:steps.unhide'), (r: { Hidden: boolean }) => (r.Hidden ? t('restore:outcomes.hidden') : t('restore:outcomes.shown'))),
      step('groups', t('restore:steps.groups'), (r: { Added: string[] }) =>
        r.Added.length ? t('restore:outcomes.backIn', { groups: r.Added.join(', ') }) : t('restore:outcomes.noGroup'),
      ),
      step('forward', t('restore:steps.forward'), (r: { To: string | null }) =>
        r.To ? t('restore:outcomes.forwarding', { to: r.To }) : t('restore:outcomes.noForwarding'),
      ),
      step('auto-reply', t('restore:steps.autoReply'), (r: { AutoReplyState: string }) =>
        t('restore:outcomes.autoReply', { state: r.AutoReplyState === 'Disabled' ? t('restore:outcomes.off') : r.AutoReplyState }),
      ),
    ];
  },
});
