// Every word the bot says, in the reader's language: i18next over the JSON files in locales/<lang>/
// (one file per namespace: a command, the cards, the forms…). Keys are written `ns:key`.
// The resources are read once, synchronously, so t() can be called anywhere without awaiting.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18n } from 'i18next';
import { z } from 'zod';

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

/** A number as each language writes it, without grouping: 1.5, 1,5. */
export function formatNumber(n: number, lang: Language, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-US', { maximumFractionDigits, useGrouping: false }).format(n);
}

/** A count as each language groups it: 1,384 / 1 384. */
export function formatCount(n: number, lang: Language): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-US').format(n);
}

/** A size as each language writes it: 1.5 GB, 1,5 Go. */
export function formatBytes(bytes: number, lang: Language): string {
  for (const [en, fr, size] of UNITS) {
    if (bytes >= size) {
      const n = Number((bytes / size).toFixed(bytes / size < 10 ? 2 : 1));
      return `${formatNumber(n, lang)} ${lang === 'fr' ? fr : en}`;
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

/** A job's or step's duration: 1.4 s, 2 min 10 s (1,4 s in French). */
export function formatElapsed(ms: number, lang: Language): string {
  if (ms < 60_000) return `${lang === 'fr' ? (ms / 1000).toFixed(1).replace('.', ',') : (ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
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
  instance.services.formatter?.add('count', (value, lng) => formatCount(Number(value), isLanguage(lng) ? lng : DEFAULT_LANGUAGE));
  instance.services.formatter?.add('num', (value, lng) => formatNumber(Number(value), isLanguage(lng) ? lng : DEFAULT_LANGUAGE));
  instance.services.formatter?.add('elapsed', (value, lng) => formatElapsed(Number(value), isLanguage(lng) ? lng : DEFAULT_LANGUAGE));
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

/** A translator bound to one language, handed to code that speaks to one reader; `lang` says which. */
export type Translate = ((key: string, vars?: Record<string, unknown>) => string) & { readonly lang: Language };
const translators = new Map<Language, Translate>();
export function translator(lang: Language): Translate {
  let found = translators.get(lang);
  if (!found) {
    found = Object.assign((key: string, vars?: Record<string, unknown>) => t(lang, key, vars), { lang });
    translators.set(lang, found);
  }
  return found;
}

// A message that is said later, or elsewhere, in its reader's language: its key, and its values as
// JSON after a bar ("add-user:errors.taken|{\"name\":\"Frank\"}"). zod issues, a PowerShell
// script's sentences and a worker's answers carry their words this way; say() writes them out.
const REF = /^([a-z][a-z0-9-]*:[A-Za-z][\w.-]*)(?:\|(\{[\s\S]*\}))?$/;

/** A reference to message `key` with its values, to be written out by say() in the reader's language. */
export function msg(key: string, vars?: Record<string, unknown>): string {
  return vars && Object.keys(vars).length ? `${key}|${JSON.stringify(vars)}` : key;
}

/** The key and values of a message reference; undefined for plain text (or a key no language has). */
export function parseRef(text: string): { key: string; vars: Record<string, unknown> } | undefined {
  const m = REF.exec(text.trim());
  if (!m || !instance().exists(m[1]!, { lng: DEFAULT_LANGUAGE })) return undefined;
  try {
    const vars = m[2] ? (JSON.parse(m[2]) as Record<string, unknown>) : {};
    return vars && typeof vars === 'object' ? { key: m[1]!, vars } : undefined;
  } catch {
    return undefined;
  }
}

// English words of messages made with english(), and the reference each stands for.
const spoken = new Map<string, string>();

/**
 * A message's English (what zod issues and plain errors carry, for logs and tests), remembered as
 * the message it is: say() writes it in another language. For words decided where the reader is
 * not known (a schema, a parser), read later by someone who is.
 */
export function english(key: string, vars?: Record<string, unknown>): string {
  const text = t(DEFAULT_LANGUAGE, key, vars);
  if (!spoken.has(text)) spoken.set(text, msg(key, vars));
  return text;
}

/**
 * `text` in `lang`: a message reference (msg(), a script's sentence) or the English of one
 * (english()) is written out, its values first when they are messages themselves; any other
 * text (Exchange's own words) is kept as is.
 */
export function say(lang: Language, text: string, extra: Record<string, unknown> = {}): string {
  const ref = parseRef(text) ?? parseRef(spoken.get(text) ?? '') ?? scriptSentence(text);
  if (!ref) return text;
  const vars = Object.fromEntries(Object.entries(ref.vars).map(([k, v]) => [k, typeof v === 'string' ? sayValue(lang, v) : v]));
  return t(lang, ref.key, { ...extra, ...vars });
}

/** A message's value: a message itself, or a list ("; " or ", ") whose every item is one; else as is. */
function sayValue(lang: Language, value: string): string {
  for (const separator of ['; ', ', ']) {
    const items = value.split(separator);
    if (items.length > 1 && items.every((item) => parseRef(item) || spoken.has(item) || scriptSentence(item)))
      return items.map((item) => say(lang, item)).join(separator);
  }
  return say(lang, value);
}

// The sentences the PowerShell scripts say (a step's failure, a probe's detail), mapped to their
// message keys in TypeScript: every `<namespace>:ps.*` message is one of them, its English exactly as
// the script writes it. The scripts stay English and data-only; the reader gets their language.
interface ScriptTemplate {
  key: string;
  re: RegExp;
  literal: number;
}
let scriptTemplates: ScriptTemplate[] | undefined;

function templates(): ScriptTemplate[] {
  if (scriptTemplates) return scriptTemplates;
  const out: ScriptTemplate[] = [];
  const walk = (ns: string, tree: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(tree)) {
      const path = `${prefix}${k}`;
      if (typeof v === 'string') {
        if (path.startsWith('ps.')) out.push(compile(`${ns}:${path}`, v));
      } else if (v && typeof v === 'object') walk(ns, v as Record<string, unknown>, `${path}.`);
    }
  };
  for (const [ns, tree] of Object.entries(loadResources().en)) walk(ns, tree, '');
  // The most specific first: the one with the most fixed words wins.
  scriptTemplates = out.sort((x, y) => y.literal - x.literal);
  return scriptTemplates;
}

function compile(key: string, english: string): ScriptTemplate {
  const seen = new Set<string>();
  let literal = 0;
  const source = english
    .split(/(\{\{\s*\w+\s*\}\})/)
    .map((part) => {
      const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(part)?.[1];
      if (!name) {
        literal += part.length;
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      if (seen.has(name)) return `\\k<${name}>`;
      seen.add(name);
      return `(?<${name}>[\\s\\S]+?)`;
    })
    .join('');
  return { key, re: new RegExp(`^${source}$`), literal };
}

/** A script's English sentence as its message key and values; undefined for anything else. */
function scriptSentence(text: string): { key: string; vars: Record<string, unknown> } | undefined {
  if (!text || text.length > 4000) return undefined;
  for (const template of templates()) {
    const m = template.re.exec(text);
    if (m) return { key: template.key, vars: { ...(m.groups ?? {}) } };
  }
  return undefined;
}

/** A zod issue's words in `lang`: its message is a reference (with the issue's limits as values), or zod's own. */
export function issueText(lang: Language, issue: { message: string; params?: Record<string, unknown> } & Record<string, unknown>): string {
  const { message, params, path: _path, ...limits } = issue;
  return say(lang, message, { ...limits, ...(params ?? {}) });
}

/** zod's own messages (a type, a missing value) in `lang`: the per-parse error map for safeParse. */
export function zodErrors(lang: Language): { error?: z.core.$ZodErrorMap } {
  return lang === 'fr' ? { error: frenchZod().localeError } : {};
}
let french: { localeError: z.core.$ZodErrorMap } | undefined;
const frenchZod = () => (french ??= z.locales.fr());

/** An error whose words are a message: English in `message` (logs, tests), any language through errorText(). */
export class MessageError extends Error {
  readonly ref: string;
  constructor(key: string, vars?: Record<string, unknown>) {
    super(t(DEFAULT_LANGUAGE, key, vars));
    this.ref = msg(key, vars);
  }
}

/** An error's words in `lang`: its message reference when it has one (MessageError, a script's sentence), else its message. */
export function errorText(lang: Language, error: unknown): string {
  const ref = (error as { ref?: unknown } | null)?.ref;
  if (typeof ref === 'string') return say(lang, ref);
  return say(lang, (error as Error)?.message ?? String(error));
}
