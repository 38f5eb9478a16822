// Every word the bot says, in the reader's language: i18next over the JSON files in locales/<lang>/
// (one file per namespace: a command, the cards, the forms…). Keys are written `ns:key`.
// The resources are read once, synchronously, so t() can be called anywhere without awaiting.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18n } from 'i18next';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A Slack locale ("fr-FR", "en-US") or a typed language to one we speak; undefined when we speak none of it. */
export function languageOf(locale: string | undefined): Language | undefined {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

type Resources = Record<Language, Record<string, Record<string, unknown>>>;

/** locales/<lang>/<namespace>.json, for every language. */
export function loadResources(dir = LOCALES_DIR): Resources {
  const resources = {} as Resources;
  for (const lang of LANGUAGES) {
    resources[lang] = {};
    for (const file of readdirSync(path.join(dir, lang))
      .filter((f) => f.endsWith('.json'))
      .sort())
      resources[lang][file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(path.join(dir, lang, file), 'utf8'));
  }
  return resources;
}

const UNITS = [
  ['TB', 'To', 2 ** 40],
  ['GB', 'Go', 2 ** 30],
  ['MB', 'Mo', 2 ** 20],
  ['KB', 'Ko', 2 ** 10],
] as const;

/** A size as each language writes it: 1.5 GB, 1,5 Go. */
export function formatBytes(bytes: number, lang: Language): string {
  for (const [en, fr, size] of UNITS) {
    if (bytes >= size) {
      const n = Number((bytes / size).toFixed(bytes / size < 10 ? 2 : 1));
      return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(n)} ${lang === 'fr' ? fr : en}`;
    }
  }
  return `${bytes} ${lang === 'fr' ? 'o' : 'B'}`;
}

/** A date as each language writes it, short: Dec 2, 14:02 / 2 déc. 14:02. */
export function formatDate(date: Date | number | string, lang: Language, timeZone = 'UTC'): string {
  const d = new Date(date);
  const parts = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(d);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return lang === 'fr'
    ? `${part('day')} ${part('month')} ${part('hour')}:${part('minute')}`
    : `${part('month')} ${part('day')}, ${part('hour')}:${part('minute')}`;
}

function create(resources: Resources): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: false, // a key missing in one language is a bug the key test catches, not an English fallback
    ns: Object.keys(resources.en),
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // Slack text, not HTML; callers escape what users typed
    returnNull: false,
    initAsync: false,
  });
  // {{quota, size}} and {{at, date}} in a message: written as the message's language writes them.
  instance.services.formatter?.add('size', (value, lng) => formatBytes(Number(value), isLanguage(lng) ? lng : DEFAULT_LANGUAGE));
  instance.services.formatter?.add('date', (value, lng) => formatDate(value, isLanguage(lng) ? lng : DEFAULT_LANGUAGE));
  return instance;
}

let shared: I18n | undefined;
function instance(): I18n {
  shared ??= create(loadResources());
  return shared;
}

/** The message `ns:key` in `lang`, with its variables. */
export function t(lang: Language, key: string, vars: Record<string, unknown> = {}): string {
  return instance().t(key, { ...vars, lng: lang }) as string;
}

/** Whether `ns:key` exists in `lang` (the key test, and commands that fall back to a generic message). */
export function hasMessage(lang: Language, key: string): boolean {
  return instance().exists(key, { lng: lang });
}

/** A translator bound to one language, handed to code that speaks to one reader. */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;
export function translator(lang: Language): Translate {
  return (key, vars) => t(lang, key, vars);
}
