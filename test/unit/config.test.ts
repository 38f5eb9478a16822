import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../src/config.ts';
import { ROOT } from '../fixtures/app-process.ts';

describe('configuration', () => {
  it('defaults to the console, the lab and a private Redis', () => {
    const c = loadConfig({}, '/srv/bot');
    expect(c).toMatchObject({ role: 'all', mode: 'console', port: 3000, redisUrl: undefined, targetsFile: undefined, chatMinIntervalMs: 0 });
    expect(c.lab).toEqual({ dir: path.resolve('/srv/bot/.data/lab'), preset: 'deployed', rebootSeconds: 5 });
  });
  it('chooses socket mode with an app token and http with only a signing secret', () => {
    expect(loadConfig({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1', EXCHANGE_ADMINS: 'U1ABC' }).mode).toBe('socket');
    const http = loadConfig({ SLACK_SIGNING_SECRET: 'abcdefgh12', SLACK_BOT_TOKEN: 'xoxb-1', EXCHANGE_ADMINS: 'U1ABC, U2DEF' });
    expect(http).toMatchObject({ mode: 'http', admins: ['U1ABC', 'U2DEF'], chatMinIntervalMs: 1000 });
  });
  it('lists every problem, one line each, without echoing secrets', () => {
    try {
      loadConfig({ SLACK_MODE: 'http', SLACK_BOT_TOKEN: 'bad-token-value', PORT: 'eighty', EXCHANGE_ADMINS: 'frank' });
      expect.unreachable();
    } catch (e) {
      const lines = (e as ConfigError).problems;
      expect(lines.some((l) => l.startsWith('config: PORT') && l.includes('(got "eighty")'))).toBe(true);
      expect(lines.some((l) => l.startsWith('config: SLACK_BOT_TOKEN must start with xoxb-'))).toBe(true);
      expect(lines.some((l) => l.startsWith('config: EXCHANGE_ADMINS'))).toBe(true);
      expect(lines.join('\n')).not.toContain('bad-token-value');
    }
  });
  it('takes an Event Log source name, and refuses anything else', () => {
    expect(loadConfig({}).eventLogSource).toBeUndefined();
    expect(loadConfig({ EVENT_LOG_SOURCE: '' }).eventLogSource).toBeUndefined();
    expect(loadConfig({ EVENT_LOG_SOURCE: 'ChatOps Bot_2-x' }).eventLogSource).toBe('ChatOps Bot_2-x');
    for (const bad of [' ', '2Bot', "Bot'; Remove-Item C:\\", 'Bot$(x)', 'B'.repeat(65)]) {
      expect(() => loadConfig({ EVENT_LOG_SOURCE: bad }), bad).toThrow(/config: EVENT_LOG_SOURCE must be an Event Log source name/);
    }
  });
  it('stops the program with status 2 and one line per problem', () => {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
      env: { PATH: process.env.PATH, SLACK_MODE: 'http', PORT: '99999' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(2);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([expect.stringMatching(/^config: PORT/), expect.stringMatching(/^config: SLACK_SIGNING_SECRET is required in http mode/)]),
    );
    expect(lines.every((l) => l.startsWith('config: '))).toBe(true);
  });
});
