// /exchange help: the list of commands, answered privately in one message.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { SLASH } from '../src/engine/dispatcher.ts';

export const help: AnswerCommand<Record<string, never>> = {
  name: 'help',
  usage: 'help',
  summary: 'List the commands.',
  role: 'anyone',
  surfaces: ['empty'],
  parse: () => ({}),
  schema: z.object({}),
  answer(_args, { commands }) {
    const lines = commands.map((c) => `• \`${SLASH} ${escapeSlack(c.usage)}\`: ${escapeSlack(c.summary)}`);
    return { text: `*Exchange chat-ops commands*\n${lines.join('\n')}` };
  },
};
