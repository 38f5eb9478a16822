// A failure in plain words, for the thread and for the asker of a question, in `lang`: a script's
// sentence (a message reference) is written out in it; Exchange's own words are kept as they are.
import { escapeSlack } from '../../chat/escape.ts';
import { errorText, type Language, t } from '../../i18n/i18n.ts';
import { ScriptError, ShellBrokenError } from '../../powershell/session.ts';
import { DeniedError } from './run.ts';

export function describeFailure(error: unknown, host: string, lang: Language = 'en'): string {
  if (error instanceof ScriptError) return escapeSlack(errorText(lang, error));
  if (error instanceof ShellBrokenError) return t(lang, 'engine:failure.shellBroken', { host, error: escapeSlack(error.message) });
  if (error instanceof DeniedError) return error.message;
  return escapeSlack(errorText(lang, error));
}
