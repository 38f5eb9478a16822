// Command-line options: `--name value` and bare `--flag`s, split from positional arguments.
// Problems are English, remembered as messages (english()): the dispatcher words them in the requester's language.
import { z } from 'zod';
import { english } from '../i18n/i18n.ts';

export interface SplitArgs {
  positionals: string[];
  values: Record<string, string | undefined>;
  flags: Record<string, boolean>;
  /** Options the command does not know, and value options given without a value (english()). */
  problems: string[];
}

export function splitOptions(tokens: string[], spec: { values?: string[]; flags?: string[] }): SplitArgs {
  const out: SplitArgs = { positionals: [], values: {}, flags: {}, problems: [] };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.startsWith('--')) {
      out.positionals.push(token);
      continue;
    }
    const name = token.slice(2).toLowerCase();
    if (spec.flags?.includes(name)) out.flags[name] = true;
    else if (spec.values?.includes(name)) {
      const value = tokens[i + 1];
      if (value === undefined || value.startsWith('--')) out.problems.push(english('engine:options.needsValue', { name }));
      else out.values[name] = value;
      i++;
    } else out.problems.push(english('engine:options.unknown', { name: name.slice(0, 30) }));
  }
  return out;
}

/** The schema field for splitOptions' problems (and a command's own): each one becomes an issue of its own. */
export const optionProblems = z.array(z.string()).superRefine((problems, ctx) => {
  for (const p of problems) ctx.addIssue({ code: 'custom', message: p });
});
