// One warm PowerShell process (node-powershell) and the result protocol of runtime.ps1.
// Every invocation is a single line whose arguments are base64: user text never becomes code.
import { fileURLToPath } from 'node:url';
import { PowerShell } from 'node-powershell';
import { shellEnvironment } from './environment.ts';
import { quotePsLiteral, toBase64Json } from './quote.ts';

const RUNTIME = fileURLToPath(new URL('./runtime.ps1', import.meta.url));
const MARKER = '@@chatops-result@@';

export interface ScriptFailure {
  message: string;
  category: string;
  id: string;
}

/**
 * The script ran and failed (Exchange said no): the shell is fine. A script's own sentences are
 * English; errorText() writes the ones it knows (the `ps.*` messages) in the reader's language.
 */
export class ScriptError extends Error {
  constructor(readonly failure: ScriptFailure) {
    super(failure.message);
    this.name = 'ScriptError';
  }
}

/** The shell itself failed (crashed, timed out, answered nonsense): it must be replaced. */
export class ShellBrokenError extends Error {
  override name = 'ShellBrokenError';
}

export interface ScriptCall {
  script: string; // absolute path of a .ps1 with a param() block
  params?: Record<string, unknown>;
}

export interface SessionOptions {
  executable: string;
  prelude?: ScriptCall; // run once after start (load Exchange's cmdlets, or the lab)
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

export class PowerShellSession {
  private broken = false;
  private constructor(private readonly shell: PowerShell) {}

  static async start(options: SessionOptions): Promise<PowerShellSession> {
    const isWindowsPowerShell = /powershell(\.exe)?$/i.test(options.executable);
    const shell = new PowerShell({
      executable: options.executable,
      executableOptions: {
        '-NoProfile': true,
        '-NonInteractive': true,
        ...(isWindowsPowerShell ? { '-ExecutionPolicy': 'Bypass' } : {}),
      },
      // No terminal control sequences in what we parse.
      // An allow-listed environment, never the bot's own: its tokens and passwords stay in Node.
      spawnOptions: { env: { ...shellEnvironment(), TERM: 'dumb', NO_COLOR: '1', ...options.env } },
      throwOnInvocationError: false,
    });
    const session = new PowerShellSession(shell);
    try {
      await session.raw(`. ${quotePsLiteral(RUNTIME)}; [Console]::OutputEncoding = [System.Text.Encoding]::UTF8`, options.startTimeoutMs ?? 60_000);
      if (options.prelude) await session.run(options.prelude, options.startTimeoutMs ?? 120_000);
    } catch (error) {
      await session.dispose();
      throw error;
    }
    return session;
  }

  get usable(): boolean {
    return !this.broken;
  }

  /** Run one script with data parameters; resolves to its result object. */
  async run(call: ScriptCall, timeoutMs: number): Promise<unknown> {
    const scriptB64 = Buffer.from(call.script, 'utf8').toString('base64');
    const line = `Invoke-ChatOpsScript -ScriptB64 '${scriptB64}' -ParamsB64 '${toBase64Json(call.params ?? {})}'`;
    const stdout = await this.raw(line, timeoutMs);
    const at = stdout.lastIndexOf(MARKER);
    const found =
      at < 0
        ? undefined
        : stdout
            .slice(at)
            .split(/\r?\n/)[0]!
            .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    if (!found) {
      this.broken = true;
      throw new ShellBrokenError(`PowerShell gave no result for ${call.script}: ${stdout.slice(0, 300)}`);
    }
    const envelope = JSON.parse(found.slice(MARKER.length)) as { ok: boolean; result?: unknown; error?: ScriptFailure; broken?: boolean };
    if (envelope.broken) {
      // A remote runner lost its session during the step: like a shell that died, replace it.
      this.broken = true;
      void this.dispose();
      throw new ShellBrokenError(envelope.error?.message ?? 'the remote session broke');
    }
    if (!envelope.ok) throw new ScriptError(envelope.error ?? { message: 'unknown error', category: '', id: '' });
    return envelope.result ?? null;
  }

  private async raw(command: string, timeoutMs: number): Promise<string> {
    if (this.broken) throw new ShellBrokenError('this PowerShell session is no longer usable');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ShellBrokenError(`PowerShell did not answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    try {
      const result = await Promise.race([this.shell.invoke(command), timeout]);
      return result.stdout?.toString('utf8') ?? '';
    } catch (error) {
      this.broken = true;
      void this.dispose();
      throw error instanceof ShellBrokenError ? error : new ShellBrokenError(`PowerShell stopped: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
      // node-powershell keeps every command (with its base64 parameters) forever: drop them.
      this.shell.history.length = 0;
    }
  }

  async dispose(): Promise<void> {
    this.broken = true;
    try {
      await this.shell.dispose('SIGKILL');
    } catch {
      // already gone
    }
  }
}
