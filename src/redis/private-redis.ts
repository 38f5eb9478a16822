// When REDIS_URL is unset, the program runs its own redis-server: a free loopback port, data under
// DATA_DIR/redis with AOF on (fsync every second) and no eviction, stopped when the program exits.
// It requires a password (any local user could otherwise approve or enqueue): a random one, made
// once and kept in DATA_DIR/redis/redis.password (mode 600), given to redis-server in a config file
// of mode 600, never on its command line (which every local user can read in /proc).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export class RedisMissingError extends Error {}

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function redisServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  if (!bin) {
    throw new RedisMissingError(
      'redis-server is not installed and REDIS_URL is not set. Install it (Debian/Ubuntu: apt-get install -y redis-server) ' +
        'or point REDIS_URL at a Redis 7 server.',
    );
  }
  return bin;
}

/** A redis-server left behind by a program that was killed: stop it before starting anew. */
function stopStale(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) process.kill(pid, 'SIGTERM');
  } catch {
    // not running any more
  }
  rmSync(pidFile, { force: true });
}

/** The private server's password: made once (random, 32 bytes), kept readable by this account only. */
export function privateRedisPassword(dir: string): string {
  const file = path.join(dir, 'redis.password');
  if (existsSync(file)) {
    if (process.platform !== 'win32' && statSync(file).mode & 0o077) chmodSync(file, 0o600);
    const kept = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(kept)) return kept;
  }
  const password = randomBytes(32).toString('hex');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with status ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.write('PING\r\n');
        socket.once('data', (d) => {
          socket.destroy();
          // Up: it answers (and asks for the password first).
          resolve(/^(\+PONG|-NOAUTH)/.test(d.toString()));
        });
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start within its time');
}

export async function startPrivateRedis(
  dir: string,
  options: { persist?: boolean; port?: number /** Redis's default is 16. */; databases?: number } = {},
): Promise<PrivateRedis> {
  const bin = redisServerBinary();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = privateRedisPassword(dir);
  const configFile = path.join(dir, 'redis.conf');
  writeFileSync(configFile, `requirepass ${password}\n`, { mode: 0o600 });
  chmodSync(configFile, 0o600);
  const pidFile = path.join(dir, 'redis.pid');
  stopStale(pidFile);
  const port = options.port ?? (await freePort());
  const persist = options.persist ?? true;
  const child = spawn(
    bin,
    [
      configFile,
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--protected-mode',
      'yes',
      '--dir',
      dir,
      '--pidfile',
      pidFile,
      '--daemonize',
      'no',
      '--appendonly',
      persist ? 'yes' : 'no',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--loglevel',
      'warning',
      ...(options.databases ? ['--databases', String(options.databases)] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitForPort(port, child, 10_000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
    },
  };
}
