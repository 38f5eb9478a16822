import { describe, expect, it } from 'vitest';
import { dnsRecords, zoneSnippet } from '../../jobs/deploy/dns-records.ts';
import { normalizeRange, PROFILE_KEYS, profileConflicts, profileFrom } from '../../jobs/deploy/profile.ts';

describe('deployment profile values', () => {
  it('takes the internal range as in the guide or as CIDR', () => {
    expect(normalizeRange('192.168.0.0-192.168.0.255')).toBe('192.168.0.0-192.168.0.255');
    expect(normalizeRange('192.168.0.17/24')).toBe('192.168.0.0-192.168.0.255');
    expect(normalizeRange('10.0.0.0/8')).toBe('10.0.0.0-10.255.255.255');
    expect(normalizeRange('192.168.0.9-192.168.0.1')).toBeUndefined();
    expect(normalizeRange('192.168.0.0/33')).toBeUndefined();
    expect(normalizeRange('192.168.300.0/24')).toBeUndefined();
  });
  it.each([
    ['domain', 'Contoso.COM', 'contoso.com'],
    ['setup-path', 'D:\\Exchange 2013\\Setup.exe', 'D:\\Exchange 2013\\Setup.exe'],
    ['organization', 'First Organization', 'First Organization'],
    ['certificate', 'C:\\Certificates\\mail.pfx', 'C:\\Certificates\\mail.pfx'],
    ['exchange-version', '2016', '2016'],
    ['exchange-version', 'se', 'SE'],
    ['diagnostic-data', 'ON', 'on'],
    ['prerequisites-path', 'D:\\Prereqs', 'D:\\Prereqs'],
  ] as const)('%s accepts %s', (key, value, stored) => {
    expect(PROFILE_KEYS[key].schema.parse(value)).toBe(stored);
  });
  it.each([
    ['domain', 'contoso'],
    ['domain', 'con$oso.com'],
    ['setup-path', 'D:\\Setup.exe"; Remove-Item C:\\'],
    ['setup-path', '$(Get-Date)'],
    ['organization', 'First; Organization'],
    ['exchange-ip', '192.168.1.300'],
    ['certificate', 'C:\\cert.txt'],
    ['certificate-secret', 'p@ssw0rd with spaces'],
    ['exchange-version', '2007'],
    ['exchange-version', '2016 CU23'],
    ['diagnostic-data', 'yes'],
    ['prerequisites-path', 'Prereqs; rm -rf /'],
  ] as const)('%s refuses %s', (key, value) => {
    expect(PROFILE_KEYS[key].schema.safeParse(value).success).toBe(false);
  });
  it.each([
    ['setup-path', '\\\\fileserver\\share\\Setup.exe'],
    ['setup-path', '\\\\?\\C:\\Setup.exe'],
    ['setup-path', '\\\\.\\GLOBALROOT\\Device\\Setup.exe'],
    ['setup-path', '//fileserver/share/Setup.exe'],
    ['certificate', '\\\\attacker.example\\c$\\mail.pfx'],
    ['certificate', '\\\\?\\UNC\\server\\share\\mail.pfx'],
  ] as const)('%s refuses the network or device path %s, saying why', (key, value) => {
    const parsed = PROFILE_KEYS[key].schema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(/^must be a path on a local drive: network paths/);
  });
  it('defaults as the guide does, and the mail and remote names must differ', () => {
    const p = profileFrom({ domain: 'contoso.com' });
    expect(p).toMatchObject({
      mailHost: 'mail.contoso.com',
      organization: 'First Organization',
      exchangeVersion: '2013',
      diagnosticData: 'off',
      migration: false,
    });
    expect(profileConflicts({ ...p, remoteHost: 'mail.contoso.com' })).toHaveLength(1);
    expect(profileConflicts({ ...p, remoteHost: 'remote.contoso.com' })).toEqual([]);
  });
});

describe('dns records (D13)', () => {
  it('lists A, MX, SPF and the autodiscover SRV, and writes a zone snippet', () => {
    const result = dnsRecords(profileFrom({ domain: 'contoso.com', 'public-ip': '203.0.113.10' }));
    if (!('records' in result)) throw new Error('expected records');
    expect(result.records.map((r) => `${r.name} ${r.type} ${r.value}`)).toEqual([
      'mail A 203.0.113.10',
      '@ MX 0 mail.contoso.com.',
      '@ TXT "v=spf1 a mx ~all"',
      '_autodiscover._tcp SRV 0 0 443 mail.contoso.com.',
    ]);
    expect(zoneSnippet('contoso.com', result.records).split('\n')[0]).toBe('$ORIGIN contoso.com.');
  });
  it('says which keys are missing', () => {
    expect(dnsRecords(profileFrom({}))).toEqual({ missing: ['domain', 'public-ip'] });
  });
});
