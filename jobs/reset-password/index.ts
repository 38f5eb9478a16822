// reset-password: find the mailbox → set a new password (made on the worker) that the requester
// gets privately; by default the account must change it at its next sign-in.
import { fileURLToPath } from 'node:url';
import { codeSpan, escapeSlack } from '../../src/chat/escape.ts';
import { defineJob } from '../../src/engine/job-definition.ts';
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
  steps: ({ identity, changeAtLogon }) => [
    findMailboxStep(identity),
    {
      id: 'reset-password',
      title: 'Reset the password and send it privately',
      script: script('reset-user-password'),
      params: { Identity: identity, ChangePasswordAtLogon: changeAtLogon },
      generatedSecret: {
        param: 'Password',
        deliver: (secret, r: Reset) => ({
          text:
            `New password for *${escapeSlack(r.Name)}* (${escapeSlack(r.PrimarySmtpAddress)}, sign-in ${escapeSlack(r.UserPrincipalName)}): ${codeSpan(secret)}\n` +
            `${changeAtLogon ? 'They must change it at their next sign-in. ' : ''}Pass it on in person; only you can see this message.`,
        }),
      },
      outcome: (r: Reset) =>
        `sent to the requester privately${changeAtLogon ? '; it must be changed at the next sign-in' : ''}` +
        `${r.LockedOut ? ' (the account is still locked out: unlock it too)' : ''}${r.Enabled ? '' : ' (sign-in is disabled for this account)'}`,
    },
  ],
});
