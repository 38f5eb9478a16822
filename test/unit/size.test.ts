import { describe, expect, it } from 'vitest';
import { formatSize, parseQuota, quotaLimits } from '../../src/exchange/size.ts';

describe('parseQuota', () => {
  it.each([
    ['2GB', 2 * 2 ** 30],
    ['2 GB', 2 * 2 ** 30],
    ['2Go', 2 * 2 ** 30],
    ['2gb', 2 * 2 ** 30],
    ['500MB', 500 * 2 ** 20],
    ['500Mo', 500 * 2 ** 20],
    ['1.5GB', 1.5 * 2 ** 30],
    ['1,5Go', 1.5 * 2 ** 30],
    ['1MB', 2 ** 20],
    ['2TB', 2 * 2 ** 40],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseQuota(text)).toEqual({ ok: true, quota: { unlimited: false, bytes } });
  });

  it('accepts unlimited in any case', () => {
    expect(parseQuota('Unlimited')).toEqual({ ok: true, quota: { unlimited: true } });
  });

  it.each(['2XB', '2', 'GB', '-1GB', '2 G B', '2GBs', '0.5MB', '3TB', '2049GB', '1e3MB', '$(1)GB', ''])('refuses %j', (text) => {
    expect(parseQuota(text).ok).toBe(false);
  });

  it('says why', () => {
    expect(parseQuota('2XB')).toMatchObject({ reason: expect.stringContaining('like 2GB, 500MB') });
    expect(parseQuota('3TB')).toMatchObject({ reason: expect.stringContaining('from 1 MB to 2 TB') });
  });
});

describe('quotaLimits', () => {
  it('sets the hard limit to the size, sending at 95% and the warning at 90%, in bytes', () => {
    expect(quotaLimits({ unlimited: false, bytes: 2 * 2 ** 30 })).toEqual({
      ProhibitSendReceiveQuota: '2147483648B',
      ProhibitSendQuota: '2040109465B',
      IssueWarningQuota: '1932735283B',
    });
    expect(quotaLimits({ unlimited: true }).ProhibitSendQuota).toBe('Unlimited');
  });
});

it('formats sizes as people write them', () => {
  expect(formatSize(5 * 2 ** 30)).toBe('5 GB');
  expect(formatSize(812 * 2 ** 20)).toBe('812 MB');
  expect(formatSize(1.5 * 2 ** 30)).toBe('1.5 GB');
  expect(formatSize(2 * 2 ** 40)).toBe('2 TB');
});
