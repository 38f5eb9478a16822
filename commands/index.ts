// Every /exchange sub-command, listed explicitly (help shows them in this order).
import type { CommandDefinition } from '../src/engine/command.ts';
import { addUser } from './add-user.ts';
import { audit } from './audit.ts';
import { certRequest, dnsCheck, portsCheck } from './checks.ts';
import { deployPlan, deployProfile, deployRun } from './deploy.ts';
import { dns } from './dns.ts';
import { doctor } from './doctor.ts';
import { help } from './help.ts';
import { cancel, job, jobs, retry } from './jobs.ts';
import { disableIntegration, enableIntegration } from './integration.ts';
import { reboot } from './reboot.ts';
import { removeUser } from './remove-user.ts';
import { setAlias } from './set-alias.ts';
import { setQuota } from './set-quota.ts';
import { status } from './status.ts';
import { user } from './user.ts';
import { users } from './users.ts';

export const commands: readonly CommandDefinition[] = [
  addUser,
  setQuota,
  setAlias,
  user,
  users,
  removeUser,
  reboot,
  disableIntegration,
  enableIntegration,
  status,
  job,
  jobs,
  cancel,
  retry,
  audit,
  doctor,
  deployProfile,
  deployPlan,
  deployRun,
  dns,
  dnsCheck,
  portsCheck,
  certRequest,
  help,
];
