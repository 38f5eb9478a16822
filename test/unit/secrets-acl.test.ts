// A secret's file: readable only by the worker's account (plus SYSTEM and Administrators on
// Windows), and owned by it, on both systems. Windows' ACL decision is tested on Get-Acl's data.
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSecret } from '../../src/secrets.ts';
import { ADMINISTRATORS_SID, type FileAcl, posixProblems, SYSTEM_SID, windowsAclProblems } from '../../src/secrets-acl.ts';

const ME = 'S-1-5-21-1004336348-1177238915-682003330-1105'; // CONTOSO\svc-chatops
const USERS = 'S-1-5-32-545';
const EVERYONE = 'S-1-1-0';
const CREATOR_OWNER = 'S-1-3-0';
const FULL = 0x1f01ff;
const READ = 0x120089;
const file = 'C:\\ProgramData\\chatops\\secrets\\pfx';
const acl = (rules: FileAcl['rules'], owner = ME): FileAcl => ({ me: ME, owner, rules });
const mine = [
  { sid: ME, type: 'Allow', rights: READ },
  { sid: SYSTEM_SID, type: 'Allow', rights: FULL },
  { sid: ADMINISTRATORS_SID, type: 'Allow', rights: FULL },
];

describe('the ACL of a secret file on Windows', () => {
  it('accepts the service account, SYSTEM and Administrators, an inherit-only entry and a deny', () => {
    expect(
      windowsAclProblems(
        file,
        acl([...mine, { sid: CREATOR_OWNER, type: 'Allow', rights: FULL, inheritOnly: true }, { sid: EVERYONE, type: 'Deny', rights: FULL }]),
      ),
    ).toEqual([]);
  });
  it('refuses a file that Users (inherited, as by default under ProgramData) or Everyone may read', () => {
    const problems = windowsAclProblems(
      file,
      acl([...mine, { sid: USERS, type: 'Allow', rights: 0x1200a9 }, { sid: EVERYONE, type: 'Allow', rights: 0x80000000 }]),
    );
    expect(problems).toEqual([expect.stringMatching(/is readable by S-1-5-32-545, S-1-1-0: only the service account, SYSTEM and Administrators may read it/)]);
  });
  it('does not count a right that cannot read (write-only, delete)', () => {
    expect(windowsAclProblems(file, acl([...mine, { sid: USERS, type: 'Allow', rights: 0x2 | 0x10000 }]))).toEqual([]);
  });
  it('refuses a file owned by another account, even Administrators', () => {
    expect(windowsAclProblems(file, acl(mine, ADMINISTRATORS_SID))).toEqual([
      expect.stringMatching(/is owned by S-1-5-32-544, not by the account running the worker/),
    ]);
  });
});

describe('a secret file on Linux', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decides on mode and owner', () => {
    expect(posixProblems('/s/pfx', { mode: 0o100600, uid: 1000 }, 1000)).toEqual([]);
    expect(posixProblems('/s/pfx', { mode: 0o100640, uid: 1000 }, 1000)).toEqual(['/s/pfx is readable by others (chmod 600 it)']);
    expect(posixProblems('/s/pfx', { mode: 0o100600, uid: 0 }, 1000)).toEqual(['/s/pfx is owned by uid 0, not by the account running the worker (uid 1000)']);
  });
  it('is read when it is 600 and ours, refused when another account owns it', () => {
    writeFileSync(path.join(dir, 'pfx'), 'pfx-pass\n', { mode: 0o600 });
    expect(readSecret('pfx', dir)).toBe('pfx-pass');
    chmodSync(path.join(dir, 'pfx'), 0o644);
    expect(() => readSecret('pfx', dir)).toThrow(/readable by others/);
    writeFileSync(path.join(dir, 'other'), 'x\n', { mode: 0o600 });
    if (process.getuid!() !== 0) return; // only root can give a file away
    chownSync(path.join(dir, 'other'), 65534, 65534);
    expect(() => readSecret('other', dir)).toThrow(/is owned by uid 65534, not by the account running the worker/);
  });
});
