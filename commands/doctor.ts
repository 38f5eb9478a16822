// /exchange doctor (admins): each host's PowerShell, modules, rights and clock, asked of its worker
// on the read queue; each line ok or problem with what to do. `npm run doctor` on a worker also
// checks Redis's settings, Slack's token and the disk.
import { z } from 'zod';
import { doctorQuery } from '../jobs/doctor/index.ts';
import { escapeSlack } from '../src/chat/escape.ts';
import { type DoctorLine, hostLines } from '../src/doctor.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { HOST_ROLES, type HostRole } from '../src/engine/hosts.ts';
import { english } from '../src/i18n/i18n.ts';

const ASK_MS = 2200; // Slack waits 3 s for the answer

const schema = z.object({ extra: z.array(z.string()).max(0, english('doctor:errors.extra')) });

export const doctor: AnswerCommand<z.output<typeof schema>> = {
  name: 'doctor',
  usage: 'doctor:usage',
  summary: 'doctor:summary',
  role: 'admin',
  parse: (extra) => ({ extra }),
  schema,
  async answer(_args, { services, t }) {
    const roleOf = (host: string): HostRole | undefined =>
      HOST_ROLES.find((r) => {
        try {
          return services.hosts.hostFor(r) === host;
        } catch {
          return false;
        }
      });
    const perHost = await Promise.all(
      services.hosts.hosts.map(async (host): Promise<DoctorLine[]> => {
        const started = Date.now();
        try {
          const answer = await services.ask(doctorQuery.ask({}, host), ASK_MS);
          return hostLines(host, roleOf(host), answer, Date.now() - started, '', t);
        } catch (error) {
          return [
            {
              ok: false,
              what: host,
              detail: t('doctor:noAnswer', {
                seconds: t.lang === 'fr' ? String(ASK_MS / 1000).replace('.', ',') : ASK_MS / 1000,
                error: (error as Error).message,
              }),
              fix: t('doctor:fix.noAnswer', { host }),
            },
          ];
        }
      }),
    );
    const lines = perHost.flat();
    const problems = lines.filter((l) => !l.ok).length;
    const text = lines
      .map((l) => `${l.ok ? '✅' : '⚠️'} *${escapeSlack(l.what)}*: ${escapeSlack(l.detail)}${l.fix ? `\n      → ${escapeSlack(l.fix)}` : ''}`)
      .join('\n');
    const title = problems ? t('doctor:problems', { count: problems }) : t('doctor:allGood');
    return { text: title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*\n${text}`.slice(0, 3000) } }] };
  },
};
