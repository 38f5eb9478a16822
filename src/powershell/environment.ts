// The environment a PowerShell shell gets: an allow-list of what PowerShell, Windows, ssh and
// Kerberos need, and the lab's own variables. Never the bot's own environment: SLACK_BOT_TOKEN,
// REDIS_URL's password, EXCHANGE_SECRET_* and the like stay in Node.

const NAMES = [
  // both
  'PATH',
  'TEMP',
  'TMP',
  'TZ',
  'PSModulePath',
  // Linux / macOS
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'TMPDIR',
  'XDG_RUNTIME_DIR',
  'SSH_AUTH_SOCK',
  // Windows
  'SystemRoot',
  'SystemDrive',
  'windir',
  'ComSpec',
  'PATHEXT',
  'OS',
  'COMPUTERNAME',
  'USERNAME',
  'USERDOMAIN',
  'USERDNSDOMAIN',
  'USERDOMAIN_ROAMINGPROFILE',
  'LOGONSERVER',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'APPDATA',
  'LOCALAPPDATA',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'ProgramW6432',
  'CommonProgramFiles',
  'CommonProgramFiles(x86)',
  'CommonProgramW6432',
  'ALLUSERSPROFILE',
  'PUBLIC',
  'DriverData',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
  'PROCESSOR_IDENTIFIER',
  'PROCESSOR_LEVEL',
  'PROCESSOR_REVISION',
  'ExchangeInstallPath',
];
// Prefixes: locale, .NET and PowerShell's own switches, Kerberos on Linux, and the lab (LAB_SLOW, ...).
const PREFIXES = ['LC_', 'DOTNET_', 'POWERSHELL_', 'KRB5', 'LAB_'];

const allowedNames = new Set(NAMES.map((n) => n.toUpperCase()));

export function isShellVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return allowedNames.has(upper) || PREFIXES.some((p) => upper.startsWith(p));
}

/** The allow-listed part of an environment (by default the worker's own). */
export function shellEnvironment(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined && isShellVariable(name)) out[name] = value;
  return out;
}
