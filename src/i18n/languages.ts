// Whose language a message is in: the one place it is decided.
// - A person's (private messages: refusals, usage and validation errors, answers, help, the initial
//   password): what they chose with `/exchange language fr|en` (remembered in Redis, applies at
//   once), else their Slack locale (users.info with include_locale, cached in memory), else English.
//   A failed look-up means English (and is asked again later).
// - The channel's (the job card, its thread and approval cards, status, deploy plan, the health
//   watch): CHANNEL_LANGUAGE, English by default.
import { DEFAULT_LANGUAGE, type Language, languageOf, translator, type Translate } from './i18n.ts';

/** Where choices are kept: the bot's settings (Redis, with a copy in memory kept by pub/sub). */
export interface LanguageStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export interface LanguageOptions {
  /** CHANNEL_LANGUAGE. */
  channel?: Language;
  /** Where `/exchange language` choices are kept; absent: only in memory. */
  store?: LanguageStore;
  /** The user's Slack locale ("fr-FR"), from users.info with include_locale; absent in the console. */
  locale?: (user: string) => Promise<string | undefined>;
  /** How long a Slack locale is trusted before it is asked again (in the background). */
  localeTtlMs?: number;
  /** How long a first look-up may hold up an answer (Slack waits 3 s for the ack). */
  lookupTimeoutMs?: number;
}

const CHOSEN = (user: string) => `language:${user}`;
const HOUR = 3600_000;

export class Languages {
  readonly channel: Language;
  private readonly chosenMemo = new Map<string, Language | null>();
  private readonly locales = new Map<string, { lang: Language; at: number; failed?: boolean }>();
  private readonly pending = new Map<string, Promise<Language>>();

  constructor(private readonly o: LanguageOptions = {}) {
    this.channel = o.channel ?? DEFAULT_LANGUAGE;
  }

  /** The channel's translator (cards, approvals, status). */
  get channelT(): Translate {
    return translator(this.channel);
  }

  /** A person's language: their choice, else Slack's locale (looked up once, then cached), else English. */
  async forUser(user: string): Promise<Language> {
    const chosen = await this.chosen(user);
    if (chosen) return chosen;
    const known = this.locales.get(user);
    const ttl = known?.failed ? 5 * 60_000 : (this.o.localeTtlMs ?? HOUR);
    if (known && Date.now() - known.at < ttl) return known.lang;
    const lookup = this.lookUp(user);
    // Known but stale: answer with it now, the fresh one comes in the background.
    if (known) return known.lang;
    const waited = await Promise.race([lookup, new Promise<undefined>((r) => setTimeout(() => r(undefined), this.o.lookupTimeoutMs ?? 1200).unref())]);
    return waited ?? DEFAULT_LANGUAGE;
  }

  /**
   * A person's language from memory only (no Redis, no Slack): what is known now, else English.
   * An unknown user's locale is looked up in the background, for their next message.
   */
  cached(user: string): Language {
    const chosen = this.chosenMemo.get(user);
    if (chosen) return chosen;
    const known = this.locales.get(user);
    if (!known || Date.now() - known.at >= (this.o.localeTtlMs ?? HOUR)) void this.lookUp(user);
    return known?.lang ?? DEFAULT_LANGUAGE;
  }

  /** A translator for a person. */
  async translatorFor(user: string): Promise<Translate> {
    return translator(await this.forUser(user));
  }

  /** What the person chose with /exchange language; undefined when they follow Slack. */
  async chosen(user: string): Promise<Language | undefined> {
    if (!this.o.store) return this.chosenMemo.get(user) ?? undefined;
    const stored = languageOf(await this.o.store.get(CHOSEN(user)).catch(() => undefined));
    this.chosenMemo.set(user, stored ?? null);
    return stored;
  }

  /** /exchange language fr|en: applies at once; `undefined` goes back to Slack's locale. */
  async choose(user: string, lang: Language | undefined): Promise<void> {
    if (lang) await this.o.store?.set(CHOSEN(user), lang);
    else await this.o.store?.delete(CHOSEN(user));
    this.chosenMemo.set(user, lang ?? null);
  }

  /** The Slack locale's language (or English when Slack does not say, or cannot be asked). */
  private lookUp(user: string): Promise<Language> {
    const running = this.pending.get(user);
    if (running) return running;
    const ask = this.o.locale;
    const lookup = (ask ? ask(user) : Promise.resolve(undefined)).then(
      (locale) => {
        const lang = languageOf(locale) ?? DEFAULT_LANGUAGE;
        this.locales.set(user, { lang, at: Date.now() });
        return lang;
      },
      () => {
        const previous = this.locales.get(user);
        this.locales.set(user, { lang: previous?.lang ?? DEFAULT_LANGUAGE, at: Date.now(), failed: true });
        return previous?.lang ?? DEFAULT_LANGUAGE;
      },
    );
    this.pending.set(user, lookup);
    void lookup.finally(() => this.pending.delete(user));
    return lookup;
  }
}

/** Everyone in English: unit tests, and tools that have no chat. */
export const ENGLISH_ONLY = new Languages();
