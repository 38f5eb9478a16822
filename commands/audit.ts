// /exchange audit [n]: the last entries of the audit log (secrets were masked when written).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand } from '../src/engine/command.ts';

const schema = z.object({
  n: z.coerce.number({ error: 'must be a number of entries' }).int().min(1, 'must be 1 or more').max(100, 'is at most 100'),
  extra: z.array(z.string()).max(0, 'takes one number at most'),
});

const SHOWN = new Set(['at', 'type', 'user']);

export const audit: AnswerCommand<z.output<typeof schema>> = {
  name: 'audit',
  usage: 'audit [n]',
  summary: 'The last entries of the audit log (default 20).',
  role: 'admin',
  parse: ([n, ...extra]) => ({ n: n ?? '20', extra }),
  schema,
  async answer({ n }, { services }) {
    const entries = await services.audit.recent(n);
    const lines = entries.map((e) => {
      const rest = Object.entries(e)
        .filter(([k]) => !SHOWN.has(k))
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      return `\`${String(e.at).slice(0, 19).replace('T', ' ')}\` *${e.type}*${e.user ? ` <@${e.user}>` : ''} ${escapeSlack(rest).slice(0, 300)}`;
    });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: `*Audit log: the last ${entries.length} entries*` } }];
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
    return { text: `Audit log: the last ${entries.length} entries`, blocks };
  },
};
