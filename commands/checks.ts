// /exchange dns check, /exchange ports check (read-only, asked on the domain controller: in the lab
// its registrar and router answer, never the network), and /exchange cert request <subject> (D12).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerContext, JobCommand, QueryCommand } from '../src/engine/command.ts';
import { loadProfile } from '../jobs/deploy/profile.ts';
import { type CheckParams, certRequestJob, type DnsCheckAnswer, dnsCheckQuery, portsCheckQuery } from '../jobs/deploy/queries.ts';

async function checkParams(ctx: AnswerContext): Promise<CheckParams | { refuse: string }> {
  const { profile: p } = await loadProfile(ctx.services.settings);
  const missing = [!p.domain && 'domain', !p.publicIp && 'public-ip'].filter(Boolean);
  if (missing.length || !p.domain || !p.publicIp || !p.mailHost)
    return { refuse: `Set ${missing.map((k) => `\`${k}\``).join(' and ')} first: \`/exchange deploy profile set ${missing[0]} …\`` };
  return { domain: p.domain, mailHost: p.mailHost, publicIp: p.publicIp, dnsServers: [...ctx.services.dnsServers] };
}

const none = z.object({ extra: z.array(z.string()).max(0, 'takes nothing more') });

export const dnsCheck: QueryCommand<z.output<typeof none>, DnsCheckAnswer> = {
  name: 'dns check',
  usage: 'dns check',
  summary: 'Resolve the public records and show, per record, what was expected and what was found.',
  role: 'admin',
  parse: (extra) => ({ extra }),
  schema: none,
  async query(_args, ctx) {
    const params = await checkParams(ctx);
    return 'refuse' in params ? params : dnsCheckQuery.ask(params);
  },
  render(result) {
    const lines = result.checks.map((c) => {
      const ok = c.found.split(', ').includes(c.expected);
      return `${ok ? '✅' : '⛔'} ${escapeSlack(c.record)}: expected \`${escapeSlack(c.expected)}\`, found ${c.found ? `\`${escapeSlack(c.found)}\`` : '_nothing_'}`;
    });
    const bad = lines.filter((l) => l.startsWith('⛔')).length;
    return {
      text: bad ? `DNS: ${bad} record(s) not as expected` : 'DNS: every record as expected',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
    };
  },
};

export const portsCheck: QueryCommand<z.output<typeof none>, { closed: number[] }> = {
  name: 'ports check',
  usage: 'ports check',
  summary: 'Can the public IP be reached on 25, 80 and 443? With the router rules when not.',
  role: 'admin',
  parse: (extra) => ({ extra }),
  schema: none,
  async query(_args, ctx) {
    const params = await checkParams(ctx);
    return 'refuse' in params ? params : portsCheckQuery.ask(params);
  },
  render(result) {
    const rules: Record<number, string> = { 25: 'the Exchange server port 25', 80: 'the WSE server port 80', 443: 'the WSE server port 443' };
    const lines = [25, 80, 443].map((port) =>
      result.closed.includes(port) ? `⛔ ${port} is closed: forward it to ${rules[port]} on the router` : `✅ ${port} answers`,
    );
    return {
      text: result.closed.length ? `Ports: ${result.closed.join(', ')} closed` : 'Ports: 25, 80 and 443 answer',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
    };
  },
};

const FIELD = /^[\p{L}\p{N} .'&-]{1,64}$/u;
const certSchema = z.object({
  C: z.string({ error: 'is missing: the country, two letters (C=FR)' }).regex(/^[A-Z]{2}$/, 'must be a two-letter country code like FR'),
  S: z.string({ error: 'is missing: the state or province (S=…)' }).regex(FIELD, "may hold letters, digits, spaces and . ' & -"),
  L: z.string({ error: 'is missing: the city (L=…)' }).regex(FIELD, "may hold letters, digits, spaces and . ' & -"),
  O: z.string({ error: 'is missing: the organization (O=…)' }).regex(FIELD, "may hold letters, digits, spaces and . ' & -"),
  OU: z.string({ error: 'is missing: the department (OU=…)' }).regex(FIELD, "may hold letters, digits, spaces and . ' & -"),
  leftover: z.string().max(0, 'give the fields as C=FR S=… L=… O="…" OU=…'),
});

export const certRequest: JobCommand<z.output<typeof certSchema>> = {
  name: 'cert request',
  usage: 'cert request C=<country> S=<state> L=<city> O=<organization> OU=<department>',
  summary: 'A certificate request for the mail, autodiscover and remote names; the .req file comes in the thread.',
  role: 'admin',
  parse(tokens) {
    const text = tokens.map((t) => (/\s/.test(t) ? `"${t}"` : t)).join(' ');
    const fields: Record<string, string> = {};
    const leftover = text.replace(/\b(C|S|L|O|OU)=(?:"([^"]*)"|(\S+))/g, (_m, key: string, quoted?: string, bare?: string) => {
      fields[key] = quoted ?? bare ?? '';
      return '';
    });
    return { ...fields, leftover: leftover.trim() };
  },
  schema: certSchema,
  async plan(f, ctx) {
    const { profile: p } = await loadProfile(ctx.services.settings);
    if (!p.domain || !p.mailHost) return { refuse: 'Set `domain` first: `/exchange deploy profile set domain …`' };
    const names = [p.mailHost, `autodiscover.${p.domain}`, ...(p.remoteHost ? [p.remoteHost] : [])];
    const subject = `C=${f.C}, S=${f.S}, L=${f.L}, O=${f.O}, OU=${f.OU}, CN=${p.mailHost}`;
    return certRequestJob.plan({ subject, names }, `cert request for ${escapeSlack(p.mailHost)}`);
  },
};
