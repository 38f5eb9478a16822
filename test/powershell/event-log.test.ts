// The Event Log writer (src/event-log.ts and write-event-log.ps1) against the lab's Write-EventLog:
// real pwsh, the lab's calls log read back. The source is registered first through the lab's
// New-EventLog, as install-worker.ps1 does before the service starts.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { EventLogWriter, type EventLogOptions, MAX_MESSAGE_CHARS, truncate } from '../../src/event-log.ts';
import { log, setLogSink } from '../../src/log.ts';
import type { PowerShellPool } from '../../src/powershell/pool.ts';
import { labSelf } from '../../src/targets/targets.ts';
import { labCalls } from '../fixtures/lab.ts';
import { labPool } from '../fixtures/lab-pool.ts';

let pool: PowerShellPool;
let labDir: string;
let lines: string[] = [];
let shared: EventLogWriter;
const writers: EventLogWriter[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-event-log-'));

const entries = () =>
  labCalls(labDir, 'EXCH')
    .filter((c) => c.cmdlet === 'Write-EventLog')
    .map((c) => c.args as Record<string, unknown>);
function writer(options: Partial<EventLogOptions> = {}): EventLogWriter {
  const lab = labSelf(loadConfig({ LAB_DIR: labDir }))!;
  const w = new EventLogWriter({ source: 'ChatOpsBot', powershell: inject('pwsh'), lab, ...options });
  writers.push(w);
  return w;
}
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  // The administrator's shell (install-worker.ps1 runs as one), on a lab of its own.
  ({ pool, labDir } = labPool({ LAB_ENFORCE_RBAC: 'false' }));
  const register = path.join(dir, 'register.ps1');
  writeFileSync(register, '[CmdletBinding()] param([string]$Source)\nNew-EventLog -LogName Application -Source $Source\n@{ ok = $true }');
  await pool.run('EXCH', { script: register, params: { Source: 'ChatOpsBot' } }, 30_000);
  setLogSink((line) => lines.push(line));
});

afterAll(async () => {
  setLogSink((line) => process.stderr.write(`${line}\n`));
  await Promise.all(writers.map((w) => w.close()));
  await pool?.close();
});

it('writes an error and a warning, as logged, with their entry type, event id and source; nothing else', async () => {
  const w = (shared = writer().open());
  lines = [];
  log.info('not for the Event Log');
  log.error('event-log test: an error', { job: '42', password: 'Sekr3t-Pa55!' });
  log.warn('event-log test: a warning');
  await w.flush();
  expect(w.written).toBe(2);
  expect(entries()).toEqual([
    { LogName: 'Application', Source: 'ChatOpsBot', EventId: 1001, EntryType: 'Error', Message: lines[1] },
    { LogName: 'Application', Source: 'ChatOpsBot', EventId: 1002, EntryType: 'Warning', Message: lines[2] },
  ]);
  // The line as logged: redacted by src/log.ts before it ever reaches the writer.
  expect(JSON.stringify(entries())).not.toContain('Sekr3t');
  expect(entries()[0]!.Message).toContain('"password":"[redacted]"');
});

it('passes hostile text verbatim, as data: quotes of every kind, $(...), newlines; nothing runs', async () => {
  const canary = path.join(dir, 'canary');
  const hostile = [
    `$(New-Item -ItemType File -Path '${canary}')`,
    `"; New-Item -ItemType File -Path "${canary}"; "`,
    `’; New-Item -ItemType File -Path ’${canary}’; ’ “$(whoami)” ‘x’ \`$env:PATH @() | & ;`,
    'line one\nline two\r\n\ttabbed 😀 Frédéric',
  ].join('\n');
  const long = `${'x'.repeat(MAX_MESSAGE_CHARS + 5000)}`;
  const w = shared; // the same writer, still running
  w.write('error', hostile);
  w.write('warn', long);
  await w.flush();
  expect(w.written).toBe(4);
  const [first, second] = entries().slice(-2);
  expect(first!.Message).toBe(hostile);
  expect(second!.Message).toBe(truncate(long));
  expect(String(second!.Message)).toHaveLength(MAX_MESSAGE_CHARS);
  expect(existsSync(canary)).toBe(false);
  await w.close();
});

it('keeps to its rate: past the cap entries are dropped, and the next window says how many', async () => {
  const w = writer({ perWindow: 3, windowMs: 1000 });
  for (let i = 1; i <= 8; i++) w.write(i === 8 ? 'error' : 'warn', `rate test ${i}`);
  await w.flush();
  expect(
    entries()
      .filter((e) => String(e.Message).startsWith('rate test'))
      .map((e) => e.Message),
  ).toEqual(['rate test 1', 'rate test 2', 'rate test 3']);
  // No further line needed: the window's end brings the count.
  await until(() => entries().some((e) => /were not written/.test(String(e.Message))));
  const report = entries().find((e) => /were not written/.test(String(e.Message)))!;
  expect(report).toMatchObject({ Source: 'ChatOpsBot', EntryType: 'Error', EventId: 1001 });
  expect(report.Message).toMatch(/^5 log entries \(1 errors, 4 warnings\) were not written to the Event Log: more than 3 in 1 s/);
  await w.close();
});

it('a writer that died is started again, at most once per restart interval; what it missed is counted', async () => {
  const w = writer({ restartMs: 800 });
  w.write('warn', 'sent, then the writer killed');
  const first = w.pid!;
  process.kill(first, 'SIGKILL'); // before PowerShell even read it
  await until(() => w.pid === undefined);
  w.write('warn', 'too soon: dropped'); // within restartMs of the start
  await new Promise((r) => setTimeout(r, 800));
  w.write('warn', 'after the interval');
  await w.flush();
  expect(w.pid).not.toBe(first);
  const messages = entries().map((e) => String(e.Message));
  expect(messages).toContain('after the interval');
  expect(messages).not.toContain('too soon: dropped');
  await w.close(); // the count goes out before stdin closes
  expect(entries().at(-1)!.Message).toMatch(/^2 log entries \(0 errors, 2 warnings\) were not written/);
  expect(lines.some((l) => /event log writer stopped/.test(l))).toBe(true);
});

it('an unregistered source, or no PowerShell at all, fails quietly: logging goes on, nothing throws', async () => {
  const before = entries().length;
  const w = writer({ source: 'NotRegistered' }).open();
  lines = [];
  log.error('event-log test: nobody registered me');
  await w.flush();
  expect(w.failed).toBe(1);
  expect(entries()).toHaveLength(before);
  log.info('still logging');
  expect(lines[0]).toMatch(/nobody registered me/);
  const said = lines.filter((l) => /event log entry not written/.test(l));
  expect(said).toHaveLength(1); // said in the log files, not sent round again to the Event Log
  expect(said[0]).toMatch(/The source name \\"NotRegistered\\" does not exist on computer \\"localhost\\"/);
  expect(lines.at(-1)).toMatch(/still logging/);
  await w.close();

  const missing = writer({ powershell: path.join(dir, 'no-such-powershell') }).open();
  lines = [];
  log.error('event-log test: no PowerShell');
  await missing.flush();
  log.info('still logging');
  expect(lines[0]).toMatch(/no PowerShell/);
  expect(lines.at(-1)).toMatch(/still logging/);
  expect(lines.some((l) => /event log writer failed.*ENOENT/.test(l))).toBe(true);
  await missing.close();
});

it('truncates at a character boundary', () => {
  expect(truncate('abc', 5)).toBe('abc');
  expect(truncate('abcdefgh', 5)).toBe('abcd…');
  expect(truncate('abc😀efgh', 5)).toBe('abc…'); // not half of the emoji
});
