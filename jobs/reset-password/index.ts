// reset-password: find the mailbox → set a new password (made on the worker) that the requester
// gets privately; by default the account must change it at its next sign-in.
import { fileURLToPath } from 'node:url';
import { codeSpan, escapeSlack } from '../../src/chat/escape.ts';
import { defineJob } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { findMailboxStep } from '../user-card/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface ResetPasswordParams {
  identity: string;
  changeAtLogon: boolean;
}

interface Reset {
  Name: string;
  PrimarySmtpAddress: string;
  UserPrincipalName: string;
  Enabled: boolean;
  LockedOut: boolean;
}

export const resetPasswordJob = defineJob<ResetPasswordParams>({
  kind: 'reset-password',
  role: 'exchange',
  steps: ({ identity, changeAtLogon }, _hosts, t = translator('en')) => [
    findMailboxStep(identity, t),
    {
      id: 'reset-password',
      title: t('reset-password:title'),
      script: script('reset-user-password'),
      params: { Identity: identity, ChangePasswordAtLogon: changeAtLogon },
      generatedSecret: {
        param: 'Password',
        // The requester's own message, in their language (`mine`).
        deliver: (secret, r: Reset, mine) => ({
          text: mine(changeAtLogon ? 'reset-password:passwordChange' : 'reset-password:password', {
            name: escapeSlack(r.Name),
            address: escapeSlack(r.PrimarySmtpAddress),
            upn: escapeSlack(r.UserPrincipalName),
            password: codeSpan(secret),
          }),
        }),
      },
      outcome: (r: Reset) =>
        t(changeAtLogon ? 'reset-password:outcomes.sentChange' : 'common:sentPrivately') +
        `${r.LockedOut ? t('reset-password:outcomes.lockedOut') : ''}${r.Enabled ? '' : t('reset-password:outcomes.disabled')}`,
    },
  ],
});
