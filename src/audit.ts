// The audit log: append-only, in a Redis stream (chatops:audit) and a JSON-lines file.
// Entries pass through redact(), so a secret-looking field never lands here.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { log } from './log.ts';
import { redact } from './secrets.ts';

export const AUDIT_STREAM = 'chatops:audit';

export interface AuditEntry {
  type: string;
  user?: string;
  [key: string]: unknown;
}

export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly file?: string,
    private readonly maxEntries = 100_000,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const line = JSON.stringify({ at: new Date().toISOString(), ...(redact(entry) as AuditEntry) });
    try {
      await this.redis.xadd(AUDIT_STREAM, 'MAXLEN', '~', String(this.maxEntries), '*', 'entry', line);
      if (this.file) {
        await mkdir(path.dirname(this.file), { recursive: true });
        await appendFile(this.file, line + '\n', { mode: 0o600 });
      }
    } catch (error) {
      log.error('audit entry not written', { error: (error as Error).message, type: entry.type });
    }
  }

  async recent(n: number): Promise<Record<string, unknown>[]> {
    const rows = await this.redis.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', n);
    return rows.map(([, fields]) => JSON.parse(fields[1]!));
  }
}
