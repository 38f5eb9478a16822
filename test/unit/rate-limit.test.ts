import { expect, it } from 'vitest';
import { CommandLimits, parseLimit, RateLimiter } from '../../src/engine/rate-limit.ts';

it('reads limits as asks per seconds', () => {
  expect(parseLimit('10/60')).toEqual({ count: 10, windowMs: 60_000 });
  expect(parseLimit('3/10s')).toEqual({ count: 3, windowMs: 10_000 });
  expect(parseLimit('off')).toBeUndefined();
  expect(parseLimit('ten a minute')).toBeNull();
  expect(parseLimit('3/0')).toBeNull();
});

it('lets a user ask so many times in the window, then says how long to wait; others are unaffected', () => {
  let now = 1_000_000;
  const limits = new CommandLimits({ commands: { count: 10, windowMs: 60_000 }, probes: { count: 3, windowMs: 10_000 } }, () => now);
  for (let i = 0; i < 3; i++) expect(limits.refuse('UFLOOD', true)).toBeUndefined();
  now += 1000;
  expect(limits.refuse('UFLOOD', true)).toBe('Too many requests: try again in 9 s.');
  expect(limits.refuse('UOTHER', true)).toBeUndefined();
  for (let i = 0; i < 7; i++) expect(limits.refuse('UFLOOD', false)).toBeUndefined(); // 10 commands in all
  expect(limits.refuse('UFLOOD', false)).toBe('Too many requests: try again in 59 s.');
  now += 59_000;
  expect(limits.refuse('UFLOOD', false)).toBeUndefined();
});

it('does not count refused asks, so a flood does not push the wait further', () => {
  let now = 0;
  const limiter = new RateLimiter({ count: 2, windowMs: 10_000 }, () => now);
  expect(limiter.take('U1')).toBe(0);
  expect(limiter.take('U1')).toBe(0);
  for (let i = 0; i < 50; i++) {
    now += 100;
    expect(limiter.take('U1')).toBeGreaterThan(0);
  }
  now = 10_001;
  expect(limiter.take('U1')).toBe(0);
});
