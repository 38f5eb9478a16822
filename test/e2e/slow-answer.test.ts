// An answer slower than Slack's 3 s (deploy plan's probes on a busy host): the ack comes at once
// and says the answer follows; the plan then lands in the channel, as a fast one would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEPLOY_PROFILE } from '../fixtures/deploy-profile.ts';
import { SIGNING_SECRET, startHttpApp, type HttpApp } from '../fixtures/app-process.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { SlackStub } from '../fixtures/slack-stub.ts';

let slack: SlackStub;
let app: HttpApp;
const command = (text: string) => postSigned(app.url, slashCommandBody({ text, user: 'UADMIN1' }), SIGNING_SECRET);

beforeAll(async () => {
  slack = await new SlackStub().start();
  app = await startHttpApp({ slackApiUrl: slack.url, redisUrl: await freshRedisUrl(), env: { LAB_SLOW: 'Get-WindowsFeature=4000' } });
});
afterAll(async () => {
  await app?.app.stop();
  await slack?.stop();
});

it('acks a slow answer within 3 s and posts it in the channel when ready', async () => {
  for (const [key, value] of DEPLOY_PROFILE) expect(JSON.parse((await command(`deploy profile set ${key} ${value}`)).text).text).toMatch(/is now/);
  const res = await command('deploy plan');
  expect(res.status).toBe(200);
  expect(res.ms).toBeLessThan(3000);
  expect(JSON.parse(res.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Working on it/) });
  await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && /^Deployment plan for contoso\.com/.test(c.args.text)), 20_000);
  const post = slack.of('chat.postMessage').find((c) => /^Deployment plan/.test(c.args.text))!;
  expect(post.args.channel).toBe('CGENERAL');
  expect(post.args.thread_ts).toBeUndefined();
  expect(JSON.stringify(post.args.blocks)).toContain('*D1*');
}, 60_000);
