// /exchange dns records: the public records the registrar must hold (the guide's D13), from the
// deployment profile, as a table and as a zone-file snippet. Answered in the channel.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { dnsRecords, zoneSnippet } from '../jobs/deploy/dns-records.ts';
import { loadProfile } from '../jobs/deploy/profile.ts';

const schema = z.object({ extra: z.array(z.string()).max(0, 'takes nothing more') });

export const dns: AnswerCommand<z.output<typeof schema>> = {
  name: 'dns records',
  usage: 'dns records',
  summary: 'The public DNS records to create at the registrar (table and zone file).',
  role: 'admin',
  visibility: 'channel',
  parse: (extra) => ({ extra }),
  schema,
  async answer(_args, { services }) {
    const { profile } = await loadProfile(services.settings);
    const result = dnsRecords(profile);
    if ('missing' in result) {
      return { text: `Set ${result.missing.map((k) => `\`${k}\``).join(' and ')} first: \`/exchange deploy profile set ${result.missing[0]} …\`` };
    }
    const table = result.records.map((r) => `• \`${r.name}\` *${r.type}* \`${escapeSlack(r.value)}\` — ${r.why}`).join('\n');
    const zone = zoneSnippet(profile.domain!, result.records);
    const head = `*Public DNS records for ${escapeSlack(profile.domain!)}* (at your registrar)`;
    return {
      text: `Public DNS records for ${profile.domain}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${table}` } },
        { type: 'section', text: { type: 'mrkdwn', text: `Zone-file form:\n\`\`\`\n${escapeSlack(zone)}\n\`\`\`` } },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `The WSE remote-access name${profile.remoteHost ? ` (${escapeSlack(profile.remoteHost)})` : ''} must differ from ${escapeSlack(profile.mailHost!)}.`,
            },
          ],
        },
      ],
    };
  },
};
