// Socket Mode from outside: the real program (SLACK_MODE=socket) against a local Socket Mode
// stand-in (WebSocket on 127.0.0.1) and the Web API stand-in answering apps.connections.open.
// Commands, clicks and mentions arrive as envelopes and are acked over the socket; a server
// `disconnect` is followed by a new connection; and Slack away for a while (apps.connections.open
// and every Web API call answering 500) neither stops the bot nor the job it runs: it keeps trying
// at most 20 s apart, is back soon after Slack is, and the job's card reaches its end.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppProcess } from '../fixtures/app-process.ts';
import { labCalls, labPasswordIs, mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, eventBody, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, type SlackCall, SlackStub } from '../fixtures/slack-stub.ts';
import { formPayload, SocketModeStub, startSocketApp } from '../fixtures/socket-mode-stub.ts';

/** The CI version of the outage (npm run drills holds Slack away for the 60 s of the issue). */
const OUTAGE_MS = 20_000;

let slack: SlackStub;
let socket: SocketModeStub;
let app: AppProcess;
let labDir: string;
const answered = new Map<SlackCall, string>();

beforeAll(async () => {
  slack = await new SlackStub().start();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  socket = await new SocketModeStub().start(slack);
  // Set-Mailbox takes 3 s: the outage's job is still running when Slack goes away.
  ({ app, labDir } = await startSocketApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), env: { LAB_SLOW: 'Set-Mailbox=3000' } }));
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await socket?.stop();
  await slack?.stop();
});

const command = (text: string, user = 'UADMIN1') => socket.send('slash_commands', formPayload(slashCommandBody({ text, user })));
const cardOf = (summary: string) => slack.of('chat.postMessage').find((c) => !c.args.thread_ts && c.args.text.includes(summary));
const finalCard = (summary: string) =>
  slack
    .of('chat.update')
    .filter((c) => c.args.text.includes(summary))
    .at(-1)?.args.text as string | undefined;
const passwordsFor = (name: string) =>
  slack
    .of('chat.postEphemeral')
    .filter((c) => c.args.text.includes(`Initial password for *${name}*`))
    .map((c) => /`([^`]+)`/.exec(c.args.text)![1]!);

it('connects with the app token, and a command is acked over the socket; its job ends Done on its card', async () => {
  await socket.waitForConnections(1);
  expect(socket.tokens[0]).toBe('xapp-1-A0APP-socket-test');
  const ack = await command('add-user Frank 2GB');
  expect(ack.payload).toEqual({}); // no private reply: the card says the rest
  expect(ack.ms).toBeLessThan(3000);
  await slack.waitFor(() => /^Done: add-user Frank \(2 GB\)/.test(finalCard('add-user Frank') ?? ''), 60_000);
  expect(mailbox(labDir, 'Frank')).toBeDefined();
  expect(labPasswordIs(labDir, 'Frank', passwordsFor('Frank')[0] ?? '')).toBe(true);
  // A read-only answer rides on the ack itself, as over HTTP.
  const help = await command('help');
  expect(String(help.payload.text)).toMatch(/\/exchange/);
}, 90_000);

it('an approval button arrives as an interactive envelope: acked, decided, the job goes on', async () => {
  await command('remove-user Frank');
  let approval: { id: string; ts: string } | undefined;
  await slack.waitFor(() => {
    const cardTs = answered.get(cardOf('remove-user Frank')!);
    const post = slack.of('chat.postMessage').find((c) => cardTs && c.args.thread_ts === cardTs && /^Approval needed/.test(c.args.text));
    if (post) approval = { id: post.args.blocks.find((b: any) => b.type === 'actions').elements[0].value, ts: answered.get(post)! };
    return Boolean(approval);
  });
  const click = formPayload(
    buttonClickBody({ user: 'UADMIN2', actionId: 'approval:approve', value: approval!.id, channel: 'CGENERAL', messageTs: approval!.ts }),
  );
  const ack = await socket.send('interactive', click);
  expect(ack.ms).toBeLessThan(3000);
  await slack.waitFor(() => /^Done: remove-user Frank/.test(finalCard('remove-user Frank') ?? ''), 60_000);
  await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && c.args.ts === approval!.ts && /^Approved by <@UADMIN2>/.test(c.args.text)));
  expect(mailbox(labDir, 'Frank')).toBeUndefined();
}, 90_000);

it('an app mention arrives as an events_api envelope: acked, answered in the channel', async () => {
  const before = slack.calls.length;
  const event = JSON.parse(eventBody({ type: 'app_mention', user: 'UADMIN1', text: '<@UBOT> status', channel: 'CIT', ts: '1.2' }));
  const ack = await socket.send('events_api', event);
  expect(ack.ms).toBeLessThan(3000);
  await slack.waitFor((calls) => calls.slice(before).some((c) => c.method === 'chat.postMessage' && c.args.channel === 'CIT' && /^Status: /.test(c.args.text)));
});

it('a server-initiated disconnect: the bot opens a new connection and goes on', async () => {
  const opened = slack.of('apps.connections.open').length;
  socket.askToReconnect('refresh_requested');
  await socket.waitForConnections(2, 20_000);
  expect(slack.of('apps.connections.open').length).toBe(opened + 1);
  const ack = await command('add-user Grace 1GB');
  expect(ack.payload).toEqual({});
  await slack.waitFor(() => /^Done: add-user Grace/.test(finalCard('add-user Grace') ?? ''), 60_000);
}, 60_000);

it('Slack away while a job runs: the bot keeps trying (at most 20 s apart, logged), is back within 30 s, and the card ends Done', async () => {
  await command('add-user Olivia 1GB');
  const deadline = Date.now() + 30_000;
  while (!labCalls(labDir, 'EXCH').some((c) => c.cmdlet === 'New-Mailbox' && c.args.Name === 'Olivia')) {
    if (Date.now() > deadline) throw new Error(`New-Mailbox never ran:\n${app.output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  // Slack goes away (every method answers 500), and the connection with it.
  const outageStart = Date.now();
  slack.outage = { methods: /./, status: 500, until: outageStart + OUTAGE_MS };
  const hellos = socket.hellos.length;
  socket.drop();
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  const back = Date.now();
  await socket.waitForConnections(hellos + 1, 30_000);
  const reconnectedAfterMs = socket.hellos.at(-1)! - back;
  expect(reconnectedAfterMs).toBeLessThan(30_000);
  expect(app.child.exitCode).toBeNull();

  // Every try is one apps.connections.open, logged with the wait before the next (at most 20 s).
  const tries = slack.calls.filter((c) => c.method === 'apps.connections.open!500').map((c) => c.at);
  expect(tries.length).toBeGreaterThanOrEqual(3);
  const gaps = tries.slice(1).map((t, i) => t - tries[i]!);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(20_000 + 1000);
  const logged = app.output.split('\n').filter((l) => l.includes('Socket Mode could not connect'));
  expect(logged.length).toBe(tries.length);
  expect(logged.map((l) => JSON.parse(l).inMs as number).every((ms) => ms > 0 && ms <= 20_000)).toBe(true);

  // The job went on meanwhile; its card catches up through the outbox, and the one password works.
  await slack.waitFor(() => /^Done: add-user Olivia/.test(finalCard('add-user Olivia') ?? ''), 60_000);
  expect(labCalls(labDir, 'EXCH').filter((c) => c.cmdlet === 'New-Mailbox' && c.args.Name === 'Olivia')).toHaveLength(1);
  expect(passwordsFor('Olivia')).toHaveLength(1);
  expect(labPasswordIs(labDir, 'Olivia', passwordsFor('Olivia')[0]!)).toBe(true);
  // The card's last call shows the whole checklist done.
  const last = slack
    .of('chat.update')
    .filter((c) => c.args.text.includes('add-user Olivia'))
    .at(-1)!;
  expect(callText(last)).toMatch(/✅ 4\/4/);
  // And commands are taken again over the new connection.
  expect((await command('help')).payload.text).toBeDefined();
}, 150_000);
