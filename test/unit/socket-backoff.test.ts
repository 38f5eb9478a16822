import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_WAIT_MS } from '../../src/chat/slack/socket-connection.ts';

describe('Socket Mode reconnect backoff', () => {
  it('doubles from 1 s and never waits more than 20 s, however long Slack is away', () => {
    expect([1, 2, 3, 4, 5, 6, 50, 10_000].map((n) => backoffMs(n, () => 0))).toEqual([1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000]);
    for (let n = 1; n < 200; n++) expect(backoffMs(n)).toBeLessThanOrEqual(MAX_WAIT_MS);
    expect(backoffMs(9, () => 0.999)).toBeGreaterThanOrEqual(MAX_WAIT_MS * 0.8);
  });
});
