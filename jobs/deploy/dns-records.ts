// The guide's public DNS records (D13), from the profile: A mail, MX, SPF, and the autodiscover SRV.
import { translator, type Translate } from '../../src/i18n/i18n.ts';
import type { Profile } from './profile.ts';

export interface DnsRecord {
  name: string; // relative to the domain; '@' is the domain itself
  type: 'A' | 'MX' | 'TXT' | 'SRV';
  value: string;
  why: string;
}

/** The records, or the profile keys still missing; each record's `why` in `t`'s language. */
export function dnsRecords(p: Profile, t: Translate = translator('en')): { records: DnsRecord[] } | { missing: string[] } {
  const missing = [!p.domain && 'domain', !p.publicIp && 'public-ip'].filter(Boolean) as string[];
  if (missing.length || !p.domain || !p.mailHost || !p.publicIp) return { missing };
  const mail = p.mailHost.endsWith(`.${p.domain}`) ? p.mailHost.slice(0, -(p.domain.length + 1)) : `${p.mailHost}.`;
  return {
    records: [
      { name: mail, type: 'A', value: p.publicIp, why: t('deploy:dns.a') },
      { name: '@', type: 'MX', value: `0 ${p.mailHost}.`, why: t('deploy:dns.mx') },
      { name: '@', type: 'TXT', value: '"v=spf1 a mx ~all"', why: t('deploy:dns.spf') },
      { name: '_autodiscover._tcp', type: 'SRV', value: `0 0 443 ${p.mailHost}.`, why: t('deploy:dns.srv') },
    ],
  };
}

export function zoneSnippet(domain: string, records: DnsRecord[]): string {
  const lines = records.map((r) => `${r.name.padEnd(20)} 3600 IN ${r.type.padEnd(5)} ${r.value}`);
  return [`$ORIGIN ${domain}.`, ...lines].join('\n');
}
