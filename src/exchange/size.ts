// Mailbox sizes: the one place they are parsed and written.
// Users write 2GB, 2 GB, 2Go, 500MB, 500Mo, 1.5GB or unlimited; Exchange is given bytes ("2040109465B").
// People read them as their language writes them (2 GB, 1,5 Go).
import { english, formatBytes, type Language, t } from '../i18n/i18n.ts';

export type Quota = { unlimited: true } | { unlimited: false; bytes: number };

const UNIT: Record<string, number> = { MB: 2 ** 20, MO: 2 ** 20, GB: 2 ** 30, GO: 2 ** 30, TB: 2 ** 40, TO: 2 ** 40 };
export const MIN_QUOTA = 2 ** 20; // 1 MB
export const MAX_QUOTA = 2 * 2 ** 40; // 2 TB

/** A refusal's `reason` is English, remembered as a message (english(): say() writes it in any language). */
export type SizeResult = { ok: true; quota: Quota } | { ok: false; reason: string };

function refused(key: string, vars: Record<string, unknown>): SizeResult {
  return { ok: false, reason: english(key, vars) };
}

export function parseQuota(input: string): SizeResult {
  const text = input.trim();
  if (/^unlimited$/i.test(text)) return { ok: true, quota: { unlimited: true } };
  const m = /^(\d{1,7}(?:[.,]\d{1,3})?)\s?(MB|Mo|GB|Go|TB|To)$/i.exec(text);
  if (!m) return refused('common:quota.notASize', { text });
  const bytes = Math.round(Number(m[1]!.replace(',', '.')) * UNIT[m[2]!.toUpperCase()]!);
  if (bytes < MIN_QUOTA || bytes > MAX_QUOTA) return refused('common:quota.outOfRange', { size: bytes });
  return { ok: true, quota: { unlimited: false, bytes } };
}

/** The three limits Exchange keeps: the size given is the hard one; send stops at 95%, warning at 90%. */
export function quotaLimits(quota: Quota): { IssueWarningQuota: string; ProhibitSendQuota: string; ProhibitSendReceiveQuota: string } {
  if (quota.unlimited) return { IssueWarningQuota: 'Unlimited', ProhibitSendQuota: 'Unlimited', ProhibitSendReceiveQuota: 'Unlimited' };
  const at = (share: number) => `${Math.floor(quota.bytes * share)}B`;
  return { IssueWarningQuota: at(0.9), ProhibitSendQuota: at(0.95), ProhibitSendReceiveQuota: `${quota.bytes}B` };
}

/** As people write sizes: 2 GB, 1.5 GB, 812 MB, 2 TB (2 Go, 1,5 Go in French). */
export function formatSize(bytes: number, lang: Language = 'en'): string {
  return formatBytes(bytes, lang);
}

/** A quota in words: "2 GB", "no limit". */
export function describeQuota(quota: Quota, lang: Language = 'en'): string {
  return quota.unlimited ? t(lang, 'common:quota.noLimit') : formatSize(quota.bytes, lang);
}
