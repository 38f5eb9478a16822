// The outbox against real Redis and the Slack stand-in (through the real Slack adapter): only the
// newest state of a message goes out, a refused call is tried again until Slack takes it, a post is
// made once, and what one process left behind is sent by another.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/chat/outbox.ts';
import { SlackChat } from '../../src/chat/slack/adapter.ts';
import { createWebClient } from '../../src/chat/slack/web-client.ts';
import { loadConfig } from '../../src/config.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let redis: Redis;
let chat: SlackChat;
let state = 'one';
const outboxes: Outbox[] = [];

function outbox(): Outbox {
  const o = new Outbox(redis, chat, { updateGapMs: 200, leaseMs: 2000 });
  o.register('text', { render: async () => ({ text: state }) });
  outboxes.push(o);
  return o;
}

beforeAll(async () => {
  slack = await new SlackStub().start();
  redis = new Redis(await freshRedisUrl());
  chat = new SlackChat(createWebClient(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_API_URL: slack.url })));
});
afterAll(async () => {
  for (const o of outboxes) o.stop();
  await redis.quit();
  await slack.stop();
});

describe('Outbox', () => {
  it('sends a message’s newest state, at most once per gap, and nothing twice', async () => {
    const o = outbox();
    for (const s of ['one', 'two', 'three']) {
      state = s;
      await o.sync('card:a', { renderer: 'text', ref: 'a', channel: 'C1', ts: '1.1' });
    }
    await o.idle();
    await new Promise((r) => setTimeout(r, 400));
    await o.idle();
    const updates = slack.of('chat.update').filter((c) => c.args.ts === '1.1');
    expect(updates.at(-1)!.args.text).toBe('three');
    expect(updates.length).toBeLessThanOrEqual(2);
    for (const [i, u] of updates.slice(1).entries()) expect(u.at - updates[i]!.at).toBeGreaterThanOrEqual(150);
  });

  it('tries a refused call again until Slack takes it', async () => {
    const o = outbox();
    o.start(100);
    slack.failNext('chat.update', 500, undefined, 7); // the client's own retries take 3 of them per try
    state = 'final';
    await o.sync('card:b', { renderer: 'text', ref: 'b', channel: 'C1', ts: '2.2' });
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.ts === '2.2' && c.args.text === 'final'), 20_000);
    expect(slack.of('chat.update!500').length).toBe(7);
    o.stop(); // its drain loop would otherwise take the next test's work from Redis
  });

  it('posts once per key, and hands the ts to its renderer', async () => {
    const o = outbox();
    const got: string[] = [];
    o.register('approval', { render: async () => undefined, posted: async (ref, ts) => void got.push(`${ref}=${ts}`) });
    await o.post('post:x', { channel: 'C1', threadTs: '3.3', message: { text: 'Approval needed' }, onPosted: { renderer: 'approval', ref: 'x' } });
    await o.post('post:x', { channel: 'C1', threadTs: '3.3', message: { text: 'Approval needed' }, onPosted: { renderer: 'approval', ref: 'x' } });
    await o.idle();
    // Another outbox on the same Redis may be the one that sent it: wait for the renderer's word.
    await slack.waitFor(() => got.length > 0, 10_000);
    expect(slack.of('chat.postMessage').filter((c) => c.args.text === 'Approval needed')).toHaveLength(1);
    expect(got).toHaveLength(1);
  });

  it('what a stopped process left in Redis is sent by another one', async () => {
    // Written without draining: as if the process died right after saving the job.
    await redis
      .multi()
      .hset('chatops:outbox:card:c', 'entry', JSON.stringify({ kind: 'sync', renderer: 'text', ref: 'c', channel: 'C1', ts: '4.4' }), 'v', '1')
      .zadd('chatops:outbox', Date.now(), 'card:c')
      .exec();
    state = 'left behind';
    const other = outbox();
    other.start(100);
    await slack.waitFor(() => slack.of('chat.update').some((c) => c.args.ts === '4.4' && c.args.text === 'left behind'), 10_000);
    expect(await redis.zscore('chatops:outbox', 'card:c')).toBeNull();
  });
});
