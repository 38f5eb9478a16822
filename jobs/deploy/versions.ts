// What differs between the Exchange versions the bot deploys (2010 SP1 … SE), in one place: the
// Windows each installs on, the Windows features and other prerequisites setup checks, how setup is
// called, what the configuration touches (MAPI over HTTP, Extended Protection), and the builds the
// bot knows (to say whether a server runs the newest). From Microsoft's documentation.
import { translator, type Translate } from '../../src/i18n/i18n.ts';
import type { ExchangeVersion } from './profile.ts';

/** The guide's InstallDependencies.ps1 list, for Exchange 2013 on Windows Server 2012 (R2). */
export const EXCHANGE_FEATURES = [
  'NET-Framework-45-Features',
  'RSAT-ADDS',
  'Web-Server',
  'Web-Basic-Auth',
  'Web-Windows-Auth',
  'Web-Metabase',
  'Web-Net-Ext45',
  'Web-Lgcy-Mgmt-Console',
  'WAS-Process-Model',
  'RSAT-Web-Server',
  'Web-ISAPI-Ext',
  'Web-Digest-Auth',
  'Web-Dyn-Compression',
  'NET-WCF-HTTP-Activation45',
  'Web-Asp-Net45',
  'Web-Client-Auth',
  'Web-Dir-Browsing',
  'Web-Http-Errors',
  'Web-Http-Logging',
  'Web-Http-Redirect',
  'Web-Http-Tracing',
  'Web-ISAPI-Filter',
  'Web-Request-Monitor',
  'Web-Static-Content',
  'Web-WMI',
  'RPC-over-HTTP-proxy',
  'Windows-Identity-Foundation',
  'Server-Media-Foundation',
];

/** The guide's own InstallDependencies.ps1 list, for Exchange 2010 SP1 (Windows Server 2008 R2). */
export const EXCHANGE_2010_FEATURES = [
  'NET-Framework',
  'RSAT-ADDS',
  'Web-Server',
  'Web-Basic-Auth',
  'Web-Windows-Auth',
  'Web-Metabase',
  'Web-Net-Ext',
  'Web-Lgcy-Mgmt-Console',
  'WAS-Process-Model',
  'RSAT-Web-Server',
  'Web-ISAPI-Ext',
  'Web-Digest-Auth',
  'Web-Dyn-Compression',
  'NET-HTTP-Activation',
  'Web-Asp-Net',
  'Web-Client-Auth',
  'Web-Dir-Browsing',
  'Web-Http-Errors',
  'Web-Http-Logging',
  'Web-Http-Redirect',
  'Web-Http-Tracing',
  'Web-ISAPI-Filter',
  'Web-Request-Monitor',
  'Web-Static-Content',
  'Web-WMI',
  'RPC-Over-HTTP-Proxy',
];

/** Exchange 2016 Mailbox server on Windows Server 2012 R2 / 2016 (Microsoft's prerequisites page). */
export const EXCHANGE_2016_FEATURES = [
  'NET-Framework-45-Features',
  'Server-Media-Foundation',
  'RPC-over-HTTP-proxy',
  'RSAT-Clustering',
  'RSAT-Clustering-CmdInterface',
  'RSAT-Clustering-Mgmt',
  'RSAT-Clustering-PowerShell',
  'WAS-Process-Model',
  'Web-Asp-Net45',
  'Web-Basic-Auth',
  'Web-Client-Auth',
  'Web-Digest-Auth',
  'Web-Dir-Browsing',
  'Web-Dyn-Compression',
  'Web-Http-Errors',
  'Web-Http-Logging',
  'Web-Http-Redirect',
  'Web-Http-Tracing',
  'Web-ISAPI-Ext',
  'Web-ISAPI-Filter',
  'Web-Lgcy-Mgmt-Console',
  'Web-Metabase',
  'Web-Mgmt-Console',
  'Web-Mgmt-Service',
  'Web-Net-Ext45',
  'Web-Request-Monitor',
  'Web-Server',
  'Web-Stat-Compression',
  'Web-Static-Content',
  'Web-Windows-Auth',
  'Web-WMI',
  'Windows-Identity-Foundation',
  'RSAT-ADDS',
];

/** Exchange 2019 and SE Mailbox server on Windows Server 2019 / 2022 (no Unified Messaging, no legacy console). */
export const EXCHANGE_2019_FEATURES = [
  'Server-Media-Foundation',
  'NET-Framework-45-Core',
  'NET-Framework-45-ASPNET',
  'NET-WCF-HTTP-Activation45',
  'NET-WCF-Pipe-Activation45',
  'NET-WCF-TCP-Activation45',
  'NET-WCF-TCP-PortSharing45',
  'RPC-over-HTTP-proxy',
  'RSAT-Clustering',
  'RSAT-Clustering-CmdInterface',
  'RSAT-Clustering-PowerShell',
  'WAS-Process-Model',
  'Web-Asp-Net45',
  'Web-Basic-Auth',
  'Web-Client-Auth',
  'Web-Digest-Auth',
  'Web-Dir-Browsing',
  'Web-Dyn-Compression',
  'Web-Http-Errors',
  'Web-Http-Logging',
  'Web-Http-Redirect',
  'Web-Http-Tracing',
  'Web-ISAPI-Ext',
  'Web-ISAPI-Filter',
  'Web-Metabase',
  'Web-Mgmt-Service',
  'Web-Net-Ext45',
  'Web-Request-Monitor',
  'Web-Server',
  'Web-Stat-Compression',
  'Web-Static-Content',
  'Web-Windows-Auth',
  'Web-WMI',
  'RSAT-ADDS',
];

export interface Prerequisite {
  /** The d2-prerequisite.ps1 name. */
  id: 'dotnet48' | 'vcredist2012' | 'vcredist2013' | 'ucma4' | 'urlrewrite';
  /** Its step id. */
  step: string;
  title: string;
  /** The installer's file name, in the prerequisites folder. */
  file: string;
}

/** The software setup checks besides Windows features, for 2016 CU22+, 2019 CU11+ and SE. */
export const PREREQUISITES: Prerequisite[] = [
  { id: 'dotnet48', step: 'D2-dotnet', title: '.NET Framework 4.8', file: 'ndp48-x86-x64-allos-enu.exe' },
  { id: 'vcredist2012', step: 'D2-vc2012', title: 'Visual C++ 2012 Redistributable (x64)', file: 'vcredist_x64_2012.exe' },
  { id: 'vcredist2013', step: 'D2-vc2013', title: 'Visual C++ 2013 Redistributable (x64)', file: 'vcredist_x64_2013.exe' },
  { id: 'ucma4', step: 'D2-ucma', title: 'Unified Communications Managed API 4.0 Runtime', file: 'UcmaRuntimeSetup.exe' },
  { id: 'urlrewrite', step: 'D2-rewrite', title: 'IIS URL Rewrite Module 2.1', file: 'rewrite_amd64_en-US.msi' },
];

export interface VersionFacts {
  name: string;
  /** Windows Server versions setup installs on (LAB_WINDOWS_VERSION names). */
  windows: string[];
  features: string[];
  prerequisites: Prerequisite[];
  /** Setup takes /Roles:Mailbox and the _DiagnosticDataON|OFF licence switch (2016 CU22+, 2019 CU11+, SE). */
  modernSetup: boolean;
  /** MAPI over HTTP on by default: its virtual directory gets the URLs too. */
  mapiOverHttp: boolean;
  /** Extended Protection on by default (2019 CU14+, SE): the reverse proxy must present Exchange's certificate. */
  extendedProtection: boolean;
  /** Needs domain controllers and a forest functional level of Windows Server 2012 R2 or later. */
  needsForest2012R2: boolean;
  /** Microsoft still supports it. */
  supported: boolean;
}

export const VERSIONS: Record<ExchangeVersion, VersionFacts> = {
  '2010': {
    name: 'Exchange 2010 SP3',
    windows: ['2008R2', '2012', '2012R2'],
    features: EXCHANGE_2010_FEATURES,
    prerequisites: [],
    modernSetup: false,
    mapiOverHttp: false,
    extendedProtection: false,
    needsForest2012R2: false,
    supported: false,
  },
  '2013': {
    name: 'Exchange 2013 CU23',
    windows: ['2012', '2012R2'],
    features: EXCHANGE_FEATURES,
    prerequisites: [],
    modernSetup: false,
    mapiOverHttp: false,
    extendedProtection: false,
    needsForest2012R2: false,
    supported: false,
  },
  '2016': {
    name: 'Exchange 2016 CU23',
    windows: ['2012', '2012R2', '2016'],
    features: EXCHANGE_2016_FEATURES,
    prerequisites: PREREQUISITES,
    modernSetup: true,
    mapiOverHttp: true,
    extendedProtection: false,
    needsForest2012R2: false,
    supported: false,
  },
  '2019': {
    name: 'Exchange 2019 CU14/CU15',
    windows: ['2019', '2022'],
    features: EXCHANGE_2019_FEATURES,
    prerequisites: PREREQUISITES,
    modernSetup: true,
    mapiOverHttp: true,
    extendedProtection: true,
    needsForest2012R2: true,
    supported: false,
  },
  SE: {
    name: 'Exchange Server SE',
    windows: ['2019', '2022', '2025'],
    features: EXCHANGE_2019_FEATURES,
    prerequisites: PREREQUISITES,
    modernSetup: true,
    mapiOverHttp: true,
    extendedProtection: true,
    needsForest2012R2: true,
    supported: true,
  },
};

/** The builds the bot knows, newest last per version (AdminDisplayVersion's "Version 15.2 (Build 1748.10)"). */
export const BUILDS: { version: ExchangeVersion; name: string; build: string }[] = [
  { version: '2010', name: 'Exchange 2010 SP3 RU32', build: '14.3.513.0' },
  { version: '2013', name: 'Exchange 2013 CU23', build: '15.0.1497.2' },
  { version: '2016', name: 'Exchange 2016 CU22', build: '15.1.2375.7' },
  { version: '2016', name: 'Exchange 2016 CU23', build: '15.1.2507.6' },
  { version: '2019', name: 'Exchange 2019 CU11', build: '15.2.986.5' },
  { version: '2019', name: 'Exchange 2019 CU14', build: '15.2.1544.4' },
  { version: '2019', name: 'Exchange 2019 CU15', build: '15.2.1748.10' },
  { version: 'SE', name: 'Exchange Server SE RTM', build: '15.2.2562.17' },
];

/** "Version 15.2 (Build 1748.10)" or "15.2.1748.10" → "15.2.1748.10". */
export function buildNumber(text: string): string | undefined {
  const m = /Version (\d+)\.(\d+) \(Build (\d+)\.(\d+)\)/.exec(text) ?? /(\d+)\.(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? `${Number(m[1])}.${Number(m[2])}.${Number(m[3])}.${Number(m[4])}` : undefined;
}

const compare = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/** Which version a build is (SE is 15.2 from build 2562 on). */
export function versionOfBuild(build: string): ExchangeVersion | undefined {
  const [major, minor, b] = build.split('.').map(Number);
  if (major === 14) return '2010';
  if (major !== 15) return undefined;
  if (minor === 0) return '2013';
  if (minor === 1) return '2016';
  if (minor === 2) return (b ?? 0) >= 2562 ? 'SE' : '2019';
  return undefined;
}

/** A server's build in words, and whether the bot knows a newer one of its version. */
export function describeBuild(text: string, t: Translate = translator('en')): { version?: ExchangeVersion; name: string; newer?: string } {
  const build = buildNumber(text);
  if (!build) return { name: text };
  const version = versionOfBuild(build);
  const known = BUILDS.filter((b) => b.version === version);
  const exact = known.filter((b) => compare(b.build, build) <= 0).at(-1);
  const newest = known.at(-1);
  const name = exact ? `${exact.name}${compare(exact.build, build) < 0 ? t('deploy:plusUpdates') : ''} (${build})` : build;
  return { version, name, newer: newest && compare(newest.build, build) > 0 ? `${newest.name} (${newest.build})` : undefined };
}
