// Structured logs (JSON lines on stderr). Anything under a secret-looking key is masked here,
// the one place logs are written, so no caller can leak a password by accident.
import { redact } from './secrets.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: Level = (process.env.LOG_LEVEL as Level) in order ? (process.env.LOG_LEVEL as Level) : 'info';
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

export function setLogLevel(level: Level): void {
  threshold = level;
}

/** Tests capture logs to prove no secret reaches them. */
export function setLogSink(next: (line: string) => void): void {
  sink = next;
}

const listeners: ((level: Level, line: string) => void)[] = [];

/**
 * Another reader of every line written (the Windows Event Log: src/event-log.ts). It gets the line
 * as written, redacted already; its own failures never reach the caller. Returns its removal.
 */
export function addLogListener(listener: (level: Level, line: string) => void): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (order[level] < order[threshold]) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...(fields ? (redact(fields) as object) : {}) });
  sink(line);
  for (const listener of listeners) {
    try {
      listener(level, line);
    } catch {
      // a listener's trouble is its own: logging goes on
    }
  }
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
