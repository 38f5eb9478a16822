// Who may read a secret's file. POSIX: mode 600 (nobody else may read it) and owned by the account
// running the worker. Windows, where workers run: the file's ACL (read with Get-Acl, by SID, so a
// localized Windows reads the same) lets only that account, SYSTEM and Administrators read it, and
// that account owns it. The decision is plain data in, problems out, so it is tested anywhere.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

export const SYSTEM_SID = 'S-1-5-18';
export const ADMINISTRATORS_SID = 'S-1-5-32-544';

/** One access rule of a file's ACL, as Get-Acl gives it (by SID). */
export interface AclRule {
  sid: string;
  /** Allow or Deny. */
  type: string;
  /** FileSystemRights as a number. */
  rights: number;
  /** Applies to children only (InheritOnly): not to the file itself. */
  inheritOnly?: boolean;
}

export interface FileAcl {
  /** The SID of the account running the worker. */
  me: string;
  owner: string;
  rules: AclRule[];
}

// ReadData (1), GenericAll (0x10000000), GenericRead (0x80000000); FullControl and Read include ReadData.
const READ_BITS = 0x1 | 0x10000000 | 0x80000000;

/** What is wrong with a secret file's ACL on Windows (empty: fine). */
export function windowsAclProblems(file: string, acl: FileAcl): string[] {
  const allowed = new Set([acl.me, SYSTEM_SID, ADMINISTRATORS_SID]);
  const problems: string[] = [];
  if (acl.owner !== acl.me) problems.push(`${file} is owned by ${acl.owner}, not by the account running the worker (${acl.me})`);
  const readers = new Set(
    acl.rules.filter((r) => /^allow$/i.test(r.type) && !r.inheritOnly && (r.rights & READ_BITS) !== 0 && !allowed.has(r.sid)).map((r) => r.sid),
  );
  if (readers.size) {
    problems.push(
      `${file} is readable by ${[...readers].join(', ')}: only the service account, SYSTEM and Administrators may read it ` +
        '(icacls <file> /inheritance:r /grant:r "<service account>:R" SYSTEM:F Administrators:F)',
    );
  }
  return problems;
}

/** What is wrong with a secret file's mode and owner on Linux and macOS (empty: fine). */
export function posixProblems(file: string, stat: { mode: number; uid: number }, myUid: number): string[] {
  const problems: string[] = [];
  if (stat.uid !== myUid) problems.push(`${file} is owned by uid ${stat.uid}, not by the account running the worker (uid ${myUid})`);
  if (stat.mode & 0o077) problems.push(`${file} is readable by others (chmod 600 it)`);
  return problems;
}

// The path reaches PowerShell through the environment, never as source text.
const GET_ACL = [
  '$acl = Get-Acl -LiteralPath $env:CHATOPS_ACL_PATH',
  '$sid = [System.Security.Principal.SecurityIdentifier]',
  '$rules = @($acl.GetAccessRules($true, $true, $sid) | ForEach-Object { @{ sid = $_.IdentityReference.Value; type = [string]$_.AccessControlType; rights = [int64]$_.FileSystemRights; inheritOnly = (([int]$_.PropagationFlags -band 2) -ne 0) } })',
  '@{ me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value; owner = $acl.GetOwner($sid).Value; rules = $rules } | ConvertTo-Json -Compress -Depth 4',
].join('; ');

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => env[n] !== undefined).map((n) => [n, env[n]!]));
}

function readWindowsAcl(file: string): FileAcl {
  const out = spawnSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', GET_ACL], {
    encoding: 'utf8',
    // What Windows PowerShell needs, not the bot's own secrets.
    env: { ...pick(process.env, ['SystemRoot', 'windir', 'PATH', 'Path', 'PATHEXT', 'TEMP', 'TMP', 'USERPROFILE', 'ComSpec']), CHATOPS_ACL_PATH: file },
    timeout: 30_000,
  });
  if (out.status !== 0) throw new Error(`could not read the ACL of ${file}: ${out.stderr.trim() || out.error?.message}`);
  const acl = JSON.parse(out.stdout) as FileAcl;
  return { ...acl, rules: [acl.rules ?? []].flat() };
}

/** The problems with who may read (and who owns) a secret's file, on this system. */
export function secretFileProblems(file: string): string[] {
  if (process.platform === 'win32') return windowsAclProblems(file, readWindowsAcl(file));
  return posixProblems(file, statSync(file), process.getuid!());
}
