// user-card: the read-only question behind `/exchange user <user>`; findMailboxStep is the first
// step of every job that acts on one mailbox (exactly one match, or the candidates).
import { fileURLToPath } from 'node:url';
import { defineQuery, type StepDefinition } from '../../src/engine/job-definition.ts';
import { translator, type Translate } from '../../src/i18n/i18n.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export function findMailboxStep(identity: string, t: Translate = translator('en')): StepDefinition {
  return {
    id: 'find-mailbox',
    title: t('common:findMailbox.title'),
    script: script('find-mailbox'),
    params: { Identity: identity },
    outcome: (r: { Name: string; PrimarySmtpAddress: string }) => t('common:nameAndAddress', { name: r.Name, address: r.PrimarySmtpAddress }),
  };
}

/** What get-user-card.ps1 answers. */
export interface UserCard {
  Name: string;
  DisplayName: string;
  Alias: string;
  UserPrincipalName: string;
  PrimarySmtpAddress: string;
  EmailAddresses: string[];
  UseDatabaseQuotaDefaults: boolean;
  IssueWarningQuota: number | null;
  ProhibitSendQuota: number | null;
  ProhibitSendReceiveQuota: number | null;
  TotalItemSize: number | null;
  ItemCount: number;
  StorageLimitStatus: string;
  AdminCount: number;
  ProtectedAccount: boolean;
  Groups: string[];
}

export const userCardQuery = defineQuery<{ identity: string }, UserCard>({
  kind: 'user-card',
  role: 'exchange',
  script: script('get-user-card'),
  params: ({ identity }) => ({ Identity: identity }),
});
