// A bare Bolt app on the HTTP receiver, acking /exchange at once: the yardstick the bench sets the
// bot's ack beside (same machine, same run, same signed requests).
import { App, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT);
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
});
app.command('/exchange', async ({ ack }) => {
  await ack();
});
await app.start({ port, host: '127.0.0.1' } as never);
console.log('bare bolt listening');
