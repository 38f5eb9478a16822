// Times in Slack messages: the one place they are written. Slack's date token shows each reader
// their own time zone (in their own language); the fallback after "|" (what notifications and the
// console show) is UTC, written as the message's language writes dates (2 déc. 14:02 UTC).
import { formatDate, type Language } from '../i18n/i18n.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:02 UTC" */
export function utcClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * 'time': 14:02; 'auto': 14:02 today, with the date otherwise; 'seconds': the date and 14:02:07.
 */
export function slackTime(ms: number, form: 'time' | 'auto' | 'seconds' = 'time', lang: Language = 'en'): string {
  const s = Math.floor(ms / 1000);
  const iso = new Date(ms).toISOString();
  const fr = lang === 'fr';
  if (form === 'seconds')
    return `<!date^${s}^{date_short_pretty} {time_secs}|${fr ? `${formatDate(ms, lang)}:${iso.slice(17, 19)} UTC` : `${iso.slice(0, 19).replace('T', ' ')} UTC`}>`;
  const today = iso.slice(0, 10) === new Date().toISOString().slice(0, 10);
  if (form === 'auto' && !today) return `<!date^${s}^{date_short} {time}|${fr ? `${formatDate(ms, lang)} UTC` : `${iso.slice(0, 10)} ${utcClock(ms)}`}>`;
  return `<!date^${s}^{time}|${utcClock(ms)}>`;
}

/** Text with every date token replaced by its UTC fallback. */
export function withoutDateTokens(text: string): string {
  return text.replace(/<!date\^\d+\^[^|>]*\|([^>]+)>/g, '$1');
}
