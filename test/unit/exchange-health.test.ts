// The Exchange half of a health check in words: the build (and whether a newer one is known), the
// Auth certificate and the IIS/SMTP certificates with their days left; warnings at 30 and 7 days.
import { expect, it } from 'vitest';
import { describeBuild } from '../../jobs/deploy/versions.ts';
import { exchangeText } from '../../commands/status.ts';
import { type Health, healthProblems } from '../../jobs/health/index.ts';

const base: Health = { LastBootUpTime: new Date().toISOString(), Exchange: true, Services: [], Databases: [], QueueLength: 0 };
const withCerts = (auth: number, iis: number): Health => ({
  ...base,
  Build: 'Version 15.2 (Build 1544.4)',
  AuthCertificate: { Thumbprint: 'AA', DaysLeft: auth },
  Certificates: [{ Subject: 'CN=mail.contoso.com', Thumbprint: 'BB', Services: 'IMAP, POP, IIS, SMTP', DaysLeft: iis }],
});

it('names the build and the newer one the bot knows', () => {
  expect(describeBuild('Version 15.2 (Build 1544.4)')).toEqual({
    version: '2019',
    name: 'Exchange 2019 CU14 (15.2.1544.4)',
    newer: 'Exchange 2019 CU15 (15.2.1748.10)',
  });
  expect(describeBuild('Version 15.2 (Build 2562.17)')).toEqual({ version: 'SE', name: 'Exchange Server SE RTM (15.2.2562.17)', newer: undefined });
  expect(describeBuild('Version 15.1 (Build 2507.44)').name).toBe('Exchange 2016 CU23 + updates (15.1.2507.44)');
  expect(exchangeText(withCerts(1800, 200))).toBe(
    'Exchange 2019 CU14 (15.2.1544.4); newer known: Exchange 2019 CU15 (15.2.1748.10) · Auth certificate 1800 days left · CN=mail.contoso.com (IMAP, POP, IIS, SMTP) 200 days left',
  );
  expect(exchangeText({ ...base, Exchange: false })).toBeUndefined();
});

it('warns once at 30 days and again at 7 (stable words, so the health watch posts each once)', () => {
  expect(healthProblems(withCerts(1800, 31))).toEqual([]);
  expect(healthProblems(withCerts(1800, 30))).toEqual(['certificate CN=mail.contoso.com (IMAP, POP, IIS, SMTP) expires within 30 days']);
  const seven = healthProblems(withCerts(7, 20));
  expect(seven).toEqual([
    'the Auth certificate expires within 7 days',
    'the Auth certificate expires within 30 days',
    'certificate CN=mail.contoso.com (IMAP, POP, IIS, SMTP) expires within 30 days',
  ]);
  // Going from 30 to 7 days adds a warning and takes none away (nothing "recovers").
  expect(healthProblems(withCerts(29, 20)).every((p) => seven.includes(p))).toBe(true);
  expect(healthProblems(withCerts(-1, 20))).toContain('the Auth certificate expired');
});
