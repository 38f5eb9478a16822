// The guide's public DNS records (D13), from the profile: A mail, MX, SPF, and the autodiscover SRV.
import type { Profile } from './profile.ts';

export interface DnsRecord {
  name: string; // relative to the domain; '@' is the domain itself
  type: 'A' | 'MX' | 'TXT' | 'SRV';
  value: string;
  why: string;
}

/** The records, or the profile keys still missing. */
export function dnsRecords(p: Profile): { records: DnsRecord[] } | { missing: string[] } {
  const missing = [!p.domain && 'domain', !p.publicIp && 'public-ip'].filter(Boolean) as string[];
  if (missing.length || !p.domain || !p.mailHost || !p.publicIp) return { missing };
  const mail = p.mailHost.endsWith(`.${p.domain}`) ? p.mailHost.slice(0, -(p.domain.length + 1)) : `${p.mailHost}.`;
  return {
    records: [
      { name: mail, type: 'A', value: p.publicIp, why: 'the Exchange server, reached through the router' },
      { name: '@', type: 'MX', value: `0 ${p.mailHost}.`, why: 'mail for the domain goes to it (preference 0)' },
      { name: '@', type: 'TXT', value: '"v=spf1 a mx ~all"', why: 'SPF: the domain’s own servers send its mail' },
      { name: '_autodiscover._tcp', type: 'SRV', value: `0 0 443 ${p.mailHost}.`, why: 'Outlook and phones find the server (priority 0, weight 0, port 443)' },
    ],
  };
}

export function zoneSnippet(domain: string, records: DnsRecord[]): string {
  const lines = records.map((r) => `${r.name.padEnd(20)} 3600 IN ${r.type.padEnd(5)} ${r.value}`);
  return [`$ORIGIN ${domain}.`, ...lines].join('\n');
}
