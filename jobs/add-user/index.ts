// add-user: check the name is free → create the mailbox and its AD account (or mail-enable the
// account of that name made in the Dashboard) → set the quota → set the initial password and send
// it privately to the requester (not for an account that existed: its password stays).
// A new account is created with a random password that never leaves PowerShell; the one the
// requester gets is made by the last step, so a worker that dies between two steps never loses it.
// The create step records the account's objectGUID; the quota and the password act on that id, and
// a mailbox of that alias this job did not create fails the step (a retry never takes one over).
import { fileURLToPath } from 'node:url';
import { codeSpan, escapeSlack } from '../../src/chat/escape.ts';
import { defineJob, type StepDefinition } from '../../src/engine/job-definition.ts';
import type { Quota } from '../../src/exchange/size.ts';
import { quotaStep } from '../set-quota/index.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface AddUserParams {
  name: string;
  alias: string;
  samAccountName: string;
  /** null: no quota of its own (--no-quota: the database's defaults apply). */
  quota: Quota | null;
  firstName?: string;
  lastName?: string;
  upn?: string;
  ou?: string;
  /** add-user --like: the template user whose OU, groups and quota the new user gets. */
  like?: string;
}

export const addUserJob = defineJob<AddUserParams>({
  kind: 'add-user',
  role: 'exchange',
  steps(p) {
    const steps: StepDefinition[] = [];
    if (p.like) {
      steps.push({
        id: 'read-template',
        title: `Read the template user ${p.like}`,
        script: script('read-template'),
        params: { Like: p.like },
        outcome: (r: {
          Name: string;
          OrganizationalUnit: string;
          Groups: { Name: string }[];
          UseDatabaseQuotaDefaults: boolean;
          ProhibitSendReceiveQuota: string;
        }) =>
          `${r.Name}: ${r.OrganizationalUnit}; groups ${r.Groups.map((g) => g.Name).join(', ') || 'none'}; quota ${r.UseDatabaseQuotaDefaults ? 'the database’s' : r.ProhibitSendReceiveQuota.replace(/\s*\(.*$/, '')}`,
      });
    }
    steps.push(
      {
        id: 'check-free',
        title: 'Check the name is free',
        guard: true,
        script: script('test-name-free'),
        params: { Name: p.name, Alias: p.alias, SamAccountName: p.samAccountName, LastName: p.lastName ?? '' },
        outcome: (r: { existingAccount?: string }) =>
          r.existingAccount ? `${p.name} has an account without a mailbox: it will be mail-enabled` : `${p.name} is free`,
      },
      {
        id: 'create-mailbox',
        title: 'Create the mailbox',
        script: script('new-user-mailbox'),
        params: {
          Name: p.name,
          Alias: p.alias,
          SamAccountName: p.samAccountName,
          FirstName: p.firstName ?? '',
          LastName: p.lastName ?? '',
          UserPrincipalName: p.upn ?? '',
          OrganizationalUnit: p.ou ?? '',
          ...(p.like ? { Like: p.like } : {}),
        },
        probe: { script: script('test-mailbox'), params: { Alias: p.alias } },
        creates: true,
        outcome: (r: { PrimarySmtpAddress: string; MailEnabledExisting: boolean }) =>
          `${r.MailEnabledExisting ? 'mail-enabled' : 'created'} ${p.name} <${r.PrimarySmtpAddress}>`,
      },
    );
    // Later steps act on the account this job created (its objectGUID), never on a name.
    const created = { step: 'create-mailbox', param: 'Identity' };
    if (p.quota) steps.push({ ...quotaStep(p.alias, p.quota), actsOn: created });
    if (p.like) {
      const params = { Identity: p.alias, Like: p.like };
      steps.push({
        id: 'copy-template',
        title: `Copy ${p.like}’s groups and quota`,
        script: script('copy-template'),
        params,
        probe: { script: script('test-template-copied'), params },
        actsOn: created,
        outcome: (r: { Groups: string[] }) => (r.Groups.length ? `in ${r.Groups.join(', ')}; quota copied` : 'quota copied (no group to copy)'),
      });
    }
    steps.push({
      id: 'initial-password',
      title: 'Send the initial password privately',
      script: script('set-initial-password'),
      params: {},
      actsOn: { ...created, param: 'Guid' },
      skipIf: (results) => (results['check-free']?.existingAccount ? 'the account existed: its password is unchanged' : undefined),
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
    });
    return steps;
  },
});
