// Settings kept in Redis and copied in each bot's memory: a change reaches every bot on the same
// database at once, and none on another database of the same server (Redis's pub/sub channels are
// the server's, so the channel names the database).
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { Settings } from '../../src/engine/settings.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';

const connections: Redis[] = [];
const connect = (url: string) => {
  const r = new Redis(url);
  connections.push(r);
  return r;
};
afterAll(async () => {
  for (const r of connections) await r.quit();
});

async function bot(url: string): Promise<Settings> {
  const settings = new Settings(connect(url));
  await settings.watch(connect(url));
  return settings;
}

const until = async (check: () => Promise<boolean>) => {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
};

it('a change reaches the other bots of its database, and no bot of another database', async () => {
  const [one, two] = [await freshRedisUrl(), await freshRedisUrl()];
  const here = await bot(one);
  const sameDb = await bot(one);
  const otherDb = await bot(two);
  await otherDb.set('integration', 'off');
  await here.set('integration', 'on');
  await until(async () => (await sameDb.get('integration')) === 'on');
  await new Promise((r) => setTimeout(r, 200)); // time enough for a stray message to arrive
  expect(await otherDb.get('integration')).toBe('off');
  await here.delete('integration');
  await until(async () => (await sameDb.get('integration')) === undefined);
  expect(await otherDb.get('integration')).toBe('off');
});
