import { expect, it } from 'vitest';
import { codeSpan, escapeSlack } from '../../src/chat/escape.ts';
import { generatePassword, redact } from '../../src/secrets.ts';

it('makes passwords that meet AD complexity and survive a code span', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = generatePassword();
    expect(p).toHaveLength(16);
    expect(p).toMatch(/[a-z]/);
    expect(p).toMatch(/[A-Z]/);
    expect(p).toMatch(/[2-9]/);
    expect(p).toMatch(/[!#%+\-=?@_]/);
    expect(p).not.toMatch(/[`&<>*~\s]/);
    expect(codeSpan(p)).toBe(`\`${p}\``);
    seen.add(p);
  }
  expect(seen.size).toBe(200);
});

it('redacts secret-looking keys at any depth', () => {
  expect(redact({ user: 'Frank', Password: 'x', nested: [{ certificateSecret: 'y', token: 'z', ok: 1 }] })).toEqual({
    user: 'Frank',
    Password: '[redacted]',
    nested: [{ certificateSecret: '[redacted]', token: '[redacted]', ok: 1 }],
  });
});

it('escapes user text so nobody is pinged and no link is made', () => {
  expect(escapeSlack('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  expect(codeSpan('a`b')).toBe('`aˋb`');
});
