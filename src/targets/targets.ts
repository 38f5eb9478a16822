// Targets: which Windows hosts exist, which role each plays, and how a warm shell reaches each one.
// Without a TARGETS file the lab is the target (WSE and EXCH simulated by the lab module).
// A host's roles come from its prelude (an Exchange prelude plays `exchange`, a Windows one the
// `domain-controller`) unless it lists them; the first host of a role plays it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { HOST_ROLES, type HostMap, type HostRole, hostMap } from '../engine/hosts.ts';
import { locatePowerShell } from '../powershell/locate.ts';
import type { SessionOptions } from '../powershell/session.ts';
import { LAB_HOST_MAP, LAB_HOSTS } from './lab-hosts.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const preludes = {
  // Exchange Management Shell on the Exchange server itself.
  'exchange-local': here('./preludes/exchange-local.ps1'),
  // Exchange's remote PowerShell endpoint (New-PSSession -ConfigurationName Microsoft.Exchange).
  'exchange-remote': here('./preludes/exchange-remote.ps1'),
  // A Windows server (WSE): ActiveDirectory, ServerManager and DnsServer modules when present.
  windows: here('./preludes/windows.ps1'),
  // A lab host under another name (params: LabHost = WSE or EXCH): for trying TARGETS out.
  lab: here('../lab/lab-prelude.ps1'),
  // Another Windows server through PowerShell remoting (WinRM to its JEA endpoint; SSH in tests):
  // one worker on the Exchange server reaches the WSE domain controller.
  'windows-remote': here('./preludes/windows-remote.ps1'),
} as const;

const PRELUDE_ROLES: Record<keyof typeof preludes, HostRole | undefined> = {
  'exchange-local': 'exchange',
  'exchange-remote': 'exchange',
  windows: 'domain-controller',
  'windows-remote': 'domain-controller',
  lab: undefined,
};

const hostName = z.string().regex(/^[A-Z][A-Z0-9-]{0,14}$/, 'host names are upper-case NetBIOS-style names, like EXCH');

const targetsFileSchema = z.object({
  powershell: z.string().optional(),
  hosts: z.record(
    hostName,
    z.object({
      prelude: z.enum(Object.keys(preludes) as [keyof typeof preludes, ...(keyof typeof preludes)[]]),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
      roles: z.array(z.enum(HOST_ROLES)).optional(),
    }),
  ),
});

/** A setup file (TARGETS, ROLES_FILE) that cannot be used: said in one line, exit status 2. */
export class SetupError extends Error {}

export interface Targets {
  readonly isLab: boolean;
  readonly hosts: readonly string[];
  /** Which host plays each role. */
  readonly map: HostMap;
  shellFor(host: string): SessionOptions;
}

/** `locate: false` for the bot, which only needs the host names (it runs no PowerShell). */
export function loadTargets(config: Config, options: { locate?: boolean } = {}): Targets {
  return config.targetsFile ? fileTargets(config, options.locate ?? true) : labTargets(config, options.locate ?? true);
}

function labTargets(config: Config, locate: boolean): Targets {
  const executable = locate ? locatePowerShell(config.powershellPath) : '';
  return {
    isLab: true,
    hosts: LAB_HOSTS,
    map: LAB_HOST_MAP,
    shellFor(host) {
      if (!(LAB_HOSTS as readonly string[]).includes(host)) throw new Error(`unknown lab host ${host}`);
      return { executable, prelude: labPrelude(config, host) };
    },
  };
}

/**
 * When the targets are the lab: the lab host this program itself runs on (the Exchange server, where
 * install-worker.ps1 puts the worker), for what it writes about itself (its Event Log entries).
 */
export function labSelf(config: Config): { module: string; dir: string; host: string } | undefined {
  if (config.targetsFile) return undefined;
  return { module: here('../lab/ExchangeLab.psm1'), dir: config.lab.dir, host: LAB_HOST_MAP.hostFor('exchange') };
}

function labPrelude(config: Config, labHost: string): SessionOptions['prelude'] {
  return {
    script: preludes.lab,
    params: {
      ModulePath: here('../lab/ExchangeLab.psm1'),
      LabDir: config.lab.dir,
      HostName: labHost,
      Preset: config.lab.preset,
      RebootSeconds: config.lab.rebootSeconds,
      ExchangeVersion: config.labVersions.exchange,
      WindowsVersion: config.labVersions.windows ?? '',
      DcVersion: config.labVersions.dc,
    },
  };
}

function fileTargets(config: Config, locate: boolean): Targets {
  const file = config.targetsFile!;
  let parsed: z.output<typeof targetsFileSchema>;
  try {
    parsed = targetsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (error as Error).message;
    throw new SetupError(`TARGETS file ${file} is not valid: ${detail}`);
  }
  const executable = locate ? locatePowerShell(parsed.powershell ?? config.powershellPath) : '';
  const roles: Partial<Record<HostRole, string>> = {};
  for (const [host, target] of Object.entries(parsed.hosts)) {
    const labRole = target.prelude === 'lab' ? HOST_ROLES.find((r) => LAB_HOST_MAP.hostFor(r) === target.params.LabHost) : undefined;
    for (const role of target.roles ?? [PRELUDE_ROLES[target.prelude] ?? labRole].filter((r) => r !== undefined)) roles[role] ??= host;
    if (target.prelude === 'lab' && !labRole)
      throw new SetupError(`TARGETS file ${file}: host ${host} uses the lab prelude; give it "params": {"LabHost": …} with one of ${LAB_HOSTS.join(', ')}`);
  }
  const hosts = Object.keys(parsed.hosts);
  return {
    isLab: false,
    hosts,
    map: hostMap(hosts, roles),
    shellFor(host) {
      const target = parsed.hosts[host];
      if (!target) throw new Error(`host ${host} is not in ${file}`);
      if (target.prelude === 'lab') return { executable, prelude: labPrelude(config, String(target.params.LabHost)) };
      return { executable, prelude: { script: preludes[target.prelude], params: { HostName: host, ...target.params } } };
    },
  };
}
