// npm run rights: the least rights the bot needs, computed from the scripts its jobs run.
//  1. Every job kind's steps and every query (jobs/index.ts) are listed with placeholder
//     parameters: each step's script, its probe, and the host role it runs on (the step's, else the
//     job's). A script that calls neither Exchange nor Active Directory cmdlets (or checks for them
//     with Get-Command) is one any server answers (ping, health, restart): both roles.
//  2. PowerShell's own parser reads each script (scripts/rights/read-scripts.ps1) and the helpers it
//     dot-sources: each command called and each parameter named (splatted tables included).
//  3. Each command is classified (scripts/rights/cmdlets.json): Exchange cmdlets go into Exchange
//     RBAC custom roles (derived from built-in ones, trimmed to those cmdlets and parameters),
//     the domain controller's commands into its JEA role capability; what only the deployment's
//     jobs write needs the deployment's temporary rights and is listed apart (their reads are
//     standing: `deploy plan` reads before any rights are asked for).
//  4. scripts/windows/grant-bot-rights.ps1 is written (committed; test/powershell/rights.test.ts
//     fails when it is out of date). `npm run rights -- --check` only compares.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobs, queries } from '../jobs/index.ts';
import { HOST_ROLES, type HostRole } from '../src/engine/hosts.ts';
import { locatePowerShell } from '../src/powershell/locate.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The jobs that hold the deployment's rights while they run (jobs/deploy/rights.ts), and the plan's probes of their steps. */
const DEPLOYMENT_KINDS = new Set(['deploy', 'deploy-upgrade', 'deploy-probe']);
export const GRANT_SCRIPT = path.join(ROOT, 'scripts/windows/grant-bot-rights.ps1');
const TEMPLATE = path.join(ROOT, 'scripts/rights/grant-bot-rights.template.ps1');
const READER = path.join(ROOT, 'scripts/rights/read-scripts.ps1');
const TABLE = path.join(ROOT, 'scripts/rights/cmdlets.json');
const JEA_FUNCTION = path.join(ROOT, 'src/powershell/jea-step-function.ps1');

const COMMON = new Set([
  'Confirm',
  'WhatIf',
  'ErrorAction',
  'WarningAction',
  'InformationAction',
  'ErrorVariable',
  'WarningVariable',
  'InformationVariable',
  'OutVariable',
  'OutBuffer',
  'PipelineVariable',
  'Verbose',
  'Debug',
]);
// The parameter a cmdlet binds a positional argument to, where the scripts pass one.
const POSITIONAL: Record<string, string> = {
  'Get-Service': 'Name',
  'Restart-Service': 'Name',
  'Get-CimInstance': 'ClassName',
  'Get-Command': 'Name',
  'ConvertTo-SecureString': 'String',
};

interface ParameterUse {
  values: string[];
  validations: { set?: string[]; pattern?: string }[];
  open: boolean;
  switch: boolean;
}
interface ParsedFile {
  path: string;
  errors: string[];
  functions: string[];
  dotSourced: string[];
  commands: { name: string; line: number; parameters: Record<string, ParameterUse> }[];
  problems: string[];
}
export interface JeaParameter {
  name: string;
  validateSet?: string[];
  validatePattern?: string;
}
export interface Rights {
  /** Exchange cmdlets of the standing rights: parent built-in role, parameters. */
  exchange: Record<string, { parent: string; parameters: string[] }>;
  /** Windows cmdlets the Exchange host runs itself (as the service account: AD delegation, not RBAC). */
  exchangeHost: Record<string, { module: string; parameters: string[] }>;
  /** What the bot account is delegated on the users' OU for those AD cmdlets (dsacls grants, e.g. `WP;member;group`). */
  adDelegations: string[];
  /** The built-in roles a custom role may derive from (the grant script's fallbacks, in that order). */
  exchangeParents: string[];
  /** The domain controller's JEA role capability: cmdlets, parameters and their validation. */
  domainController: Record<string, { module: string; parameters: JeaParameter[] }>;
  /** Needed only while a deployment runs (jobs/deploy): per host role, cmdlet → parameters. */
  deployment: Record<HostRole, Record<string, string[]>>;
  scripts: { script: string; roles: HostRole[]; deployment: boolean }[];
  /** The JEA endpoint: the scripts Invoke-ChatOpsStep may run (the domain-controller role's, deployment
   *  included) and every file it installs (those and the helpers they dot-source), relative to the root. */
  jea: { scripts: string[]; files: string[] };
  problems: string[];
}

/** A stand-in for any job's parameters: every property, call and coercion gives something. */
function anything(): any {
  const target = () => {};
  const proxy: any = new Proxy(target, {
    get(_t, key) {
      if (key === Symbol.toPrimitive) return () => 'x';
      if (key === Symbol.iterator) return function* () {};
      if (key === 'then') return undefined;
      if (key === 'length') return 0;
      return proxy;
    },
    apply: () => proxy,
    has: () => true,
  });
  return proxy;
}

function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

function parse(files: string[], pwsh: string): Map<string, ParsedFile> {
  const list = path.join(mkdtempSync(path.join(os.tmpdir(), 'chatops-rights-')), 'scripts.txt');
  writeFileSync(list, files.join('\n'));
  const out = execFileSync(pwsh, ['-NoProfile', '-NonInteractive', '-File', READER, '-ListFile', list], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const parsed = JSON.parse(out) as { files: ParsedFile[] };
  return new Map(parsed.files.map((f) => [path.resolve(f.path), f]));
}

export function computeRights(pwsh = locatePowerShell(process.env.POWERSHELL_PATH)): Rights {
  const table = JSON.parse(readFileSync(TABLE, 'utf8')) as {
    exchangeParents: string[];
    exchange: Record<string, string>;
    windows: Record<string, string>;
    core: string[];
    adDelegation: Record<string, string[]>;
  };
  const problems: string[] = [];
  // 1. Scripts and the host roles their steps run on.
  const hostsOf = new Map<string, Set<HostRole>>();
  const kindsOf = new Map<string, Set<string>>();
  const add = (script: string | undefined, role: HostRole, kind: string) => {
    if (!script) return;
    const file = path.resolve(String(script));
    if (!hostsOf.has(file)) hostsOf.set(file, new Set());
    hostsOf.get(file)!.add(role);
    if (!kindsOf.has(file)) kindsOf.set(file, new Set());
    kindsOf.get(file)!.add(kind);
  };
  for (const [kind, definition] of jobs) {
    let steps: ReturnType<typeof definition.steps>;
    try {
      // A job whose steps depend on its data (the deployment, per Exchange version) gives examples.
      const examples = definition.examples?.() ?? [anything()];
      steps = examples.flatMap((params) => definition.steps(params, anything()));
    } catch (error) {
      problems.push(`job ${kind}: its steps could not be listed (${(error as Error).message})`);
      continue;
    }
    for (const step of steps) {
      const role = HOST_ROLES.includes(step.role as HostRole) ? step.role! : definition.role;
      add(step.script, role, kind);
      add(step.probe?.script, role, kind);
    }
  }
  for (const query of queries.values()) add(query.script, query.role, query.kind);
  // 2. Parse them, and the helpers they dot-source.
  const parsed = parse([...hostsOf.keys()], pwsh);
  // Helpers dot-sourced through $PSScriptRoot, and theirs, to any depth.
  for (;;) {
    const missing = new Set<string>();
    for (const f of parsed.values())
      for (const d of f.dotSourced) if (!parsed.has(path.resolve(path.dirname(f.path), d))) missing.add(path.resolve(path.dirname(f.path), d));
    if (!missing.size) break;
    for (const [k, v] of parse([...missing], pwsh)) parsed.set(k, v);
  }
  const closure = (file: ParsedFile): ParsedFile[] => {
    const seen = new Map<string, ParsedFile>([[path.resolve(file.path), file]]);
    const queue = [file];
    while (queue.length) {
      const f = queue.shift()!;
      for (const d of f.dotSourced) {
        const key = path.resolve(path.dirname(f.path), d);
        const helper = parsed.get(key);
        if (helper && !seen.has(key)) {
          seen.set(key, helper);
          queue.push(helper);
        }
      }
    }
    return [...seen.values()];
  };

  const rights: Rights = {
    exchange: {},
    exchangeHost: {},
    adDelegations: [],
    exchangeParents: table.exchangeParents,
    domainController: {},
    deployment: { exchange: {}, 'domain-controller': {} },
    scripts: [],
    jea: { scripts: [], files: [] },
    problems,
  };
  const jeaFiles = new Set<string>();
  const jeaUses = new Map<string, Map<string, ParameterUse[]>>();
  for (const [file, hosts] of [...hostsOf].sort(([a], [b]) => a.localeCompare(b))) {
    const main = parsed.get(file);
    if (!main) {
      problems.push(`${rel(file)}: not read`);
      continue;
    }
    const parts = closure(main);
    const defined = new Set(parts.flatMap((p) => p.functions));
    for (const p of parts) {
      for (const e of p.errors) problems.push(`${rel(p.path)}: ${e}`);
      for (const e of p.problems) problems.push(`${rel(p.path)}: ${e}`);
    }
    const calls = parts.flatMap((p) => p.commands.map((c) => ({ ...c, file: p.path }))).filter((c) => !defined.has(c.name));
    // Only cmdlets every Windows server has (PowerShell's own, CIM), or a check with Get-Command.
    const everywhere = (name: string) => table.core.includes(name) || /^(Microsoft\.PowerShell\.|CimCmdlets$)/.test(table.windows[name] ?? '');
    const generic = calls.every((c) => everywhere(c.name)) || calls.some((c) => c.name === 'Get-Command');
    const roles = new Set<HostRole>(hosts);
    if (generic) for (const r of HOST_ROLES) roles.add(r);
    // Only the jobs that ask for the deployment's rights first (and the plan's probes of their steps)
    // may use them: a script another job or query runs (cert request, dns check) needs standing rights.
    const deployment = [...(kindsOf.get(file) ?? [])].every((k) => DEPLOYMENT_KINDS.has(k));
    rights.scripts.push({ script: rel(file), roles: [...roles].sort(), deployment });
    if (roles.has('domain-controller')) {
      rights.jea.scripts.push(rel(file));
      for (const p of parts) jeaFiles.add(rel(path.resolve(p.path)));
    }
    for (const call of calls) {
      const known = call.name in table.exchange || call.name in table.windows || table.core.includes(call.name);
      if (!known) {
        problems.push(`${rel(call.file)}:${call.line}: ${call.name} is not classified in scripts/rights/cmdlets.json (exchange, windows or core)`);
        continue;
      }
      if (table.core.includes(call.name)) continue;
      const isExchange = call.name in table.exchange;
      const params = Object.entries(call.parameters)
        .map(([name, use]) => [name === '(positional)' ? (isExchange ? 'Identity' : (POSITIONAL[call.name] ?? name)) : name, use] as const)
        .filter(([name]) => !COMMON.has(name));
      for (const role of roles) {
        if (isExchange && role !== 'exchange') continue; // Exchange cmdlets exist only in Exchange's session
        // The deployment's reads are standing rights (view-only): `deploy plan` and the probes of a
        // run read what a deployment made before the run's rights are asked for.
        const read = /^(Get|Test|Resolve)-/.test(call.name);
        if (deployment && !read) {
          rights.deployment[role][call.name] ??= [];
          const entry = rights.deployment[role][call.name]!;
          for (const [name] of params) if (!entry.includes(name)) entry.push(name);
          continue;
        }
        if (isExchange) {
          rights.exchange[call.name] ??= { parent: table.exchange[call.name]!, parameters: [] };
          const entry = rights.exchange[call.name]!;
          for (const [name] of params) if (!entry.parameters.includes(name)) entry.parameters.push(name);
        } else if (role === 'exchange') {
          rights.exchangeHost[call.name] ??= { module: table.windows[call.name]!, parameters: [] };
          const entry = rights.exchangeHost[call.name]!;
          for (const [name] of params) if (!entry.parameters.includes(name)) entry.parameters.push(name);
        } else {
          const uses = jeaUses.get(call.name) ?? new Map<string, ParameterUse[]>();
          jeaUses.set(call.name, uses);
          for (const [name, use] of params) uses.set(name, [...(uses.get(name) ?? []), use]);
        }
      }
    }
  }
  for (const [cmdlet, uses] of jeaUses) {
    rights.domainController[cmdlet] = {
      module: table.windows[cmdlet]!,
      parameters: [...uses].map(([name, list]) => jeaParameter(name, list)).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
  rights.jea.scripts.sort();
  rights.jea.files = [...jeaFiles].sort();
  for (const f of rights.jea.files) if (f.startsWith('..') || !/^[A-Za-z0-9._/-]+$/.test(f)) problems.push(`${f}: not a plain path under the release root`);
  for (const e of Object.values(rights.exchange)) e.parameters.sort();
  // A custom role can only be derived from a real built-in role (New-ManagementRole -Parent).
  for (const [cmdlet, { parent }] of Object.entries(rights.exchange))
    if (!table.exchangeParents.includes(parent))
      problems.push(
        `${cmdlet} is a standing right, but its role "${parent}" is not one of exchangeParents in scripts/rights/cmdlets.json (the built-in roles the bot's roles derive from)`,
      );
  // The AD cmdlets the Exchange host writes with: each needs its grant on the users' OU.
  const delegations = new Set<string>();
  for (const [cmdlet, { module, parameters }] of Object.entries(rights.exchangeHost)) {
    if (module !== 'ActiveDirectory' || /^Get-/.test(cmdlet)) continue;
    const whole = table.adDelegation[cmdlet];
    if (whole) for (const g of whole) delegations.add(g);
    else
      for (const p of parameters.filter((p) => p !== 'Identity')) {
        const grants = table.adDelegation[`${cmdlet} -${p}`];
        if (grants) for (const g of grants) delegations.add(g);
        else problems.push(`${cmdlet} -${p}: no AD delegation for it in adDelegation (scripts/rights/cmdlets.json)`);
      }
  }
  rights.adDelegations = [...delegations].sort();
  for (const e of Object.values(rights.exchangeHost)) e.parameters.sort();
  for (const r of Object.values(rights.deployment)) for (const v of Object.values(r)) v.sort();
  if (rights.exchange['(positional)']) problems.push('a positional argument could not be named');
  rights.problems = [...new Set(problems)];
  return rights;
}

/** The validation a JEA parameter can carry, from every use: constants → ValidateSet; the script's own rules → theirs. */
function jeaParameter(name: string, uses: ParameterUse[]): JeaParameter {
  if (uses.some((u) => u.open) || uses.every((u) => u.switch)) return { name };
  const values = new Set<string>();
  const patterns = new Set<string>();
  let sets = true;
  for (const u of uses) {
    for (const v of u.values) values.add(v);
    for (const v of u.validations) {
      if (v.set) for (const s of v.set) values.add(s);
      else if (v.pattern) {
        patterns.add(v.pattern);
        sets = false;
      }
    }
  }
  if (sets && values.size) return { name, validateSet: [...values].sort() };
  if (!values.size && patterns.size === 1) return { name, validatePattern: [...patterns][0] };
  return { name };
}

const psString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const psList = (xs: string[]) => (xs.length ? xs.map(psString).join(', ') : '');

/** The JEA endpoint's data and its one helper, as PowerShell: the grant script's and the tests' endpoint. */
export function renderJeaBlock(rights: Rights): string {
  const jea = Object.entries(rights.domainController)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cmdlet, { parameters }]) => {
      const params = parameters.map((p) => {
        const v = p.validateSet ? `; ValidateSet = ${psList(p.validateSet)}` : p.validatePattern ? `; ValidatePattern = ${psString(p.validatePattern)}` : '';
        return `@{ Name = ${psString(p.name)}${v} }`;
      });
      // A cmdlet the scripts call without parameters: its bare name (JEA refuses @{ Name } without Parameters).
      return params.length ? `    @{ Name = ${psString(cmdlet)}; Parameters = ${params.join(', ')} }` : `    ${psString(cmdlet)}`;
    })
    .join('\n');
  const modules = [...new Set(Object.values(rights.domainController).map((c) => c.module))]
    .filter((m) => !m.startsWith('Microsoft.PowerShell.') && !m.includes('('))
    .sort();
  const body = readFileSync(JEA_FUNCTION, 'utf8').replace(/\r\n/g, '\n').trimEnd();
  if (!body.includes("'@@SCRIPTS@@'") || !body.includes("'@@SCRIPTS_ROOT@@'")) throw new Error(`${JEA_FUNCTION} has lost its @@SCRIPTS@@ or @@SCRIPTS_ROOT@@`);
  const fn = body.replace("'@@SCRIPTS@@'", () => psList(rights.jea.scripts));
  return [
    '# The domain controller: JEA VisibleCmdlets (with ValidateSet/ValidatePattern where the scripts allow).',
    `$JeaVisibleCmdlets = @(\n${jea}\n)`,
    `$JeaModules = @(${psList(modules)})`,
    "# The endpoint's function Invoke-ChatOpsStep (src/powershell/jea-step-function.ps1, its set filled in):",
    '# the only way the bot runs a script there. Its scripts root is filled into the written file.',
    `$JeaStepFunction = {\n${fn}\n}`,
    '# The files it runs, and the helpers they dot-source, relative to the release root (installed under -ScriptsPath).',
    `$JeaScriptFiles = @(\n${rights.jea.files.map((f) => `    ${psString(f)}`).join('\n')}\n)`,
    '# Fills the scripts root into a .psrc or .pssc written with $JeaStepFunction (the text of a data file).',
    'function Set-ChatOpsJeaScriptsRoot {',
    '    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][string]$ScriptsRoot)',
    '    $text = [System.IO.File]::ReadAllText($Path)',
    `    $token = "'@@SCRIPTS_ROOT@@'"`,
    "    if (-not $text.Contains($token)) { throw ($Path + ' holds no Invoke-ChatOpsStep to fill the scripts root into.') }",
    `    [System.IO.File]::WriteAllText($Path, $text.Replace($token, "'" + $ScriptsRoot.Replace("'", "''") + "'"), [System.Text.Encoding]::Unicode)`,
    '}',
  ].join('\n');
}

export function renderGrantScript(rights: Rights): string {
  const byParent = new Map<string, [string, string[]][]>();
  for (const [cmdlet, { parent, parameters }] of Object.entries(rights.exchange).sort(([a], [b]) => a.localeCompare(b))) {
    byParent.set(parent, [...(byParent.get(parent) ?? []), [cmdlet, parameters]]);
  }
  const exchange = [...byParent]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([parent, entries]) => `    ${psString(parent)} = [ordered]@{\n${entries.map(([c, p]) => `        ${psString(c)} = @(${psList(p)})`).join('\n')}\n    }`,
    )
    .join('\n');
  const adOnExchange = Object.keys(rights.exchangeHost)
    .filter((c) => rights.exchangeHost[c]!.module === 'ActiveDirectory')
    .sort();
  const data = [
    '# ---- computed by npm run rights from the scripts; do not edit by hand ----',
    '# Exchange: custom role per built-in parent, each holding only these cmdlets with only these parameters.',
    `$ExchangeRoles = [ordered]@{\n${exchange}\n}`,
    renderJeaBlock(rights),
    '# Active Directory cmdlets the Exchange host runs itself (as the bot account), and what they need delegated on the OU (dsacls).',
    `$AdCmdletsOnExchange = @(${psList(adOnExchange)})`,
    `$AdDelegations = @(${psList(rights.adDelegations)})`,
    '# The built-in roles a custom role may derive from, where Exchange puts a cmdlet elsewhere than listed above.',
    `$ExchangeParents = @(${psList(rights.exchangeParents)})`,
    '# ---- end of computed data ----',
  ].join('\n');
  const template = readFileSync(TEMPLATE, 'utf8');
  if (!template.includes('# @@DATA@@')) throw new Error(`${TEMPLATE} has no # @@DATA@@ line`);
  return template.replace('# @@DATA@@', () => data).replace(/\r\n/g, '\n');
}

export function summary(rights: Rights): string {
  const lines: string[] = [];
  const count = (o: Record<string, { parameters: unknown[] }>) =>
    `${Object.keys(o).length} cmdlets, ${Object.values(o).reduce((n, e) => n + e.parameters.length, 0)} parameters`;
  lines.push(`exchange (Exchange RBAC, role group "ChatOps Bot"): ${count(rights.exchange)}`);
  for (const [c, e] of Object.entries(rights.exchange).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${c.padEnd(28)} ${e.parent.padEnd(24)} ${e.parameters.join(', ')}`);
  lines.push(`exchange host, run as the bot account (AD delegation, not RBAC): ${count(rights.exchangeHost)}`);
  for (const [c, e] of Object.entries(rights.exchangeHost).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${c.padEnd(28)} ${e.module.padEnd(24)} ${e.parameters.join(', ')}`);
  lines.push(`  delegated on the users' OU (dsacls): ${rights.adDelegations.join(', ')}`);
  lines.push(`domain-controller (JEA endpoint ChatOpsBot): ${count(rights.domainController)}`);
  for (const [c, e] of Object.entries(rights.domainController).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  ${c.padEnd(28)} ${e.module.padEnd(24)} ${e.parameters.map((p) => p.name + (p.validateSet ? ` ∈ {${p.validateSet.join(', ')}}` : p.validatePattern ? ` ~ /${p.validatePattern}/` : '')).join(', ')}`,
    );
  }
  lines.push(`  Invoke-ChatOpsStep (the endpoint's function): ${rights.jea.scripts.length} scripts, ${rights.jea.files.length} files installed`);
  for (const role of ['exchange', 'domain-controller'] as const) {
    const d = rights.deployment[role];
    lines.push(
      `deployment only, ${role}: ${Object.keys(d).length} cmdlets, ${Object.values(d).reduce((n, p) => n + p.length, 0)} parameters (granted for the deployment: Organization Management, Schema/Enterprise Admins)`,
    );
  }
  if (rights.problems.length) lines.push('', 'problems:', ...rights.problems.map((p) => `  ${p}`));
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rights = computeRights();
  const text = renderGrantScript(rights);
  console.log(summary(rights));
  if (rights.problems.length) process.exit(1);
  const current = (() => {
    try {
      return readFileSync(GRANT_SCRIPT, 'utf8');
    } catch {
      return '';
    }
  })();
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`\n${rel(GRANT_SCRIPT)} is out of date: run npm run rights`);
      process.exit(1);
    }
    console.log(`\n${rel(GRANT_SCRIPT)} is up to date`);
  } else if (current !== text) {
    writeFileSync(GRANT_SCRIPT, text);
    console.log(`\nwrote ${rel(GRANT_SCRIPT)}`);
  } else console.log(`\n${rel(GRANT_SCRIPT)} unchanged`);
}
