// /exchange doctor (admins): each host's PowerShell, modules, rights and clock, asked of its worker
// on the read queue; each line ok or problem with what to do. `npm run doctor` on a worker also
// checks Redis's settings, Slack's token and the disk.
import { z } from 'zod';
import { doctorQuery } from '../jobs/doctor/index.ts';
import { escapeSlack } from '../src/chat/escape.ts';
import { type DoctorLine, hostLines } from '../src/doctor.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { HOST_ROLES, type HostRole } from '../src/engine/hosts.ts';

const ASK_MS = 2200; // Slack waits 3 s for the answer

const schema = z.object({ extra: z.array(z.string()).max(0, 'takes no argument') });

export const doctor: AnswerCommand<z.output<typeof schema>> = {
  name: 'doctor',
  usage: 'doctor',
  summary: 'Check each server’s PowerShell, modules, rights and clock (npm run doctor on a worker checks more).',
  role: 'admin',
  parse: (extra) => ({ extra }),
  schema,
  async answer(_args, { services }) {
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
          return hostLines(host, roleOf(host), answer, Date.now() - started);
        } catch (error) {
          return [
            {
              ok: false,
              what: host,
              detail: `no answer within ${ASK_MS / 1000} s (${(error as Error).message})`,
              fix: `see /exchange status: is a worker serving ${host}? On that worker: npm run doctor`,
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
    const title = problems ? `Doctor: ${problems} problem${problems > 1 ? 's' : ''}` : 'Doctor: all good';
    return { text: title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*\n${text}`.slice(0, 3000) } }] };
  },
};
