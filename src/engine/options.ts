// Command-line options: `--name value` and bare `--flag`s, split from positional arguments.
import { z } from 'zod';

export interface SplitArgs {
  positionals: string[];
  values: Record<string, string | undefined>;
  flags: Record<string, boolean>;
  /** Options the command does not know, and value options given without a value. */
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
      if (value === undefined || value.startsWith('--')) out.problems.push(`--${name} needs a value`);
      else out.values[name] = value;
      i++;
    } else out.problems.push(`--${name.slice(0, 30)} is not an option here`);
  }
  return out;
}

/** The schema field for splitOptions' problems: each one becomes an issue of its own. */
export const optionProblems = z.array(z.string()).superRefine((problems, ctx) => {
  for (const p of problems) ctx.addIssue({ code: 'custom', message: p });
});
