// The queue dashboard (Bull Board), for operators who want to look at the queues: read-only (it can
// neither add, edit, retry, promote nor remove a job), on its own listener bound to loopback by
// default (DASHBOARD_HOST / DASHBOARD_PORT; the Slack receiver's port faces Slack), behind HTTP
// Basic authentication (user "admin", ADMIN_PASSWORD) with at most 5 failed logins a minute per
// client address. Job data holds no secret (see job-data.ts), so nothing it shows is one.
import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';
import { RateLimiter } from '../../engine/rate-limit.ts';

export const DASHBOARD_PATH = '/admin/queues';
export const LOGIN_FAILURES = { count: 5, windowMs: 60_000 };

type Req = { headers: Record<string, string | string[] | undefined>; ip?: string; socket: { remoteAddress?: string } };
type Res = { status(n: number): { set(k: string, v: string): { send(b: string): void } } };

/** HTTP Basic authentication (user "admin"); constant-time comparison; failed logins limited per address. */
export function basicAuth(password: string, failures = new RateLimiter(LOGIN_FAILURES)) {
  const expected = Buffer.from(`admin:${password}`);
  return (req: Req, res: Res, next: () => void) => {
    const client = req.socket.remoteAddress ?? 'unknown';
    const wait = failures.wait(client);
    if (wait > 0) {
      res
        .status(429)
        .set('Retry-After', String(Math.ceil(wait / 1000)))
        .send('Too many failed logins: try again later');
      return;
    }
    const header = String(req.headers.authorization ?? '');
    const given = Buffer.from(header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    if (header) failures.count(client); // a browser's first request carries no credentials: not a failure
    res.status(401).set('WWW-Authenticate', 'Basic realm="exchange chat-ops queues"').send('Authentication required');
  };
}

export interface Dashboard {
  url: string;
  stop(): Promise<void>;
}

export async function startDashboard(queues: Queue[], password: string, at: { host: string; port: number }): Promise<Dashboard> {
  const board = new ExpressAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true, allowRetries: false })), serverAdapter: board });
  const app = express();
  app.disable('x-powered-by');
  app.use(DASHBOARD_PATH, basicAuth(password) as never, board.getRouter());
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(at.port, at.host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = at.host.includes(':') ? `[${at.host}]` : at.host;
  return {
    url: `http://${host}:${port}${DASHBOARD_PATH}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
