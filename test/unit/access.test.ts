import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Access, loadRolesFile } from '../../src/engine/access.ts';

const groups: Record<string, string[]> = { S0HELP: ['UHELP'], S0BOSS: ['UBOSS'] };
let lookups = 0;
const access = new Access({
  admins: ['UADMIN'],
  roles: { roles: { helpdesk: { members: ['S0HELP', 'UTEMP'], commands: ['add-user', 'set-quota'] } }, approvers: ['S0BOSS'] },
  groupMembers: async (id) => {
    lookups++;
    return groups[id] ?? [];
  },
});
const cmd = (name: string, role: 'admin' | 'anyone' = 'admin') => ({ name, role });

it('admins run everything; roles run the commands they list; others are told which roles', async () => {
  expect(await access.may('UADMIN', cmd('reboot'))).toEqual({ ok: true });
  expect(await access.may('UHELP', cmd('add-user'))).toEqual({ ok: true });
  expect(await access.may('UTEMP', cmd('set-quota'))).toEqual({ ok: true });
  expect(await access.may('UHELP', cmd('reboot'))).toEqual({ ok: false, needs: ['admin'] });
  expect(await access.may('UNOBODY', cmd('add-user'))).toEqual({ ok: false, needs: ['admin', 'helpdesk'] });
  expect(await access.may('UNOBODY', cmd('help', 'anyone'))).toEqual({ ok: true });
});

it('approvers come from the file (groups too), and group look-ups are cached', async () => {
  const before = lookups;
  expect(await access.mayApprove('UBOSS')).toBe(true);
  expect(await access.mayApprove('UBOSS')).toBe(true);
  expect(await access.mayApprove('UADMIN')).toBe(false); // approvers named: admins are not implied
  expect(lookups - before).toBe(1);
  expect(await new Access({ admins: ['UADMIN'] }).mayApprove('UADMIN')).toBe(true); // none named: admins approve
});

it('validates the roles file and says what is wrong', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roles-'));
  const file = path.join(dir, 'roles.json');
  writeFileSync(file, JSON.stringify({ roles: { Help: { members: ['frank'], commands: [] } } }));
  expect(() => loadRolesFile(file)).toThrow(/ROLES_FILE .*roles\.Help.*(lower-case|members)/);
  writeFileSync(file, '{ not json');
  expect(() => loadRolesFile(file)).toThrow(/cannot be read as JSON/);
  writeFileSync(file, JSON.stringify({ roles: { helpdesk: { members: ['U1ABC', 'S2DEF'], commands: ['add-user'] } } }));
  expect(loadRolesFile(file).roles.helpdesk!.members).toEqual(['U1ABC', 'S2DEF']);
});

it('the roles file asks approvals: for everyone (top level) or for a role’s members (admins run without)', async () => {
  const roles = new Access({
    admins: ['UADMIN'],
    roles: {
      roles: { helpdesk: { members: ['S0HELP'], commands: ['reset-password', 'unlock'], approval: ['reset-password'] } },
      approval: ['forward'],
    },
    groupMembers: async (id) => groups[id] ?? [],
  });
  expect(await roles.needsApproval('UHELP', cmd('reset-password'))).toBe(true);
  expect(await roles.needsApproval('UADMIN', cmd('reset-password'))).toBe(false);
  expect(await roles.needsApproval('UHELP', cmd('unlock'))).toBe(false);
  expect(await roles.needsApproval('UADMIN', cmd('forward'))).toBe(true);
  expect(await access.needsApproval('UHELP', cmd('reset-password'))).toBe(false); // a file that names none
});
