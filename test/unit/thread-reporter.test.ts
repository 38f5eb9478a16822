// The ThreadReporter with the real Slack adapter and Web API client, against the Slack stand-in:
// pacing, coalescing, Retry-After on 429, and a failing Slack that never fails the caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebClient } from '../../src/chat/slack/web-client.ts';
import { SlackChat } from '../../src/chat/slack/adapter.ts';
import { ThreadReporter } from '../../src/chat/thread-reporter.ts';
import { loadConfig } from '../../src/config.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let chat: SlackChat;
beforeAll(async () => {
  slack = await new SlackStub().start();
  chat = new SlackChat(createWebClient(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_API_URL: slack.url })));
});
afterAll(() => slack.stop());

describe('ThreadReporter', () => {
  it('spaces calls in one channel, sends only the newest content of a message, and keeps order', async () => {
    slack.calls.length = 0;
    const reporter = new ThreadReporter(chat, 300);
    const card = reporter.post('C1', { text: 'Queued' });
    const line = reporter.post('C1', { text: 'step 1…' }, card);
    reporter.update(line, { text: 'step 1 done' }); // the post has not gone out yet: it carries this text
    reporter.update(card, { text: 'Running (step 1 of 2)' });
    reporter.update(card, { text: 'Running (step 2 of 2)' }); // replaces the queued update
    reporter.update(card, { text: 'Done' });
    await reporter.idle();
    expect(slack.calls.map((c) => `${c.method} ${c.args.text}`)).toEqual(['chat.postMessage Queued', 'chat.postMessage step 1 done', 'chat.update Done']);
    expect(slack.calls[1]!.args.thread_ts).toBe(await card.posted);
    const gaps = slack.calls.slice(1).map((c, i) => c.at - slack.calls[i]!.at);
    // Measured where Slack receives them, so allow for request jitter; unpaced calls are ~1 ms apart.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(200);
  });

  it('waits out Retry-After on a 429, then delivers', async () => {
    slack.calls.length = 0;
    slack.failNext('chat.postMessage', 429, 1);
    const reporter = new ThreadReporter(chat, 0);
    const ref = reporter.post('C2', { text: 'after a rate limit' });
    expect(await ref.posted).toBeTruthy();
    const [limited, ok] = slack.calls;
    expect(limited!.method).toBe('chat.postMessage!429');
    expect(ok!.method).toBe('chat.postMessage');
    expect(ok!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('drops a call Slack keeps failing (500), without throwing, and goes on', async () => {
    slack.calls.length = 0;
    slack.failNext('chat.postMessage', 500, undefined, 3);
    const reporter = new ThreadReporter(chat, 0);
    const lost = reporter.post('C3', { text: 'lost' });
    reporter.update(lost, { text: 'never sent: its post failed' });
    const next = reporter.post('C3', { text: 'next' });
    expect(await lost.posted).toBeUndefined();
    expect(await next.posted).toBeTruthy();
    await reporter.idle();
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage!500')).toHaveLength(3);
    expect(slack.of('chat.update')).toHaveLength(0);
    expect(slack.of('chat.postMessage').map((c) => c.args.text)).toEqual(['next']);
  });

  it('sends private messages as ephemeral, and as a direct message when that is refused', async () => {
    slack.calls.length = 0;
    slack.refuseNext('chat.postEphemeral', 'user_not_in_channel');
    const reporter = new ThreadReporter(chat, 0);
    reporter.postPrivate('C4', 'UFRANK', { text: 'secret for you' });
    await reporter.idle();
    expect(slack.of('conversations.open')[0]!.args.users).toBe('UFRANK');
    expect(slack.of('chat.postMessage')[0]!.args).toMatchObject({ channel: 'DUFRANK', text: 'secret for you' });
  });
});
