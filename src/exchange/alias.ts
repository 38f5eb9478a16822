// Exchange's alias rules and how a person's name becomes an alias: the one place they live.
// Alias: letters, digits and ! # % * + - / = ? ^ _ ~; a period only between other valid characters;
// at most 64 characters. Accented letters are transliterated (Frédéric → Frederic).
import { english } from '../i18n/i18n.ts';

export const ALIAS_MAX = 64;
const ALIAS_CHAR = 'A-Za-z0-9!#%*+\\-/=?^_~';
const ALIAS_RE = new RegExp(`^[${ALIAS_CHAR}]+(\\.[${ALIAS_CHAR}]+)*$`);

/** What is wrong with an alias (English, remembered as a message: english()), or undefined. */
export function aliasProblem(alias: string): string | undefined {
  if (alias.length === 0) return english('common:alias.empty');
  if (alias.length > ALIAS_MAX) return english('common:alias.tooLong', { length: alias.length, max: ALIAS_MAX });
  if (!ALIAS_RE.test(alias)) return english('common:alias.characters');
  return undefined;
}

// Letters that Unicode decomposition does not reduce to ASCII.
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'Th',
  ð: 'd',
  Ð: 'D',
  ı: 'i',
};

export function transliterate(text: string): string {
  return text
    .replace(/[^\u0000-\u007f]/g, (ch) => SPECIAL[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** A display name's alias: transliterated, apostrophes dropped ("O’Brien" → "OBrien"). */
export function aliasFromName(name: string): string {
  return transliterate(name).replace(/['\u2019]/g, '');
}

/** A user's name as typed: one word of letters (any script), digits, . - _ and apostrophes. */
export const NAME_RE = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}._'\u2019-]*[\p{L}\p{M}\p{N}])?$/u;
export const NAME_MAX = 64;

/** The pre-Windows 2000 logon name: at most 20 characters, none of " / \ [ ] : ; | = , + * ? < >. */
export function samAccountNameFor(alias: string): string {
  return alias
    .replace(/["/\\[\]:;|=,+*?<>]/g, '')
    .slice(0, 20)
    .replace(/\.+$/, '');
}
