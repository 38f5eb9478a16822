// deploy: the guide's whole deployment (D1–D18) as one resumable job. Each step: probe → skip when
// done → run → verify. Restarts (after the features, after Exchange setup, after configuration) and
// the Remote Desktop Gateway restart wait for an approval; manual steps (registrar, router) are
// checked, and stop the run with what to do when they are not done yet. Run it again: every step
// says "already done" and nothing asks for approval.
import { fileURLToPath } from 'node:url';
import type { HostMap, HostRole } from '../../src/engine/hosts.ts';
import { defineJob, defineQuery, type StepDefinition } from '../../src/engine/job-definition.ts';
import { rememberIntegration } from '../integration/index.ts';
import { restartStep } from '../reboot/index.ts';
import { dnsRecords } from './dns-records.ts';
import { EXCHANGE_VERSIONS, type Profile, profileFrom } from './profile.ts';
import { deploymentRightsStep, giveBackRightsStep, RIGHTS_BACK_STEP, RIGHTS_STEP } from './rights.ts';
import { VERSIONS } from './versions.ts';

const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}.ps1`, import.meta.url));

// The Windows features and prerequisites per version live with the other version facts.
export { EXCHANGE_2010_FEATURES, EXCHANGE_FEATURES } from './versions.ts';

export interface DeployParams {
  profile: Profile;
  /** Run from this step on (earlier ones are not part of the run). */
  from?: string;
  /** Run only this step (and the guards). */
  only?: string;
  /** The bot's record of the integration switch when the run was asked for. */
  integrationOn: boolean;
  dnsServers?: string[];
}

const CONFIGURATION = ['D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10'];

/** What `deploy plan` needs to know of a step beyond its probe (read by ./plan.ts). */
export interface PlanHint {
  /** A guard: when its check fails, the run is blocked. */
  guard?: boolean;
  /** No check of its own: done when these steps are done. */
  doneWith?: string[];
  /** Known to be done without asking a host. */
  done?: boolean;
  /** Done by a person when it is not done yet: where, in a few words. */
  byHand?: string;
  /** Its check fails until this step is done (Exchange's cmdlets come with setup). */
  needs?: { step: string; words: string };
  /** Whether it runs depends on what the run changes: when, in a few words. */
  when?: string;
}

export type DeployStep = StepDefinition & { plan?: PlanHint };

function registrarInstructions(pr: Profile): string {
  const result = dnsRecords(pr);
  const lines = 'records' in result ? result.records.map((r) => `• \`${r.name}\` ${r.type} \`${r.value}\``) : [];
  return [
    `At your registrar, create these records for *${pr.domain}* (the guide's D13):`,
    ...lines,
    `The remote-access name ${pr.remoteHost} must differ from ${pr.mailHost}.`,
  ].join('\n');
}

function routerInstructions(pr: Profile, exch: string, wse: string): string {
  return [
    `On the router, forward from ${pr.publicIp} (the guide's D14):`,
    `• port 25 → ${exch} (${pr.exchangeIp}) port 25`,
    `• ports 80 and 443 → ${wse}`,
    `Give both servers static (or reserved) addresses; their DNS server is ${wse}.`,
  ].join('\n');
}

/** The steps, in the guide's order, for a complete profile (the command checks completeness). */
export function deploySteps(p: DeployParams, hosts: HostMap): DeployStep[] {
  const pr = p.profile;
  const exch = hosts.hostFor('exchange');
  const wse = hosts.hostFor('domain-controller');
  const afterSetup = { needs: { step: 'D3', words: 'after Exchange setup' } };
  const mail = pr.mailHost!;
  const hostNames = [mail, pr.remoteHost!];
  const secret = pr.certificateSecret ? { param: 'CertificatePassword', name: pr.certificateSecret } : undefined;
  const facts = VERSIONS[pr.exchangeVersion];
  const features = facts.features;
  // 2016 and later: the prerequisites that are not Windows features, each probed, from the profile's folder.
  const prerequisites: DeployStep[] = facts.prerequisites.map((q) => ({
    id: q.step,
    title: `Prerequisite: ${q.title}`,
    role: 'exchange',
    script: script('d2-prerequisite'),
    params: { Prerequisite: q.id, PrerequisitesPath: pr.prerequisitesPath ?? '' },
    outcome: (r) => (r.installed ? `${q.title} installed from ${pr.prerequisitesPath}` : `${q.title} was installed`),
  }));
  // 2019 CU14+ and SE: Extended Protection needs the reverse proxy to present Exchange's own certificate.
  const extendedProtection: DeployStep[] = facts.extendedProtection
    ? [
        {
          id: 'G4',
          title: 'Check the reverse proxy will present Exchange’s certificate (Extended Protection)',
          role: 'exchange',
          script: script('guard-extended-protection'),
          params: { Certificate: pr.certificate ?? '', MailHost: mail },
          storedSecret: secret,
          plan: { guard: true },
          outcome: (r) => r.detail,
        },
      ]
    : [];
  const steps: DeployStep[] = [
    {
      id: 'G1',
      title: `Check the Exchange server (not ${wse}; supported Windows for this Exchange)`,
      role: 'exchange',
      script: script('guard-exch'),
      params: { ExchangeVersion: pr.exchangeVersion, SetupPath: pr.setupPath ?? '' },
      plan: { guard: true },
      outcome: (r) => `${exch} runs ${r.os}`,
    },
    {
      id: 'G2',
      title: facts.needsForest2012R2
        ? 'Check the Windows Server Essentials server (and the forest level Exchange needs)'
        : 'Check the Windows Server Essentials server',
      role: 'domain-controller',
      script: script('guard-wse'),
      params: { ExchangeVersion: pr.exchangeVersion },
      plan: { guard: true },
      outcome: (r) => `${wse} runs ${r.os}`,
    },
    {
      id: 'G3',
      title: 'Check the certificate covers the proxied names',
      role: 'domain-controller',
      script: script('guard-certificate'),
      params: { Certificate: pr.certificate ?? '', HostNames: hostNames },
      storedSecret: secret,
      plan: { guard: true },
      outcome: (r) => `the certificate covers ${r.names.join(', ')}`,
    },
    ...extendedProtection,
    deploymentRightsStep(wse),
    {
      id: 'D2',
      title: 'Windows features for Exchange',
      role: 'exchange',
      script: script('d2-features'),
      params: { Features: features },
      outcome: (r) => `${r.installed} features installed; restart needed: ${r.restartNeeded}`,
    },
    ...prerequisites,
    {
      ...restartStep(exch, 'the Windows features need it', 'exchange'),
      id: 'D2-restart',
      title: `Restart ${exch} after the features`,
      probe: { script: script('restart-pending'), params: { Features: features } },
    },
    {
      id: 'D3',
      title: 'Exchange setup (with the management tools)',
      role: 'exchange',
      script: script('d3-exchange-setup'),
      params: {
        SetupPath: pr.setupPath ?? '',
        ExchangeVersion: pr.exchangeVersion,
        Organization: pr.organization,
        ...(facts.modernSetup ? { DiagnosticData: pr.diagnosticData } : {}),
      },
      progress: 'Exchange setup is running',
      timeoutMs: 3 * 3600 * 1000,
      outcome: (r) => `Exchange installed (${r.version})`,
    },
    {
      ...restartStep(exch, 'Exchange setup asks for it', 'exchange'),
      id: 'D3-restart',
      title: `Restart ${exch} after Exchange setup`,
      plan: { doneWith: ['D3'], when: 'when the run changes something' },
      skipIf: (r) => (r.D3 ? undefined : 'Exchange was installed before this run'),
    },
    {
      id: 'D4',
      plan: afterSetup,
      title: 'Exchange certificate for POP, IIS, IMAP, SMTP',
      role: 'exchange',
      script: script('d4-certificate'),
      params: { Certificate: pr.certificate ?? '', MailHost: mail },
      storedSecret: secret,
      outcome: (r) => `certificate ${r.thumbprint} enabled`,
    },
    {
      id: 'D5',
      plan: afterSetup,
      title: 'Accepted domain',
      role: 'exchange',
      script: script('d5-accepted-domain'),
      params: { Domain: pr.domain ?? '' },
      skipIf: () => (pr.migration ? 'migrating from Small Business Server: the domain exists' : undefined),
      outcome: (r) => `${r.domain} is the default accepted domain`,
    },
    {
      id: 'D6',
      plan: afterSetup,
      title: 'E-mail address policy',
      role: 'exchange',
      script: script('d6-address-policy'),
      params: { Domain: pr.domain ?? '' },
      outcome: (r) => `policy ${r.policy} applied`,
    },
    {
      id: 'D7',
      plan: afterSetup,
      title: 'Virtual directory URLs',
      role: 'exchange',
      script: script('d7-virtual-directories'),
      params: { MailHost: mail, ExchangeVersion: pr.exchangeVersion },
      outcome: () => `OWA, ECP, ActiveSync, OAB${facts.mapiOverHttp ? ', EWS and MAPI' : ' and EWS'} at https://${mail}/`,
    },
    {
      id: 'D8',
      plan: afterSetup,
      title: 'Outlook Anywhere',
      role: 'exchange',
      script: script('d8-outlook-anywhere'),
      params: { MailHost: mail, ExchangeVersion: pr.exchangeVersion },
      outcome: () => `Outlook Anywhere at ${mail}, Basic authentication`,
    },
    {
      id: 'D9',
      plan: afterSetup,
      title: 'Receive connectors',
      role: 'exchange',
      script: script('d9-receive-connectors'),
      params: { MailHost: mail, ExchangeIp: pr.exchangeIp ?? '', InternalRange: pr.internalRange ?? '', ExchangeVersion: pr.exchangeVersion },
      outcome: () => `internet mail in on ${pr.exchangeIp}:25`,
    },
    {
      id: 'D10',
      plan: afterSetup,
      title: 'Send connector',
      role: 'exchange',
      script: script('d10-send-connector'),
      params: {},
      outcome: () => 'mail out through WSE Internet SendConnector',
    },
    {
      ...restartStep(exch, 'after the configuration', 'exchange'),
      id: 'D11',
      title: `Restart ${exch} after the configuration`,
      plan: { doneWith: CONFIGURATION, when: 'when the run changes something' },
      skipIf: (r) => (CONFIGURATION.some((id) => r[id]) ? undefined : 'nothing was configured in this run'),
    },
    {
      id: 'D12',
      title: 'Certificate request',
      role: 'exchange',
      script: script('owa-check'),
      params: { MailHost: mail },
      skipIf: () => 'only when you want a CA-signed certificate: /exchange cert request',
      outcome: () => '',
    },
    {
      id: 'D13',
      title: 'Public DNS records (registrar)',
      role: 'domain-controller',
      script: script('d13-public-dns'),
      params: { Domain: pr.domain ?? '', MailHost: mail, PublicIp: pr.publicIp ?? '', DnsServers: p.dnsServers ?? [] },
      manual: { instructions: () => registrarInstructions(pr) },
      plan: { byHand: 'at the registrar: /exchange dns records' },
      outcome: () => 'the registrar holds the records',
    },
    {
      id: 'D14',
      title: 'Router port forwards',
      role: 'domain-controller',
      script: script('d14-router'),
      params: { PublicIp: pr.publicIp ?? '' },
      manual: { instructions: () => routerInstructions(pr, exch, wse) },
      plan: { byHand: `on the router: 25 → ${exch}, 80 and 443 → ${wse}` },
      outcome: () => '25, 80 and 443 answer from outside',
    },
    {
      id: 'D15',
      title: 'Exchange integration in the Dashboard',
      role: 'domain-controller',
      script: script('d15-integration'),
      params: {},
      probe: { script: script('d15-integration'), params: { Probe: true } },
      verify: false,
      manual: {
        onlyWhenProbeSays: true,
        check: false,
        instructions: () =>
          `On ${wse}, open the *Dashboard* → *Home* → *Connect to my email service* → *Integrate your Exchange server*, and follow the wizard (the guide’s D15; this Windows Server Essentials has no Enable-ExchangeIntegration).`,
      },
      plan: { done: p.integrationOn && !pr.migration, byHand: `by hand on ${wse}: the Dashboard’s wizard` },
      skipIf: () => (pr.migration ? 'migrating: turn it on after the old Exchange is uninstalled' : p.integrationOn ? 'already on' : undefined),
      outcome: () => 'the Dashboard shows the mailboxes',
    },
    {
      ...restartStep(wse, 'the Remote Desktop Gateway is stopped', 'domain-controller'),
      id: 'D16-gateway',
      title: 'Remote Desktop Gateway running',
      script: script('d16-gateway'),
      reboots: false,
      probe: { script: script('d16-gateway'), params: { Probe: true } },
      approval: { what: () => `Restart the *Remote Desktop Gateway* service on *${wse}* (remote access drops for a moment).`, confirm: true },
      outcome: () => 'the Remote Desktop Gateway runs',
    },
    {
      id: 'D16',
      title: 'Reverse proxy (ARRConfig)',
      role: 'domain-controller',
      script: script('d16-reverse-proxy'),
      params: { Certificate: pr.certificate ?? '', HostNames: hostNames, TargetServer: pr.migration ? exch : '' },
      storedSecret: secret,
      outcome: () => `ARR serves ${hostNames.join(', ')}`,
    },
    {
      id: 'D17',
      title: 'Split DNS',
      role: 'domain-controller',
      script: script('d17-split-dns'),
      params: { MailHost: mail, ExchangeIp: pr.exchangeIp ?? '' },
      outcome: () => `${mail} → ${pr.exchangeIp} inside`,
    },
    {
      id: 'D18',
      plan: afterSetup,
      title: 'ActiveSync check (protected accounts)',
      role: 'exchange',
      script: script('d18-activesync'),
      params: {},
      outcome: (r) =>
        r.protected.length ? `protected accounts (ActiveSync fails with HTTP 500): ${r.protected.join(', ')}; see /exchange user` : 'no protected account',
    },
    {
      id: 'OWA',
      title: 'OWA from outside',
      role: 'domain-controller',
      script: script('owa-check'),
      params: { MailHost: mail },
      outcome: () => `https://${mail}/owa answers`,
    },
    giveBackRightsStep(),
  ];
  // Every step with a -Probe switch is its own probe; the restart steps have theirs, or rely on skipIf.
  // D15 has nothing to read back on the domain controller (the bot keeps the switch), D12 is never run here.
  // G3 and G4 need the .pfx password, which probes never get: they are checked on every run instead.
  // The deployment rights are asked for and given back at every run: they have no probe.
  const noProbe = new Set(['D12', 'G3', 'G4', RIGHTS_STEP, RIGHTS_BACK_STEP]);
  const withProbe = steps.map((s) =>
    s.probe || s.reboots || noProbe.has(s.id) ? s : { ...s, probe: { script: s.script, params: { ...s.params, Probe: true } } },
  );
  const index = (id?: string) => (id ? withProbe.findIndex((s) => s.id === id) : -1);
  const from = index(p.from);
  return withProbe.map((s, i) => {
    // Guards, and the rights any part of a run needs, belong to every run (--only, --from).
    const guard = s.id.startsWith('G') || s.id === RIGHTS_STEP || s.id === RIGHTS_BACK_STEP;
    const outside = !guard && ((p.only && s.id !== p.only) || (from >= 0 && i < from));
    if (!outside) return s;
    return { ...s, skipIf: () => (p.only ? `not part of this run (--only ${p.only})` : `not part of this run (--from ${p.from})`) };
  });
}

export const deployJob = defineJob<DeployParams>({
  kind: 'deploy',
  role: 'exchange',
  steps: deploySteps,
  // A complete profile for each version: between them, every step the deployment can take.
  examples: () =>
    EXCHANGE_VERSIONS.map((version) => ({
      profile: profileFrom({
        domain: 'contoso.com',
        'remote-host': 'remote.contoso.com',
        'exchange-version': version,
        'setup-path': 'D:\\Setup.exe',
        'prerequisites-path': 'D:\\Prereqs',
        'exchange-ip': '192.168.0.10',
        'internal-range': '192.168.0.0-192.168.0.255',
        'public-ip': '203.0.113.10',
        certificate: 'C:\\certs\\mail.pfx',
        'certificate-secret': 'pfx',
      }),
      integrationOn: false,
    })),
  onDone: async ({ settings }, p) => {
    if (!p.profile.migration && !p.only && !p.from) await rememberIntegration(settings, true);
  },
});

/** One check of a deploy plan, as probe-all.ps1 runs it. */
export interface PlanCheck {
  Id: string;
  Script: string;
  Params: Record<string, unknown>;
  NeedsSecret: boolean;
}

/** The checks of one host's steps, for `deploy plan` (every read-only probe, in one call). */
export function planChecks(steps: DeployStep[], onHost: (step: DeployStep) => boolean): PlanCheck[] {
  return steps
    .filter((s) => onHost(s) && (s.probe || s.storedSecret))
    .map((s) => ({
      Id: s.id,
      Script: s.probe?.script ?? s.script,
      Params: Object.fromEntries(Object.entries(s.probe?.params ?? s.params).filter(([k]) => k !== 'Probe')),
      // A check that opens the .pfx (G3) gets the password from the worker's own store.
      NeedsSecret: !s.probe && Boolean(s.storedSecret),
    }));
}

export type ProbeFindings = Record<string, { done?: boolean; detail?: string; error?: string; manual?: boolean }>;

/**
 * deploy plan: every probe of one role's host, in one read-only call. The worker builds the
 * checks from the deployment's parameters itself: no script path travels through Redis.
 */
export const deployProbeQuery = defineQuery<{ deploy: DeployParams; role: HostRole }, ProbeFindings>({
  kind: 'deploy-probe',
  role: 'exchange',
  script: script('probe-all'),
  params: ({ deploy, role }, hosts) => ({ Checks: planChecks(deploySteps(deploy, hosts), (s) => (s.role ?? 'exchange') === role) }),
  storedSecret: ({ deploy }) => (deploy.profile.certificateSecret ? { param: 'CertificatePassword', name: deploy.profile.certificateSecret } : undefined),
});
