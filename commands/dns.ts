// /exchange dns records: the public records the registrar must hold (the guide's D13), from the
// deployment profile, as a table and as a zone-file snippet. Answered in the channel.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { english } from '../src/i18n/i18n.ts';
import { dnsRecords, zoneSnippet } from '../jobs/deploy/dns-records.ts';
import { loadProfile } from '../jobs/deploy/profile.ts';

const schema = z.object({ extra: z.array(z.string()).max(0, english('common:nothingMore')) });

export const dns: AnswerCommand<z.output<typeof schema>> = {
  name: 'dns records',
  usage: 'dns:usage',
  summary: 'dns:summary',
  role: 'admin',
  visibility: 'channel',
  parse: (extra) => ({ extra }),
  schema,
  async answer(_args, { services, t }) {
    const { profile } = await loadProfile(services.settings);
    const result = dnsRecords(profile, t);
    if ('missing' in result) {
      return { text: t('checks:setFirst', { keys: result.missing.map((k) => `\`${k}\``).join(t('common:and')), key: result.missing[0] }) };
    }
    const table = result.records.map((r) => `• \`${r.name}\` *${r.type}* \`${escapeSlack(r.value)}\` — ${r.why}`).join('\n');
    const zone = zoneSnippet(profile.domain!, result.records);
    const head = t('dns:head', { domain: escapeSlack(profile.domain!) });
    const differ = profile.remoteHost
      ? t('dns:differNamed', { remote: escapeSlack(profile.remoteHost), mail: escapeSlack(profile.mailHost!) })
      : t('dns:differ', { mail: escapeSlack(profile.mailHost!) });
    return {
      text: t('dns:text', { domain: profile.domain }),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${table}` } },
        { type: 'section', text: { type: 'mrkdwn', text: `${t('dns:zone')}\n\`\`\`\n${escapeSlack(zone)}\n\`\`\`` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: differ }] },
      ],
    };
  },
};
