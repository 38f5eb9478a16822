// deploy: the guide's whole deployment (D1–D18) as one resumable job. Each step: probe → skip when
// done → run → verify. Restarts (after the features, after Exchange setup, after configuration) and
// the Remote Desktop Gateway restart wait for an approval; manual steps (registrar, router) are
// checked, and stop the run with what to do when they are not done yet. Run it again: every step
// says "already done" and nothing asks for approval.
import { fileURLToPath } from 'node:url';
import type { HostMap, HostRole } from '../../src/engine/hosts.ts';
import { defineJob, defineQuery, type StepDefinition } from '../../src/engine/job-definition.ts';
import { say, translator, type Translate } from '../../src/i18n/i18n.ts';
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

function registrarInstructions(pr: Profile, t: Translate): string {
  const result = dnsRecords(pr, t);
  const lines = 'records' in result ? result.records.map((r) => `• \`${r.name}\` ${r.type} \`${r.value}\``) : [];
  return [t('deploy:registrar.head', { domain: pr.domain }), ...lines, t('deploy:registrar.differ', { remote: pr.remoteHost, mail: pr.mailHost })].join('\n');
}

function routerInstructions(pr: Profile, exch: string, wse: string, t: Translate): string {
  return [
    t('deploy:router.head', { ip: pr.publicIp }),
    t('deploy:router.port25', { exch, ip: pr.exchangeIp }),
    t('deploy:router.ports80and443', { wse }),
    t('deploy:router.static', { wse }),
  ].join('\n');
}

/** The steps, in the guide's order, for a complete profile (the command checks completeness); words in `t`'s language. */
export function deploySteps(p: DeployParams, hosts: HostMap, t: Translate = translator('en')): DeployStep[] {
  const pr = p.profile;
  const exch = hosts.hostFor('exchange');
  const wse = hosts.hostFor('domain-controller');
  const afterSetup = { needs: { step: 'D3', words: t('deploy:plan.afterSetup') } };
  const mail = pr.mailHost!;
  const hostNames = [mail, pr.remoteHost!];
  const secret = pr.certificateSecret ? { param: 'CertificatePassword', name: pr.certificateSecret } : undefined;
  const facts = VERSIONS[pr.exchangeVersion];
  const features = facts.features;
  // 2016 and later: the prerequisites that are not Windows features, each probed, from the profile's folder.
  const prerequisites: DeployStep[] = facts.prerequisites.map((q) => ({
    id: q.step,
    title: t('deploy:steps.prerequisite', { title: q.title }),
    role: 'exchange',
    script: script('d2-prerequisite'),
    params: { Prerequisite: q.id, PrerequisitesPath: pr.prerequisitesPath ?? '' },
    outcome: (r) =>
      r.installed
        ? t('deploy:outcomes.prerequisiteFrom', { title: q.title, path: pr.prerequisitesPath })
        : t('deploy:outcomes.prerequisiteThere', { title: q.title }),
  }));
  // 2019 CU14+ and SE: Extended Protection needs the reverse proxy to present Exchange's own certificate.
  const extendedProtection: DeployStep[] = facts.extendedProtection
    ? [
        {
          id: 'G4',
          title: t('deploy:steps.G4'),
          role: 'exchange',
          script: script('guard-extended-protection'),
          params: { Certificate: pr.certificate ?? '', MailHost: mail },
          storedSecret: secret,
          plan: { guard: true },
          outcome: (r) => say(t.lang, r.detail),
        },
      ]
    : [];
  const steps: DeployStep[] = [
    {
      id: 'G1',
      title: t('deploy:steps.G1', { wse }),
      role: 'exchange',
      script: script('guard-exch'),
      params: { ExchangeVersion: pr.exchangeVersion, SetupPath: pr.setupPath ?? '' },
      plan: { guard: true },
      outcome: (r) => t('deploy:outcomes.runs', { host: exch, what: r.os }),
    },
    {
      id: 'G2',
      title: facts.needsForest2012R2 ? t('deploy:steps.G2forest') : t('deploy:steps.G2'),
      role: 'domain-controller',
      script: script('guard-wse'),
      params: { ExchangeVersion: pr.exchangeVersion },
      plan: { guard: true },
      outcome: (r) => t('deploy:outcomes.runs', { host: wse, what: r.os }),
    },
    {
      id: 'G3',
      title: t('deploy:steps.G3'),
      role: 'domain-controller',
      script: script('guard-certificate'),
      params: { Certificate: pr.certificate ?? '', HostNames: hostNames },
      storedSecret: secret,
      plan: { guard: true },
      outcome: (r) => t('deploy:outcomes.G3', { names: r.names.join(', ') }),
    },
    ...extendedProtection,
    deploymentRightsStep(wse, t, 'G1'),
    {
      id: 'D2',
      title: t('deploy:steps.D2'),
      role: 'exchange',
      script: script('d2-features'),
      params: { Features: features },
      outcome: (r) => t('deploy:outcomes.D2', { installed: r.installed, restart: t(r.restartNeeded ? 'deploy:bool.true' : 'deploy:bool.false') }),
    },
    ...prerequisites,
    {
      ...restartStep(exch, t('deploy:why.features'), 'exchange', t),
      id: 'D2-restart',
      title: t('deploy:steps.D2restart', { host: exch }),
      probe: { script: script('restart-pending'), params: { Features: features } },
    },
    {
      id: 'D3',
      title: t('deploy:steps.D3'),
      role: 'exchange',
      script: script('d3-exchange-setup'),
      params: {
        SetupPath: pr.setupPath ?? '',
        ExchangeVersion: pr.exchangeVersion,
        Organization: pr.organization,
        ...(facts.modernSetup ? { DiagnosticData: pr.diagnosticData } : {}),
      },
      progress: t('deploy:progress.setup'),
      timeoutMs: 3 * 3600 * 1000,
      outcome: (r) => t('deploy:outcomes.D3', { version: r.version }),
    },
    {
      ...restartStep(exch, t('deploy:why.setup'), 'exchange', t),
      id: 'D3-restart',
      title: t('deploy:steps.D3restart', { host: exch }),
      plan: { doneWith: ['D3'], when: t('deploy:plan.whenChanged') },
      skipIf: (r) => (r.D3 ? undefined : t('deploy:skip.installedBefore')),
    },
    {
      id: 'D4',
      plan: afterSetup,
      title: t('deploy:steps.D4'),
      role: 'exchange',
      script: script('d4-certificate'),
      params: { Certificate: pr.certificate ?? '', MailHost: mail },
      storedSecret: secret,
      outcome: (r) => t('deploy:outcomes.D4', { thumbprint: r.thumbprint }),
    },
    {
      id: 'D5',
      plan: afterSetup,
      title: t('deploy:steps.D5'),
      role: 'exchange',
      script: script('d5-accepted-domain'),
      params: { Domain: pr.domain ?? '' },
      skipIf: () => (pr.migration ? t('deploy:skip.migrationDomain') : undefined),
      outcome: (r) => t('deploy:outcomes.D5', { domain: r.domain }),
    },
    {
      id: 'D6',
      plan: afterSetup,
      title: t('deploy:steps.D6'),
      role: 'exchange',
      script: script('d6-address-policy'),
      params: { Domain: pr.domain ?? '' },
      outcome: (r) => t('deploy:outcomes.D6', { policy: r.policy }),
    },
    {
      id: 'D7',
      plan: afterSetup,
      title: t('deploy:steps.D7'),
      role: 'exchange',
      script: script('d7-virtual-directories'),
      params: { MailHost: mail, ExchangeVersion: pr.exchangeVersion },
      outcome: () => t(facts.mapiOverHttp ? 'deploy:outcomes.D7mapi' : 'deploy:outcomes.D7', { mail }),
    },
    {
      id: 'D8',
      plan: afterSetup,
      title: t('deploy:steps.D8'),
      role: 'exchange',
      script: script('d8-outlook-anywhere'),
      params: { MailHost: mail, ExchangeVersion: pr.exchangeVersion },
      outcome: () => t('deploy:outcomes.D8', { mail }),
    },
    {
      id: 'D9',
      plan: afterSetup,
      title: t('deploy:steps.D9'),
      role: 'exchange',
      script: script('d9-receive-connectors'),
      params: { MailHost: mail, ExchangeIp: pr.exchangeIp ?? '', InternalRange: pr.internalRange ?? '', ExchangeVersion: pr.exchangeVersion },
      outcome: () => t('deploy:outcomes.D9', { ip: pr.exchangeIp }),
    },
    {
      id: 'D10',
      plan: afterSetup,
      title: t('deploy:steps.D10'),
      role: 'exchange',
      script: script('d10-send-connector'),
      params: {},
      outcome: () => t('deploy:outcomes.D10'),
    },
    {
      ...restartStep(exch, t('deploy:why.configuration'), 'exchange', t),
      id: 'D11',
      title: t('deploy:steps.D11', { host: exch }),
      plan: { doneWith: CONFIGURATION, when: t('deploy:plan.whenChanged') },
      skipIf: (r) => (CONFIGURATION.some((id) => r[id]) ? undefined : t('deploy:skip.nothingConfigured')),
    },
    {
      id: 'D12',
      title: t('deploy:steps.D12'),
      role: 'exchange',
      script: script('owa-check'),
      params: { MailHost: mail },
      skipIf: () => t('deploy:skip.certRequest'),
      outcome: () => '',
    },
    {
      id: 'D13',
      title: t('deploy:steps.D13'),
      role: 'domain-controller',
      script: script('d13-public-dns'),
      params: { Domain: pr.domain ?? '', MailHost: mail, PublicIp: pr.publicIp ?? '', DnsServers: p.dnsServers ?? [] },
      manual: { instructions: () => registrarInstructions(pr, t) },
      plan: { byHand: t('deploy:plan.registrar') },
      outcome: () => t('deploy:outcomes.D13'),
    },
    {
      id: 'D14',
      title: t('deploy:steps.D14'),
      role: 'domain-controller',
      script: script('d14-router'),
      params: { PublicIp: pr.publicIp ?? '' },
      manual: { instructions: () => routerInstructions(pr, exch, wse, t) },
      plan: { byHand: t('deploy:plan.router', { exch, wse }) },
      outcome: () => t('deploy:outcomes.D14'),
    },
    {
      id: 'D15',
      title: t('deploy:steps.D15'),
      role: 'domain-controller',
      script: script('d15-integration'),
      params: {},
      probe: { script: script('d15-integration'), params: { Probe: true } },
      verify: false,
      manual: {
        onlyWhenProbeSays: true,
        check: false,
        instructions: () => t('deploy:instructions.D15', { wse }),
      },
      plan: { done: p.integrationOn && !pr.migration, byHand: t('deploy:plan.dashboard', { wse }) },
      skipIf: () => (pr.migration ? t('deploy:skip.migrationIntegration') : p.integrationOn ? t('deploy:skip.alreadyOn') : undefined),
      outcome: () => t('deploy:outcomes.D15'),
    },
    {
      ...restartStep(wse, t('deploy:why.gateway'), 'domain-controller', t),
      id: 'D16-gateway',
      title: t('deploy:steps.D16gateway'),
      script: script('d16-gateway'),
      reboots: false,
      probe: { script: script('d16-gateway'), params: { Probe: true } },
      approval: { what: () => t('deploy:approvals.gateway', { wse }), confirm: true },
      outcome: () => t('deploy:outcomes.D16gateway'),
    },
    {
      id: 'D16',
      title: t('deploy:steps.D16'),
      role: 'domain-controller',
      script: script('d16-reverse-proxy'),
      params: { Certificate: pr.certificate ?? '', HostNames: hostNames, TargetServer: pr.migration ? exch : '' },
      storedSecret: secret,
      outcome: () => t('deploy:outcomes.D16', { names: hostNames.join(', ') }),
    },
    {
      id: 'D17',
      title: t('deploy:steps.D17'),
      role: 'domain-controller',
      script: script('d17-split-dns'),
      params: { MailHost: mail, ExchangeIp: pr.exchangeIp ?? '' },
      outcome: () => t('deploy:outcomes.D17', { mail, ip: pr.exchangeIp }),
    },
    {
      id: 'D18',
      plan: afterSetup,
      title: t('deploy:steps.D18'),
      role: 'exchange',
      script: script('d18-activesync'),
      params: {},
      outcome: (r) => (r.protected.length ? t('deploy:outcomes.D18', { accounts: r.protected.join(', ') }) : t('deploy:outcomes.D18none')),
    },
    {
      id: 'OWA',
      title: t('deploy:steps.OWA'),
      role: 'domain-controller',
      script: script('owa-check'),
      params: { MailHost: mail },
      outcome: () => t('deploy:outcomes.OWA', { mail }),
    },
    giveBackRightsStep(t),
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
    return {
      ...s,
      skipIf: () => (p.only ? t('deploy:skip.notInRun', { option: `--only ${p.only}` }) : t('deploy:skip.notInRun', { option: `--from ${p.from}` })),
    };
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
