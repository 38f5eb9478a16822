// Every message the bot can say exists in English and in French, with the same variables, and every
// key the code names exists. Rendering each key in both languages catches a broken interpolation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, LANGUAGES, loadResources, t } from '../../src/i18n/i18n.ts';
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
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`]([a-z][a-z0-9-]*):([a-zA-Z][\w.]*)['"`]/g))
        if (namespaces.has(m[1]!)) used.add(`${m[1]}:${m[2]}`);
    }
    const known = new Set(Object.keys(en).map(base));
    expect([...used].filter((k) => !known.has(k) && ![...known].some((n) => n.startsWith(`${k}.`)))).toEqual([]);
  });

  it('sizes and dates as each language writes them', () => {
    expect(formatBytes(2 ** 30, 'fr')).toBe('1 Go');
    expect(formatBytes(1.5 * 2 ** 30, 'fr')).toBe('1,5 Go');
    expect(formatBytes(1.5 * 2 ** 30, 'en')).toBe('1.5 GB');
    expect(formatDate('2026-12-02T14:02:00Z', 'fr')).toBe('2 déc. 14:02');
    expect(formatDate('2026-12-02T14:02:00Z', 'en')).toBe('Dec 2, 14:02');
  });
});
