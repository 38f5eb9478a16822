// Every message the bot can say exists in English and in French, with the same variables, and every
// key the code names exists. Rendering each key in both languages catches a broken interpolation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { english, formatBytes, formatDate, LANGUAGES, loadResources, msg, say, t } from '../../src/i18n/i18n.ts';
import { Languages } from '../../src/i18n/languages.ts';
import { ROOT } from '../fixtures/app-process.ts';

const resources = loadResources();
const flat = (o: Record<string, unknown>, prefix = ''): Record<string, string> =>
  Object.fromEntries(
    Object.entries(o).flatMap(([k, v]) =>
      typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flat(v as Record<string, unknown>, `${prefix}${k}.`)),
    ),
  );
const keysOf = (lang: (typeof LANGUAGES)[number]) =>
  Object.fromEntries(Object.entries(resources[lang]).flatMap(([ns, tree]) => Object.entries(flat(tree)).map(([k, v]) => [`${ns}:${k}`, v])));
const vars = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]!).sort();
// i18next plural forms: key_one / key_other in English; French has the same two (and _many, unused).
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('messages', () => {
  const en = keysOf('en');
  const fr = keysOf('fr');

  it('exist in both languages, with the same variables', () => {
    expect(Object.keys(en).length).toBeGreaterThan(0);
    expect(
      Object.keys(fr)
        .filter((k) => !(k in en))
        .map(base)
        .filter((k) => !Object.keys(en).some((e) => base(e) === k)),
    ).toEqual([]);
    expect(Object.keys(en).filter((k) => !Object.keys(fr).some((f) => base(f) === base(k)))).toEqual([]);
    const mismatched = Object.keys(en)
      .filter((k) => k in fr)
      .filter((k) => JSON.stringify([...new Set(vars(en[k]!))]) !== JSON.stringify([...new Set(vars(fr[k]!))]));
    expect(mismatched).toEqual([]);
  });

  it('render in both languages with every variable filled', () => {
    for (const lang of LANGUAGES) {
      for (const [key, text] of Object.entries(keysOf(lang))) {
        const filled = Object.fromEntries(vars(text).map((v) => [v.split('.')[0], v.includes('size') ? 2 ** 30 : 'X']));
        const out = t(lang, base(key), { ...filled, count: 1 });
        expect(out, `${lang} ${key}`).not.toMatch(/\{\{|\}\}/);
        expect(out, `${lang} ${key}`).not.toBe(base(key));
      }
    }
  });

  it('the code names only keys that exist', () => {
    const namespaces = new Set(Object.keys(resources.en));
    const used = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : /\.ts$/.test(f) && !/\.test\.ts$/.test(f) ? [p] : [];
      });
    for (const file of ['src', 'commands', 'jobs'].flatMap((d) => walk(path.join(ROOT, d)))) {
      // Code only: a comment may quote a setting's name ("deploy:domain") that is no message.
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
      for (const m of code.matchAll(/['"`]([a-z][a-z0-9-]*):([a-zA-Z][\w.-]*)['"`]/g)) if (namespaces.has(m[1]!)) used.add(`${m[1]}:${m[2]}`);
    }
    const known = new Set(Object.keys(en).map(base));
    expect([...used].filter((k) => !known.has(k) && ![...known].some((n) => n.startsWith(`${k}.`)))).toEqual([]);
  });

  it('every command’s usage line and summary exist in both languages', async () => {
    const { commands } = await import('../../commands/index.ts');
    const missing = commands.flatMap((c) => [c.usage, c.summary]).filter((k) => !(k in en) || !(k in fr));
    expect(missing).toEqual([]);
  });

  it('the scripts’ sentences (ps.*) are written in the scripts as their English says', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : /\.ps1$/.test(f) ? [p] : [];
      });
    const scripts = walk(path.join(ROOT, 'jobs'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
      .replace(/''/g, "'");
    const drifted = Object.entries(en)
      .filter(([k]) => /^[^:]+:ps\./.test(k))
      // Its longest fixed words are found in a script (a script may build one sentence from several strings).
      .filter(([, text]) => {
        const parts = text.split(/\{\{\s*\w+\s*\}\}/).sort((a, b) => b.length - a.length);
        return !parts.some((part) => part.length >= Math.min(12, parts[0]!.length) && scripts.includes(part));
      })
      .map(([k]) => k);
    expect(drifted).toEqual([]);
  });

  it('say() writes references, remembered English and the scripts’ sentences in the reader’s language', () => {
    expect(say('fr', msg('engine:tooMany', { seconds: 9 }))).toBe('Trop de demandes : réessayez dans 9 s.');
    expect(say('fr', english('common:quota.outOfRange', { size: 3 * 2 ** 40 }))).toBe('3 To est hors limites : un quota va de 1 Mo à 2 To');
    const taken = 'Cannot add Frank: the alias Frank is already used by Frank <Frank@contoso.com>. Frank2 is free: try add-user Frank2.';
    expect(say('en', taken)).toBe(taken);
    expect(say('fr', taken)).toBe(
      'Impossible d’ajouter Frank : l’alias Frank est déjà utilisé par Frank <Frank@contoso.com>. Frank2 est libre : essayez add-user Frank2.',
    );
    expect(say('fr', 'closed from outside: 25 (forward it to EXCH:25), 443 (forward it to WSE:443)')).toBe(
      'fermé depuis l’extérieur : 25 (redirigez-le vers EXCH:25), 443 (redirigez-le vers WSE:443)',
    );
    expect(say('fr', 'The operation could not be performed because object Bob could not be found.')).toBe(
      'The operation could not be performed because object Bob could not be found.',
    ); // Exchange's own words stay as they are
  });

  it('sizes and dates as each language writes them', () => {
    expect(formatBytes(2 ** 30, 'fr')).toBe('1 Go');
    expect(formatBytes(1.5 * 2 ** 30, 'fr')).toBe('1,5 Go');
    expect(formatBytes(1.5 * 2 ** 30, 'en')).toBe('1.5 GB');
    expect(formatDate('2026-12-02T14:02:00Z', 'fr')).toBe('2 déc. 14:02');
    expect(formatDate('2026-12-02T14:02:00Z', 'en')).toBe('Dec 2, 14:02');
  });
});

describe('languages', () => {
  const store = () => {
    const kept = new Map<string, string>();
    return {
      kept,
      get: async (k: string) => kept.get(k),
      set: async (k: string, v: string) => void kept.set(k, v),
      delete: async (k: string) => void kept.delete(k),
    };
  };

  it('a person’s: their choice, else their Slack locale, else English; the channel’s: CHANNEL_LANGUAGE', async () => {
    let asked = 0;
    const languages = new Languages({
      channel: 'fr',
      store: store(),
      locale: async (user) => {
        asked++;
        return { UFR: 'fr-FR', UEN: 'en-GB', UDE: 'de-DE' }[user];
      },
    });
    expect(languages.channel).toBe('fr');
    expect(await languages.forUser('UFR')).toBe('fr');
    expect(await languages.forUser('UEN')).toBe('en');
    expect(await languages.forUser('UDE')).toBe('en'); // a language the bot does not speak
    expect(await languages.forUser('UFR')).toBe('fr');
    expect(asked).toBe(3); // cached
    expect(languages.cached('UFR')).toBe('fr');
    await languages.choose('UFR', 'en'); // /exchange language en: at once
    expect(await languages.forUser('UFR')).toBe('en');
    expect(languages.cached('UFR')).toBe('en');
    await languages.choose('UFR', undefined); // auto: Slack's again
    expect(await languages.forUser('UFR')).toBe('fr');
  });

  it('a failed or slow look-up means English', async () => {
    const failing = new Languages({ locale: async () => Promise.reject(new Error('slack down')) });
    expect(await failing.forUser('U1')).toBe('en');
    const slow = new Languages({ locale: () => new Promise((r) => setTimeout(() => r('fr-FR'), 300)), lookupTimeoutMs: 50 });
    expect(await slow.forUser('U2')).toBe('en');
    await new Promise((r) => setTimeout(r, 400));
    expect(slow.cached('U2')).toBe('fr'); // known for the next message
  });

  it('a choice is kept in the store, so every bot process and a restart see it', async () => {
    const kept = store();
    await new Languages({ store: kept }).choose('U3', 'fr');
    expect(kept.kept.get('language:U3')).toBe('fr');
    expect(await new Languages({ store: kept }).forUser('U3')).toBe('fr');
  });
});
