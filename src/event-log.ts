// Errors and warnings also go to the Windows Application Event Log (EVENT_LOG_SOURCE): where an
// administrator and their monitoring look first. The log files (WinSW's rolled stderr) keep every
// line; the Event Log gets the ones that need a person, and never so many that it floods.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addLogListener, type Level, log } from './log.ts';
import { shellEnvironment } from './powershell/environment.ts';

const SCRIPT = fileURLToPath(new URL('./powershell/scripts/write-event-log.ps1', import.meta.url));

type Entry = 'error' | 'warn';
const ENTRY: Record<Entry, { type: 'Error' | 'Warning'; id: number }> = {
  error: { type: 'Error', id: 1001 },
  warn: { type: 'Warning', id: 1002 },
};
/** The Event Log takes 31,839 characters a message; a little room to spare. */
export const MAX_MESSAGE_CHARS = 31_000;
const MINUTE = 60_000;

export interface EventLogOptions {
  /** The source install-worker.ps1 registered (New-EventLog). */
  source: string;
  /** Windows PowerShell on Windows (locatePowerShell, POWERSHELL_PATH). */
  powershell: string;
  /** Only when the targets are the lab: the lab host this program runs on records the entries. */
  lab?: { module: string; dir: string; host: string };
  /** At most so many entries per window (30 a minute): a failure storm must not flood the log. */
  perWindow?: number;
  windowMs?: number;
  /** A writer that died is started again on the next entry, at most this often. */
  restartMs?: number;
}

/** One long-lived PowerShell process writing entries (write-event-log.ps1); the text goes as data. */
export class EventLogWriter {
  private child?: ChildProcess;
  private startedAt = Number.NEGATIVE_INFINITY;
  private windowStart = Number.NEGATIVE_INFINITY;
  private sentInWindow = 0;
  private dropped: Record<Entry, number> = { error: 0, warn: 0 };
  private reportTimer?: NodeJS.Timeout;
  /** Entries sent and not yet answered, oldest first. */
  private pending: Entry[] = [];
  private idle: (() => void)[] = [];
  private quiet = false;
  private closed = false;
  private saidAt = Number.NEGATIVE_INFINITY;
  private unsaid = 0;
  private removeListener?: () => void;
  private readonly onExit = () => this.child?.stdin?.end();
  /** Entries the writer confirmed, and entries it refused. */
  written = 0;
  failed = 0;

  constructor(private readonly options: EventLogOptions) {}

  /** The writer's process, while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private get perWindow() {
    return this.options.perWindow ?? 30;
  }
  private get windowMs() {
    return this.options.windowMs ?? MINUTE;
  }

  /** Starts the writer now (a first error should not wait for PowerShell) and listens to the log. */
  open(): this {
    this.ensureChild();
    this.removeListener = addLogListener((level, line) => this.write(level, line));
    process.once('exit', this.onExit); // stdin closed: the writer finishes what it read, and ends
    return this;
  }

  /** A log line (already redacted by src/log.ts): errors and warnings become entries. */
  write(level: Level, line: string): void {
    if (this.quiet || this.closed || (level !== 'error' && level !== 'warn')) return;
    const now = Date.now();
    this.roll(now);
    if (this.sentInWindow >= this.perWindow || !this.send(level, line)) {
      this.dropped[level]++;
      this.armReport(now);
      return;
    }
    this.sentInWindow++;
  }

  /** Resolves when every entry sent has been answered (or the writer died). */
  flush(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Says what was dropped, closes stdin and waits for the writer (killed after timeoutMs). */
  async close(timeoutMs = 3000): Promise<void> {
    if (this.closed) return;
    this.reportDropped();
    this.closed = true;
    this.removeListener?.();
    process.removeListener('exit', this.onExit);
    clearTimeout(this.reportTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    if ((await Promise.race([exited, late])) === 'late') child.kill();
    clearTimeout(timer);
  }

  /** A new window (fixed, a minute) starts with a word about what the last one dropped. */
  private roll(now: number): void {
    if (now - this.windowStart < this.windowMs) return;
    this.windowStart = now;
    this.sentInWindow = 0;
    this.reportDropped();
  }

  private armReport(now: number): void {
    if (this.reportTimer || this.closed) return;
    const wait = Math.max(0, this.windowStart + this.windowMs - now) + 10;
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      this.roll(Date.now());
      if (this.dropped.error + this.dropped.warn > 0) this.armReport(Date.now()); // the writer is still away
    }, wait);
    this.reportTimer.unref();
  }

  private reportDropped(): void {
    const { error, warn } = this.dropped;
    if (error + warn === 0) return;
    const text =
      `${error + warn} log entries (${error} errors, ${warn} warnings) were not written to the Event Log: ` +
      `more than ${this.perWindow} in ${Math.round(this.windowMs / 1000)} s, or its writer was being restarted. The log files have them all.`;
    const level: Entry = error > 0 ? 'error' : 'warn';
    if (!this.send(level, text)) return; // kept for the next window
    this.dropped = { error: 0, warn: 0 };
    this.sentInWindow++;
  }

  private send(level: Entry, message: string): boolean {
    const child = this.ensureChild();
    if (!child?.stdin?.writable) return false;
    const { type, id } = ENTRY[level];
    const entry = { entryType: type, eventId: id, message: Buffer.from(truncate(message), 'utf8').toString('base64') };
    this.pending.push(level);
    child.stdin.write(`${JSON.stringify(entry)}\n`);
    return true;
  }

  /** The running writer, or a new one when the last started long enough ago. */
  private ensureChild(): ChildProcess | undefined {
    const current = this.child;
    if (current && current.exitCode === null && current.signalCode === null) return current;
    const now = Date.now();
    if (this.closed || now - this.startedAt < (this.options.restartMs ?? MINUTE)) return undefined;
    this.startedAt = now;
    const { powershell, source, lab } = this.options;
    const args = [
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      ...(/powershell(\.exe)?$/i.test(powershell) ? ['-ExecutionPolicy', 'Bypass'] : []),
      '-File',
      SCRIPT,
      '-Source',
      source,
      ...(lab ? ['-LabModule', lab.module, '-LabDir', lab.dir, '-LabHost', lab.host] : []),
    ];
    let child: ChildProcess;
    try {
      // The allow-listed environment of every shell: the bot's tokens stay in Node.
      child = spawn(powershell, args, { env: { ...shellEnvironment(), TERM: 'dumb', NO_COLOR: '1' }, stdio: 'pipe', windowsHide: true });
    } catch (error) {
      this.say('event log writer not started', { error: (error as Error).message });
      return undefined;
    }
    this.child = child;
    let stderr = '';
    const gone = (msg: string, fields: Record<string, unknown>) => {
      if (this.child !== child) return; // said already (an error may come with or without an exit)
      this.child = undefined;
      // What it had not answered may not be written: counted as dropped, and said later.
      for (const level of this.pending.splice(0)) this.dropped[level]++;
      if (this.dropped.error + this.dropped.warn > 0) this.armReport(Date.now());
      this.wake();
      if (!this.closed) this.say(msg, { ...fields, stderr: stderr.trim() || undefined });
    };
    child.on('error', (error) => gone('event log writer failed', { error: error.message })); // e.g. no such executable
    child.once('exit', (code, signal) => gone('event log writer stopped', { exit: code ?? signal }));
    child.stdin!.on('error', () => undefined); // a writer that died: its exit says so
    child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    createInterface({ input: child.stdout! }).on('line', (line) => this.answered(line));
    // Never what keeps this program running.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref?.();
    return child;
  }

  private answered(line: string): void {
    let answer: { ok?: boolean; error?: string };
    try {
      answer = JSON.parse(line);
    } catch {
      return; // not an answer (PowerShell's own noise)
    }
    this.pending.shift();
    if (answer.ok) this.written++;
    else {
      this.failed++;
      this.say('event log entry not written', { source: this.options.source, error: answer.error });
    }
    if (this.pending.length === 0) this.wake();
  }

  private wake(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Its own troubles go to the log files only (never back here), at most once a minute. */
  private say(msg: string, fields: Record<string, unknown>): void {
    const now = Date.now();
    if (now - this.saidAt < MINUTE) {
      this.unsaid++;
      return;
    }
    this.saidAt = now;
    this.quiet = true;
    try {
      log.warn(msg, { ...fields, ...(this.unsaid ? { alsoSince: this.unsaid } : {}) });
    } finally {
      this.quiet = false;
      this.unsaid = 0;
    }
  }
}

/** At most MAX_MESSAGE_CHARS UTF-16 units, never half a surrogate pair. */
export function truncate(text: string, max = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}
