// The queue dashboard (Bull Board) at /admin/queues, behind HTTP Basic authentication (user
// "admin", ADMIN_PASSWORD), for operators who want to look at the queues.
import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { ExpressReceiver } from '@slack/bolt';
import type { Queue } from 'bullmq';

/** HTTP Basic authentication for the queue dashboard (user "admin"); constant-time comparison. */
function basicAuth(password: string) {
  const expected = Buffer.from(`admin:${password}`);
  return (
    req: { headers: Record<string, string | string[] | undefined> },
    res: { status(n: number): { set(k: string, v: string): { send(b: string): void } } },
    next: () => void,
  ) => {
    const header = String(req.headers.authorization ?? '');
    const given = Buffer.from(header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.status(401).set('WWW-Authenticate', 'Basic realm="exchange chat-ops queues"').send('Authentication required');
  };
}

export function mountDashboard(receiver: ExpressReceiver, queues: Queue[], password: string): void {
  const board = new ExpressAdapter();
  board.setBasePath('/admin/queues');
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: board });
  receiver.app.use('/admin/queues', basicAuth(password) as never, board.getRouter());
}
