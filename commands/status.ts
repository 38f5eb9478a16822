// /exchange status (and "@exchange status"): per host, in the channel, one message.
import { z } from 'zod';
import type { AnswerCommand } from '../src/engine/command.ts';

export const status: AnswerCommand<Record<string, never>> = {
  name: 'status',
  usage: 'status',
  summary: 'Each server: its worker, its jobs and its health (answered in the channel).',
  role: 'anyone',
  visibility: 'channel',
  parse: () => ({}),
  schema: z.object({}),
  answer: (_args, { services }) => services.status.build(),
};
