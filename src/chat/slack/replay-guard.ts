// A signed slash command counts once. Bolt checks the signature and that the timestamp is at most
// five minutes old, but a request captured on the way (a proxy's log, a debugging tool) could be
// sent again inside that window, with the same body, timestamp and signature. Each signature is
// remembered in Redis (SET NX) for as long as Bolt would accept it; a second one is acked and
// dropped before any listener sees it.
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Redis } from 'ioredis';
import { log } from '../../log.ts';

/** Bolt accepts a request whose timestamp is at most this old. */
const SLACK_WINDOW_S = 300;

/** For ExpressReceiver's customPropertiesExtractor: the request's signature reaches the middleware. */
export function signatureOf(req: { headers: Record<string, string | string[] | undefined> }): Record<string, string> {
  const signature = req.headers['x-slack-signature'];
  const timestamp = req.headers['x-slack-request-timestamp'];
  return typeof signature === 'string' && typeof timestamp === 'string' ? { slackSignature: signature, slackTimestamp: timestamp } : {};
}

export function replayGuard(redis: Redis): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, body, next } = args;
    const signature = context.slackSignature as string | undefined;
    if (!signature || !(body as { command?: string }).command) return next();
    // Remembered until Bolt would refuse the request anyway (a minute more, for clocks apart).
    const ttl = Math.min(86_400, Math.max(60, Number(context.slackTimestamp) + SLACK_WINDOW_S - Math.floor(Date.now() / 1000) + 60));
    let first = true;
    try {
      first = (await redis.set(`chatops:slack-signature:${signature}`, '1', 'EX', Number.isFinite(ttl) ? ttl : SLACK_WINDOW_S + 60, 'NX')) === 'OK';
    } catch (error) {
      log.warn('replay check unavailable (Redis)', { error: String(error) });
    }
    if (first) return next();
    log.warn('replayed slash command dropped', { user: (body as { user_id?: string }).user_id });
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}
