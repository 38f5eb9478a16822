// A failure in plain words, for the thread and for the asker of a question.
import { escapeSlack } from '../../chat/escape.ts';
import { ScriptError, ShellBrokenError } from '../../powershell/session.ts';
import { DeniedError } from './run.ts';

export function describeFailure(error: unknown, host: string): string {
  if (error instanceof ScriptError) return escapeSlack(error.failure.message);
  if (error instanceof ShellBrokenError) return `PowerShell on ${host} stopped answering (${escapeSlack(error.message)}).`;
  if (error instanceof DeniedError) return error.message;
  return escapeSlack((error as Error)?.message ?? String(error));
}
