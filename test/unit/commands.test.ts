// Parsing, validation and authorization, through the dispatcher's decide() (no Slack, no queue).
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Access } from '../../src/engine/access.ts';
import { tokenize } from '../../src/engine/command.ts';
import { Dispatcher } from '../../src/engine/dispatcher.ts';

const dispatcher = new Dispatcher({
  commands,
  access: new Access({ admins: ['UADMIN'] }),
  queues: null as never,
  reporter: null as never,
  services: {} as never,
});
const decide = (text: string, user = 'UADMIN') => dispatcher.decide(text, { user, channel: 'C1' });

it('tokenizes with straight and curly double quotes', () => {
  expect(tokenize('add-user  Frank   2 GB')).toEqual(['add-user', 'Frank', '2', 'GB']);
  expect(tokenize('x "a b" “c d”')).toEqual(['x', 'a b', 'c d']);
});

describe('add-user', () => {
  it('plans a job on EXCH with the alias, logon name and quota', async () => {
    expect(await decide('add-user Frédéric 1.5Go')).toEqual({
      kind: 'job',
      command: 'add-user',
      plan: {
        kind: 'add-user',
        host: 'EXCH',
        params: { name: 'Frédéric', alias: 'Frederic', samAccountName: 'Frederic', quota: { unlimited: false, bytes: 1.5 * 2 ** 30 } },
        summary: 'add-user Frédéric (1.5 GB)',
      },
    });
  });
  it('defaults to the guide’s 2 GB and accepts "2 GB" in two words', async () => {
    expect(await decide('add-user Frank')).toMatchObject({ plan: { params: { quota: { bytes: 2 * 2 ** 30 } } } });
    expect(await decide('add-user Frank 2 GB')).toMatchObject({ plan: { summary: 'add-user Frank (2 GB)' } });
    expect(await decide('ADD-USER Frank unlimited')).toMatchObject({ plan: { summary: 'add-user Frank (no limit)' } });
  });
  it.each([
    ['add-user', 'name* is missing'],
    ['add-user Fr@nk', 'name* must be one word'],
    ['add-user Frank 2XB', 'quota* "2XB" is not a size'],
    ['add-user 李', 'name* cannot become an Exchange alias'],
    ['add-user <!channel>', 'name* must be one word'],
    [`add-user ${'a'.repeat(65)}`, 'name* is longer than 64'],
  ])('%s is refused privately with the reason and the usage line', async (text, reason) => {
    const d = await decide(text);
    expect(d).toMatchObject({ kind: 'reply', visibility: 'private' });
    const t = (d as { message: { text: string } }).message.text;
    expect(t).toContain(reason);
    expect(t).toContain('Usage: `/exchange add-user &lt;name&gt; [quota] [--alias A]');
    expect(t).not.toContain('<!channel>'); // user text is escaped
  });
  it('refuses non-administrators before looking at the arguments', async () => {
    const d = await decide('add-user Fr@nk', 'UOTHER');
    expect((d as { message: { text: string } }).message.text).toMatch(/^Sorry, .* administrators \(role: admin\)/);
  });
});

it('answers an unknown sub-command with the list of commands', async () => {
  const d = await decide('<!here> frobnicate');
  expect((d as { message: { text: string } }).message.text).toMatch(
    /`&lt;!here&gt;` is not a \/exchange command. Commands: `add-user`, `set-quota`, `set-alias`, `user`, `users`, `remove-user`, `reboot`, `disable-integration`, `enable-integration`, `status`, `job`, `jobs`, `cancel`, `retry`, `audit`, `doctor`, `deploy`, `dns`, `ports`, `cert`, `help`/,
  );
});

it('answers an empty command with help', async () => {
  expect(await decide('')).toMatchObject({ kind: 'reply', message: { text: expect.stringContaining('/exchange add-user') } });
});
