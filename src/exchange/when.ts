// A time a person gives a command (--at, --until): "YYYY-MM-DD HH:MM" (seconds may follow,
// "HH:MM:SS") in their Slack time zone (users.info tz; UTC where the chat does not say), at least
// 30 s ahead.
import type { AnswerContext } from '../engine/command.ts';

export const WHEN_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const MIN_AHEAD_MS = 30_000;

/** The UTC instant of a wall-clock time in an IANA time zone. */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (at: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(new Date(at))
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)) - at;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

async function zoneOf(ctx: AnswerContext): Promise<string> {
  const lookup = ctx.services?.timeZone;
  if (!lookup) return 'UTC';
  // The answer must not wait on a slow Slack: the command is acknowledged within 3 s.
  const tz = await Promise.race([lookup(ctx.requester.user).catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500))]);
  return tz && isZone(tz) ? tz : 'UTC';
}

function isZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The instant, and how to show it back ("2026-12-24 17:00 Europe/Paris"); or a refusal in plain words. */
export async function futureTime(text: string, ctx: AnswerContext, option: string): Promise<{ at: number; shown: string } | { refuse: string }> {
  const m = WHEN_RE.exec(text.trim());
  const t = ctx.t;
  if (!m) return { refuse: t('common:when.format', { option }) };
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1)
    return { refuse: t('common:when.invalid', { option, text }) };
  const zone = await zoneOf(ctx);
  const at = zonedToUtc(y, mo, d, h, mi, zone) + s * 1000;
  if (at < Date.now() + MIN_AHEAD_MS) return { refuse: t('common:when.past', { option, text, zone }) };
  return { at, shown: `${text} ${zone}` };
}
