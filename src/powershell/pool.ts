// PowerShellPool: warm shells per target host, started on first use, replaced when broken.
// Loading Exchange's cmdlets takes seconds; a warm shell runs a step in milliseconds.
// Two lanes per host: 'work' for job steps and 'read' for read-only questions, so a question
// is answered while a long step (Exchange setup) holds the other shell.
import { log } from '../log.ts';
import type { Targets } from '../targets/targets.ts';
import { PowerShellSession, ShellBrokenError, type ScriptCall } from './session.ts';

export type Lane = 'work' | 'read';

export class PowerShellPool {
  private readonly sessions = new Map<string, Promise<PowerShellSession>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly targets: Targets) {}

  /** Run a script on a host. Calls to one host run one at a time, in order. */
  run(host: string, call: ScriptCall, timeoutMs: number, lane: Lane = 'work'): Promise<unknown> {
    const key = `${host}#${lane}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.runNow(host, key, call, timeoutMs));
    this.queues.set(key, next);
    return next;
  }

  private async runNow(host: string, key: string, call: ScriptCall, timeoutMs: number): Promise<unknown> {
    const session = await this.session(host, key);
    try {
      return await session.run(call, timeoutMs);
    } catch (error) {
      if (error instanceof ShellBrokenError) {
        log.warn('replacing a broken PowerShell session', { host, reason: error.message });
        this.sessions.delete(key);
        await session.dispose();
      }
      throw error;
    }
  }

  /** Start the host's shell now (workers do this at start so the first step is fast). */
  async warm(host: string, lane: Lane = 'work'): Promise<void> {
    await this.session(host, `${host}#${lane}`);
  }

  private async session(host: string, key: string): Promise<PowerShellSession> {
    const existing = this.sessions.get(key);
    if (existing) {
      const session = await existing.catch(() => undefined);
      if (session?.usable) return session;
      this.sessions.delete(key);
    }
    const started = PowerShellSession.start(this.targets.shellFor(host));
    this.sessions.set(key, started);
    started.catch(() => this.sessions.delete(key));
    return started;
  }

  async close(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.then((x) => x.dispose()).catch(() => undefined)));
  }
}
