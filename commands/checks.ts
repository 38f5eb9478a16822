// /exchange dns check, /exchange ports check (read-only, asked on the domain controller: in the lab
// its registrar and router answer, never the network), and /exchange cert request <subject> (D12).
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerContext, JobCommand, QueryCommand } from '../src/engine/command.ts';
import { english } from '../src/i18n/i18n.ts';
import { loadProfile } from '../jobs/deploy/profile.ts';
import { type CheckParams, certRequestJob, type DnsCheckAnswer, dnsCheckQuery, portsCheckQuery } from '../jobs/deploy/queries.ts';

async function checkParams(ctx: AnswerContext): Promise<CheckParams | { refuse: string }> {
  const { profile: p } = await loadProfile(ctx.services.settings);
  const missing = [!p.domain && 'domain', !p.publicIp && 'public-ip'].filter(Boolean);
  if (missing.length || !p.domain || !p.publicIp || !p.mailHost)
    return { refuse: ctx.t('checks:setFirst', { keys: missing.map((k) => `\`${k}\``).join(ctx.t('common:and')), key: missing[0] }) };
  return { domain: p.domain, mailHost: p.mailHost, publicIp: p.publicIp, dnsServers: [...ctx.services.dnsServers] };
}

const none = z.object({ extra: z.array(z.string()).max(0, english('common:nothingMore')) });

export const dnsCheck: QueryCommand<z.output<typeof none>, DnsCheckAnswer> = {
  name: 'dns check',
  usage: 'checks:dns.usage',
  summary: 'checks:dns.summary',
  role: 'admin',
  parse: (extra) => ({ extra }),
  schema: none,
  async query(_args, ctx) {
    const params = await checkParams(ctx);
    return 'refuse' in params ? params : dnsCheckQuery.ask(params);
  },
  render(result, _args, t) {
    const lines = result.checks.map((c) => {
      const ok = c.found.split(', ').includes(c.expected);
      const found = c.found ? `\`${escapeSlack(c.found)}\`` : t('checks:dns.nothing');
      return `${ok ? '✅' : '⛔'} ${t('checks:dns.line', { record: escapeSlack(c.record), expected: escapeSlack(c.expected), found })}`;
    });
    const bad = lines.filter((l) => l.startsWith('⛔')).length;
    return {
      text: bad ? t('checks:dns.bad', { count: bad }) : t('checks:dns.good'),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
    };
  },
};

export const portsCheck: QueryCommand<z.output<typeof none>, { closed: number[] }> = {
  name: 'ports check',
  usage: 'checks:ports.usage',
  summary: 'checks:ports.summary',
  role: 'admin',
  parse: (extra) => ({ extra }),
  schema: none,
  async query(_args, ctx) {
    const params = await checkParams(ctx);
    return 'refuse' in params ? params : portsCheckQuery.ask(params);
  },
  render(result, _args, t) {
    const rules: Record<number, string> = { 25: t('checks:ports.rule25'), 80: t('checks:ports.rule80'), 443: t('checks:ports.rule443') };
    const lines = [25, 80, 443].map((port) =>
      result.closed.includes(port) ? `⛔ ${t('checks:ports.closed', { port, rule: rules[port] })}` : `✅ ${t('checks:ports.answers', { port })}`,
    );
    return {
      text: result.closed.length ? t('checks:ports.someClosed', { ports: result.closed.join(', ') }) : t('checks:ports.allAnswer'),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
    };
  },
};

const FIELD = /^[\p{L}\p{N} .'&-]{1,64}$/u;
const certSchema = z.object({
  C: z.string({ error: english('checks:cert.errors.countryMissing') }).regex(/^[A-Z]{2}$/, english('checks:cert.errors.country')),
  S: z.string({ error: english('checks:cert.errors.stateMissing') }).regex(FIELD, english('checks:cert.errors.field')),
  L: z.string({ error: english('checks:cert.errors.cityMissing') }).regex(FIELD, english('checks:cert.errors.field')),
  O: z.string({ error: english('checks:cert.errors.organizationMissing') }).regex(FIELD, english('checks:cert.errors.field')),
  OU: z.string({ error: english('checks:cert.errors.departmentMissing') }).regex(FIELD, english('checks:cert.errors.field')),
  leftover: z.string().max(0, english('checks:cert.errors.leftover')),
});

export const certRequest: JobCommand<z.output<typeof certSchema>> = {
  name: 'cert request',
  usage: 'checks:cert.usage',
  summary: 'checks:cert.summary',
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
    if (!p.domain || !p.mailHost) return { refuse: ctx.t('checks:setFirst', { keys: '`domain`', key: 'domain' }) };
    const names = [p.mailHost, `autodiscover.${p.domain}`, ...(p.remoteHost ? [p.remoteHost] : [])];
    const subject = `C=${f.C}, S=${f.S}, L=${f.L}, O=${f.O}, OU=${f.OU}, CN=${p.mailHost}`;
    return certRequestJob.plan({ subject, names }, ctx.channelT('checks:cert.card', { host: escapeSlack(p.mailHost) }));
  },
};
