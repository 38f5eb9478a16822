// /exchange help: the list of commands, answered privately in one message, in the asker's language.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { AnswerCommand } from '../src/engine/command.ts';
import { SLASH } from '../src/engine/dispatcher.ts';

export const help: AnswerCommand<Record<string, never>> = {
  name: 'help',
  usage: 'help:usage',
  summary: 'help:summary',
  role: 'anyone',
  surfaces: ['empty'],
  parse: () => ({}),
  schema: z.object({}),
  answer(_args, { commands, t }) {
    const lines = commands.map((c) => `• \`${SLASH} ${escapeSlack(t(c.usage))}\`: ${escapeSlack(t(c.summary))}`);
    return { text: `${t('help:title')}\n${lines.join('\n')}` };
  },
};
