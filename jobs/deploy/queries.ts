// The deployment's single-purpose jobs and questions: dns check, ports check (read-only, on WSE),
// and cert request (D12, on EXCH, its .req file attached to the thread).
import { fileURLToPath } from 'node:url';
import type { JobDefinition } from '../../src/engine/job-definition.ts';

const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}.ps1`, import.meta.url));

export interface CheckParams {
  domain: string;
  mailHost: string;
  publicIp: string;
  dnsServers: string[];
}

export const dnsCheckQuery: JobDefinition<CheckParams> = {
  kind: 'dns-check',
  steps: (p) => [
    { id: 'dns-check', title: 'Check public DNS', host: 'WSE', script: script('d13-public-dns'), params: { Domain: p.domain, MailHost: p.mailHost, PublicIp: p.publicIp, DnsServers: p.dnsServers, Probe: true }, outcome: () => '' },
  ],
};

export const portsCheckQuery: JobDefinition<CheckParams> = {
  kind: 'ports-check',
  steps: (p) => [{ id: 'ports-check', title: 'Check the ports', host: 'WSE', script: script('d14-router'), params: { PublicIp: p.publicIp, Probe: true }, outcome: () => '' }],
};

export interface CertRequestParams {
  subject: string;
  names: string[];
}

export const certRequestJob: JobDefinition<CertRequestParams> = {
  kind: 'cert-request',
  steps: (p) => [
    {
      id: 'D12',
      title: 'Certificate request',
      script: script('d12-certificate-request'),
      params: { SubjectName: p.subject, DomainName: p.names },
      outcome: () => `request for ${p.names.join(', ')} attached to this thread`,
      attachment: (r: { request: string }) => ({ name: `${p.names[0]}.req`, content: r.request, comment: `Certificate request for ${p.names.join(', ')}: send it to your certificate authority` }),
    },
  ],
};
