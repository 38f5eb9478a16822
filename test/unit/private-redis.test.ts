// The redis-server the program starts for itself requires a random password, kept in DATA_DIR
// readable only by this account, and never on its command line.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../../src/redis/private-redis.ts';

let dir: string;
let redis: PrivateRedis;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'chatops-private-redis-'));
  redis = await startPrivateRedis(dir, { persist: false });
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('refuses a client without the password, and lets the program in with it', async () => {
  const url = new URL(redis.url);
  const stranger = new Redis({ host: url.hostname, port: Number(url.port), maxRetriesPerRequest: 0, lazyConnect: true });
  stranger.on('error', () => undefined);
  await stranger.connect().catch(() => undefined);
  await expect(stranger.set('chatops:approval:x', 'approved')).rejects.toThrow(/NOAUTH/);
  stranger.disconnect();
  const program = new Redis(redis.url);
  expect(await program.ping()).toBe('PONG');
  await program.quit();
});

it('keeps a random password in DATA_DIR with mode 600, not on the command line', async () => {
  const file = path.join(dir, 'redis.password');
  const password = readFileSync(file, 'utf8').trim();
  expect(password).toMatch(/^[0-9a-f]{64}$/);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(path.join(dir, 'redis.conf')).mode & 0o777).toBe(0o600);
  expect(redis.url).toContain(password);
  const pid = readFileSync(path.join(dir, 'redis.pid'), 'utf8').trim();
  expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(password);
});

it('uses the same password when started again from the same directory', async () => {
  const before = redis.url;
  await redis.stop();
  redis = await startPrivateRedis(dir, { persist: false });
  expect(new URL(redis.url).password).toBe(new URL(before).password);
});
