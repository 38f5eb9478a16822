import { describe, expect, it } from 'vitest';
import { aliasFromName, aliasProblem, NAME_RE, samAccountNameFor, transliterate } from '../../src/exchange/alias.ts';

describe('aliases', () => {
  it.each(['Frank', 'frank.miller', 'a!b#c%d*e+f-g/h=i?j^k_l~m', 'x'.repeat(64)])('accepts %s', (alias) => {
    expect(aliasProblem(alias)).toBeUndefined();
  });
  it.each(['', '.frank', 'frank.', 'fr..ank', 'Fr@nk', 'frank miller', "o'brien", 'x'.repeat(65), 'Frédéric', '$(x)'])('refuses %j', (alias) => {
    expect(aliasProblem(alias)).toBeDefined();
  });
  it('transliterates accented letters', () => {
    expect(transliterate('Frédéric')).toBe('Frederic');
    expect(transliterate('Zoë Ångström Æsa Søren Groß Łukasz')).toBe('Zoe Angstrom AEsa Soren Gross Lukasz');
    expect(aliasFromName('O’Brien')).toBe('OBrien');
  });
  it('keeps names that are one word', () => {
    for (const ok of ['Frank', 'Frédéric', 'Jean-Luc', "O'Brien", 'Anna.Maria', 'Zoë2', '李']) expect(NAME_RE.test(ok)).toBe(true);
    for (const bad of ['Fr@nk', 'Frank Miller', '-Frank', "Frank'", '', '$(Get-Date)', 'a;b', 'Frank\n']) expect(NAME_RE.test(bad)).toBe(false);
  });
  it('makes a valid pre-Windows 2000 logon name', () => {
    expect(samAccountNameFor('a+b=c/d')).toBe('abcd');
    expect(samAccountNameFor('abcdefghijklmnopqrs.tuvwxyz')).toBe('abcdefghijklmnopqrs');
  });
});
