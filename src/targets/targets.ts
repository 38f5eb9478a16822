// Targets: which Windows hosts exist and how a warm shell reaches each one.
// Without a TARGETS file the lab is the target (WSE and EXCH simulated by the lab module).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { locatePowerShell } from '../powershell/locate.ts';
import type { SessionOptions } from '../powershell/session.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const LAB_HOSTS = ['WSE', 'EXCH'] as const;

const preludes = {
  // Exchange Management Shell on the Exchange server itself.
  'exchange-local': here('./preludes/exchange-local.ps1'),
  // Exchange's remote PowerShell endpoint (New-PSSession -ConfigurationName Microsoft.Exchange).
  'exchange-remote': here('./preludes/exchange-remote.ps1'),
  // A Windows server (WSE): ActiveDirectory, ServerManager and DnsServer modules when present.
  windows: here('./preludes/windows.ps1'),
} as const;

const hostName = z.string().regex(/^[A-Z][A-Z0-9-]{0,14}$/, 'host names are upper-case NetBIOS-style names, like EXCH');

const targetsFileSchema = z.object({
  powershell: z.string().optional(),
  hosts: z.record(
    hostName,
    z.object({
      prelude: z.enum(Object.keys(preludes) as [keyof typeof preludes, ...(keyof typeof preludes)[]]),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    }),
  ),
});

/** A setup file (TARGETS, ROLES_FILE) that cannot be used: said in one line, exit status 2. */
export class SetupError extends Error {}

export interface Targets {
  readonly isLab: boolean;
  readonly hosts: readonly string[];
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
    shellFor(host) {
      if (!(LAB_HOSTS as readonly string[]).includes(host)) throw new Error(`unknown lab host ${host}`);
      return {
        executable,
        prelude: {
          script: here('../lab/lab-prelude.ps1'),
          params: {
            ModulePath: here('../lab/ExchangeLab.psm1'),
            LabDir: config.lab.dir,
            HostName: host,
            Preset: config.lab.preset,
            RebootSeconds: config.lab.rebootSeconds,
          },
        },
      };
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
  return {
    isLab: false,
    hosts: Object.keys(parsed.hosts),
    shellFor(host) {
      const target = parsed.hosts[host];
      if (!target) throw new Error(`host ${host} is not in ${file}`);
      return { executable, prelude: { script: preludes[target.prelude], params: { HostName: host, ...target.params } } };
    },
  };
}
