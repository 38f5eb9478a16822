// /exchange audit [n]: the last entries of the audit log (secrets were masked when written).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { english, formatDate } from '../src/i18n/i18n.ts';

const schema = z.object({
  n: z.coerce
    .number({ error: english('audit:errors.number') })
    .int()
    .min(1, english('common:atLeast', { minimum: 1 }))
    .max(100, english('common:atMost', { maximum: 100 })),
  extra: z.array(z.string()).max(0, english('audit:errors.extra')),
});

const SHOWN = new Set(['at', 'type', 'user']);

export const audit: AnswerCommand<z.output<typeof schema>> = {
  name: 'audit',
  usage: 'audit:usage',
  summary: 'audit:summary',
  role: 'admin',
  parse: ([n, ...extra]) => ({ n: n ?? '20', extra }),
  schema,
  async answer({ n }, { services, t }) {
    const entries = await services.audit.recent(n);
    const lines = entries.map((e) => {
      const rest = Object.entries(e)
        .filter(([k]) => !SHOWN.has(k))
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      // The entry's time as written (UTC): 2026-12-02 14:02:07, or 2 déc. 14:02:07 in French.
      const at = t.lang === 'en' ? String(e.at).slice(0, 19).replace('T', ' ') : `${formatDate(String(e.at), t.lang)}:${String(e.at).slice(17, 19)}`;
      return `\`${at}\` *${e.type}*${e.user ? ` <@${e.user}>` : ''} ${escapeSlack(rest).slice(0, 300)}`;
    });
    const head = t('audit:head', { count: entries.length });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: `*${head}*` } }];
    for (let i = 0; i < lines.length; i += 10)
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: lines
            .slice(i, i + 10)
            .join('\n')
            .slice(0, 3000),
        },
      });
    return { text: head, blocks };
  },
};
