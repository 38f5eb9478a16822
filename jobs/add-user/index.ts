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
import { translator } from '../../src/i18n/i18n.ts';
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
  steps(p, _hosts, t = translator('en')) {
    const steps: StepDefinition[] = [];
    if (p.like) {
      steps.push({
        id: 'read-template',
        title: t('add-user:steps.readTemplate', { like: p.like }),
        script: script('read-template'),
        params: { Like: p.like },
        outcome: (r: {
          Name: string;
          OrganizationalUnit: string;
          Groups: { Name: string }[];
          UseDatabaseQuotaDefaults: boolean;
          ProhibitSendReceiveQuota: string;
        }) =>
          t('add-user:outcomes.template', {
            name: r.Name,
            ou: r.OrganizationalUnit,
            groups: r.Groups.map((g) => g.Name).join(', ') || t('add-user:outcomes.noGroups'),
            quota: r.UseDatabaseQuotaDefaults ? t('add-user:outcomes.databaseQuota') : r.ProhibitSendReceiveQuota.replace(/\s*\(.*$/, ''),
          }),
      });
    }
    steps.push(
      {
        id: 'check-free',
        title: t('add-user:steps.checkFree'),
        guard: true,
        script: script('test-name-free'),
        params: { Name: p.name, Alias: p.alias, SamAccountName: p.samAccountName, LastName: p.lastName ?? '' },
        outcome: (r: { existingAccount?: string }) =>
          r.existingAccount ? t('add-user:outcomes.existingAccount', { name: p.name }) : t('add-user:outcomes.free', { name: p.name }),
      },
      {
        id: 'create-mailbox',
        title: t('add-user:steps.createMailbox'),
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
          t(r.MailEnabledExisting ? 'add-user:outcomes.mailEnabled' : 'add-user:outcomes.created', { name: p.name, address: r.PrimarySmtpAddress }),
      },
    );
    // Later steps act on the account this job created (its objectGUID), never on a name.
    const created = { step: 'create-mailbox', param: 'Identity' };
    if (p.quota) steps.push({ ...quotaStep(p.alias, p.quota, t), actsOn: created });
    if (p.like) {
      const params = { Identity: p.alias, Like: p.like };
      steps.push({
        id: 'copy-template',
        title: t('add-user:steps.copyTemplate', { like: p.like }),
        script: script('copy-template'),
        params,
        probe: { script: script('test-template-copied'), params },
        actsOn: created,
        outcome: (r: { Groups: string[] }) =>
          r.Groups.length ? t('add-user:outcomes.copied', { groups: r.Groups.join(', ') }) : t('add-user:outcomes.copiedNoGroup'),
      });
    }
    steps.push({
      id: 'initial-password',
      title: t('add-user:steps.initialPassword'),
      script: script('set-initial-password'),
      params: {},
      actsOn: { ...created, param: 'Guid' },
      skipIf: (results) => (results['check-free']?.existingAccount ? t('add-user:outcomes.existedPassword') : undefined),
      generatedSecret: {
        param: 'Password',
        // The requester's own message, in their language (`mine`), not the card's.
        deliver: (secret, r: { PrimarySmtpAddress: string; UserPrincipalName: string }, mine) => ({
          text: mine('add-user:password', {
            name: escapeSlack(p.name),
            address: escapeSlack(r.PrimarySmtpAddress),
            upn: escapeSlack(r.UserPrincipalName),
            password: codeSpan(secret),
          }),
        }),
      },
      outcome: () => t('common:sentPrivately'),
    });
    return steps;
  },
});
