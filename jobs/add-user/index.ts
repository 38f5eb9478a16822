// add-user: check the name is free → create the mailbox (and its AD account) → set the quota →
// set the initial password and send it privately to the requester.
// The account is created with a random password that never leaves PowerShell; the one the requester
// gets is made by the last step, so a worker that dies between two steps never loses it.
import { fileURLToPath } from 'node:url';
import { codeSpan, escapeSlack } from '../../src/chat/escape.ts';
import type { JobDefinition } from '../../src/engine/job-definition.ts';
import { describeQuota, quotaLimits, type Quota } from '../../src/exchange/size.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface AddUserParams {
  name: string;
  alias: string;
  samAccountName: string;
  quota: Quota;
}

export const addUserJob: JobDefinition<AddUserParams> = {
  kind: 'add-user',
  steps(p) {
    const limits = quotaLimits(p.quota);
    return [
      {
        id: 'check-free',
        title: 'Check the name is free',
        script: script('test-name-free'),
        params: { Name: p.name, Alias: p.alias, SamAccountName: p.samAccountName },
        outcome: () => `${p.name} is free`,
      },
      {
        id: 'create-mailbox',
        title: 'Create the mailbox',
        script: script('new-user-mailbox'),
        params: { Name: p.name, Alias: p.alias, SamAccountName: p.samAccountName },
        probe: { script: script('test-mailbox'), params: { Alias: p.alias } },
        outcome: (r: { PrimarySmtpAddress: string }) => `created ${p.name} <${r.PrimarySmtpAddress}>`,
      },
      {
        id: 'set-quota',
        title: 'Set the quota',
        script: script('set-quota'),
        params: { Identity: p.alias, ...limits },
        probe: { script: script('test-quota'), params: { Identity: p.alias, ...limits } },
        outcome: () =>
          p.quota.unlimited
            ? 'no size limit'
            : `${describeQuota(p.quota)} (warning at 90%, sending stops at 95%, receiving at 100%)`,
      },
      {
        id: 'initial-password',
        title: 'Send the initial password privately',
        script: script('set-initial-password'),
        params: { Identity: p.samAccountName, Alias: p.alias },
        generatedSecret: {
          param: 'Password',
          deliver: (secret, r: { PrimarySmtpAddress: string; UserPrincipalName: string }) => ({
            text:
              `Initial password for *${escapeSlack(p.name)}* (${escapeSlack(r.PrimarySmtpAddress)}, ` +
              `sign-in ${escapeSlack(r.UserPrincipalName)}): ${codeSpan(secret)}\n` +
              'Pass it on in person; only you can see this message.',
          }),
        },
        outcome: () => 'sent to the requester privately',
      },
    ];
  },
};
