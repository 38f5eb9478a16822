// What a job kind is: an ordered list of steps built from the job's plain-data parameters.
// Each folder in jobs/ exports one JobDefinition; the worker rebuilds the steps on every run.
import type { ChatMessage } from '../chat/types.ts';

export interface ProbeResult {
  done: boolean;
  detail?: string;
  /** This host cannot do the step itself: a person must (see StepDefinition.manual). */
  manual?: boolean;
}

export interface StepDefinition {
  id: string;
  /** For the thread, in the guide's words: "Create the mailbox". */
  title: string;
  /** Defaults to the job's host. */
  host?: string;
  /** Absolute path of the .ps1; it gets `params` (plain data) splatted. */
  script: string;
  params: Record<string, unknown>;
  /** A read-only script telling whether the step is done already ({done, detail}). */
  probe?: { script: string; params: Record<string, unknown> };
  /** A secret made on the worker for this run only, passed as this parameter, then sent privately. */
  generatedSecret?: { param: string; deliver(secret: string, result: any): ChatMessage };
  /** The thread's words for what the step did. */
  outcome(result: any): string;
  timeoutMs?: number;
  /** A person must agree first: what will happen (plain words; may use earlier steps' results). */
  approval?: { what(results: Record<string, any>): string; confirm?: boolean };
  /** false: the probe cannot confirm the change afterwards (nothing to read back), so it is not re-run. */
  verify?: boolean;
  /** The script restarts the host: the job is parked before, and goes on once the host is back. */
  reboots?: boolean;
  /** Done by a person (at the registrar, on the router): instructions and a Done button; the probe decides. */
  manual?: {
    instructions(results: Record<string, any>): string;
    /** Only when the probe says so ({manual: true}): the step is automatic where it can be. */
    onlyWhenProbeSays?: boolean;
    /** false: nothing can be read back, so Done is taken as said. */
    check?: boolean;
  };
  /** A file the step's result makes, attached to the job's thread. */
  attachment?(result: any): { name: string; content: string; comment: string };
  /** A secret read on the worker from its own store by name, passed as this parameter. */
  storedSecret?: { param: string; name: string };
  /** For long steps: what the thread says while it runs ("Exchange setup is running"). */
  progress?: string;
  /** A reason to skip this step, given earlier steps' results (e.g. no password for an existing account). */
  skipIf?(results: Record<string, any>): string | undefined;
}

export interface JobServices {
  settings: import('./settings.ts').Settings;
}

export interface JobDefinition<P = any> {
  kind: string;
  steps(params: P): StepDefinition[];
  /** After every step is done: what the bot should remember (a setting). */
  onDone?(services: JobServices, params: P): Promise<void>;
}
