// The audit log: append-only, in a Redis stream (chatops:audit) and in JSON-lines files, one a day
// (DATA_DIR/audit/audit-YYYY-MM-DD.jsonl). Both keep AUDIT_RETENTION_DAYS: the stream is trimmed
// by age on every write, older files are deleted once a day. Entries pass through redact(), so a
// secret-looking field never lands here.
import { appendFile, mkdir, readdir, unlink } from 'node:fs/promises';
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
  private prunedDay = '';

  constructor(
    private readonly redis: Redis,
    private readonly dir?: string,
    private readonly retentionMs = 90 * 24 * 3600 * 1000,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const now = new Date();
    const line = JSON.stringify({ at: now.toISOString(), ...(redact(entry) as AuditEntry) });
    try {
      const oldest = String(now.getTime() - this.retentionMs);
      await this.redis.xadd(AUDIT_STREAM, 'MINID', '~', oldest, '*', 'entry', line);
      if (this.dir) {
        const day = now.toISOString().slice(0, 10);
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        await appendFile(path.join(this.dir, `audit-${day}.jsonl`), `${line}\n`, { mode: 0o600 });
        if (this.prunedDay !== day) {
          this.prunedDay = day;
          await this.prune(now.getTime());
        }
      }
    } catch (error) {
      log.error('audit entry not written', { error: (error as Error).message, type: entry.type });
    }
  }

  async recent(n: number): Promise<Record<string, unknown>[]> {
    const rows = await this.redis.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', n);
    return rows.map(([, fields]) => JSON.parse(fields[1]!));
  }

  private async prune(now: number): Promise<void> {
    const cutoff = new Date(now - this.retentionMs).toISOString().slice(0, 10);
    for (const name of await readdir(this.dir!)) {
      const m = /^audit-(\d{4}-\d{2}-\d{2})\.jsonl$/.exec(name);
      if (m && m[1]! < cutoff) await unlink(path.join(this.dir!, name)).catch(() => undefined);
    }
  }
}
