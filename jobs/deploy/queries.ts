// The deployment's single-purpose jobs and questions: dns check, ports check (read-only, on the
// domain controller), and cert request (D12, on Exchange, its .req file attached to the thread).
import { fileURLToPath } from 'node:url';
import { defineJob, defineQuery } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';

const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}.ps1`, import.meta.url));

export interface CheckParams {
  domain: string;
  mailHost: string;
  publicIp: string;
  dnsServers: string[];
}

export interface DnsCheckAnswer {
  checks: { record: string; expected: string; found: string }[];
}

export const dnsCheckQuery = defineQuery<CheckParams, DnsCheckAnswer>({
  kind: 'dns-check',
  role: 'domain-controller',
  script: script('d13-public-dns'),
  params: (p) => ({ Domain: p.domain, MailHost: p.mailHost, PublicIp: p.publicIp, DnsServers: p.dnsServers, Probe: true }),
});

export const portsCheckQuery = defineQuery<CheckParams, { closed: number[] }>({
  kind: 'ports-check',
  role: 'domain-controller',
  script: script('d14-router'),
  params: (p) => ({ PublicIp: p.publicIp, Probe: true }),
});

export interface CertRequestParams {
  subject: string;
  names: string[];
}

export const certRequestJob = defineJob<CertRequestParams>({
  kind: 'cert-request',
  role: 'exchange',
  steps: (p, _hosts, t = translator('en')) => [
    {
      id: 'D12',
      title: t('deploy:steps.D12'),
      script: script('d12-certificate-request'),
      params: { SubjectName: p.subject, DomainName: p.names },
      outcome: () => t('deploy:outcomes.D12', { names: p.names.join(', ') }),
      attachment: (r: { request: string }) => ({
        name: `${p.names[0]}.req`,
        content: r.request,
        comment: t('deploy:certComment', { names: p.names.join(', ') }),
      }),
    },
  ],
});
