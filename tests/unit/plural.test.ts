/**
 * Plurals in the app's texts: `{n, plural, one {…} other {…}}` picks the branch by
 * Intl.PluralRules in the language shown (French: 0 and 1 are singular; English: 1 only),
 * and every text of the app is read here: its plural blocks well formed with an `other`
 * branch, no "(s)" left, and the same placeholders in French and English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { declaredTables, interpolate, lang, setLang } from '../../src/app/i18n';
import { pluralProblem } from '../../src/app/i18n/plural';
import { countOf } from '../../src/core/plural';

const LINES = '{n, plural, one {{n} ligne} other {{n} lignes}}';
const LINES_EN = '{n, plural, one {{n} line} other {{n} lines}}';

afterAll(() => setLang('fr'));

describe('interpolate with plurals', () => {
  it('French: 0 and 1 (and 1,5) are singular, 2 and more plural', () => {
    const fr = (n: number | string): string => interpolate(LINES, { n }, 'fr');
    expect([0, 1, 1.5, 2, 10, 3602].map(fr)).toEqual([
      '0 ligne',
      '1 ligne',
      '1,5 ligne',
      '2 lignes',
      '10 lignes',
      '3\u202f602 lignes',
    ]);
    // French has a "many" for millions: no branch for it here, so "other".
    expect(fr(1_000_000)).toBe('1\u202f000\u202f000 lignes');
    // A count passed as text chooses the same way.
    expect(fr('1')).toBe('1 ligne');
  });

  it('English: 1 is singular, 0 and 1.5 plural', () => {
    const en = (n: number): string => interpolate(LINES_EN, { n }, 'en');
    expect([0, 1, 1.5, 2, 3602].map(en)).toEqual(['0 lines', '1 line', '1.5 lines', '2 lines', '3,602 lines']);
  });

  it('takes an exact =N branch first, other placeholders inside, and several blocks', () => {
    const text =
      '{n, plural, =0 {Aucun comptage} one {{n} comptage de {user}} other {{n} comptages de {user}}} · {m, plural, one {{m} appareil} other {{m} appareils}}';
    expect(interpolate(text, { n: 0, user: 'marie', m: 1 }, 'fr')).toBe('Aucun comptage · 1 appareil');
    expect(interpolate(text, { n: 1, user: 'marie', m: 3 }, 'fr')).toBe('1 comptage de marie · 3 appareils');
    expect(interpolate(text, { n: 4, user: 'marie', m: 0 }, 'fr')).toBe('4 comptages de marie · 0 appareil');
  });

  it('falls back to other when the number is missing or not a number', () => {
    expect(interpolate(LINES, { x: 1 }, 'fr')).toBe('{n} lignes');
    expect(interpolate(LINES, { n: 'beaucoup' }, 'fr')).toBe('beaucoup lignes');
  });

  it('finds a block it could not read, or one without other', () => {
    expect(pluralProblem(LINES)).toBeNull();
    expect(pluralProblem('{n} lignes')).toBeNull();
    expect(pluralProblem('{n, plural, one {{n} ligne}}')).toMatch(/no other branch/);
    expect(pluralProblem('{n, plural, one {{n} ligne} other {{n} lignes}')).toMatch(/not well formed/);
    expect(pluralProblem('{n, plural, un {{n} ligne} other {{n} lignes}}')).toMatch(/not well formed/);
    expect(pluralProblem('{n, plural, one {{{n}} ligne} other {{n} lignes}}')).toMatch(/not well formed/);
  });

  it('follows the language chosen, through a screen’s t()', async () => {
    const { t } = await import('../../src/app/screens/messages');
    setLang('fr');
    expect(lang.value).toBe('fr');
    expect(t('unsent', { n: 1 })).toBe('1 comptage pas encore envoyé');
    expect(t('unsent', { n: 35 })).toBe('35 comptages pas encore envoyés');
    setLang('en');
    expect(t('unsent', { n: 1 })).toBe('1 count not sent yet');
    expect(t('unsent', { n: 35 })).toBe('35 counts not sent yet');
  });
});

describe('countOf, for the server’s and the command line’s English', () => {
  it('says "1 device", "0 devices", "3 series"', () => {
    expect([0, 1, 2].map((n) => countOf(n, 'device'))).toEqual(['0 devices', '1 device', '2 devices']);
    expect(countOf(3, 'serial number')).toBe('3 serial numbers');
    expect(countOf(3, 'series', 'series')).toBe('3 series');
  });
});

/** Every module that declares texts: the files calling messages(). */
function messageModules(): string[] {
  const root = path.resolve(import.meta.dirname, '../../src/app');
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && /\bmessages\(\s*(\{|FR\b)/.test(fs.readFileSync(full, 'utf8'))) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found;
}

const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)(?:\}|,\s*plural)/g)].map((m) => m[1]!))].sort();

describe('every text of the app', () => {
  it('has readable plurals, no "(s)", and the same placeholders in both languages', async () => {
    const modules = messageModules();
    expect(modules.length).toBeGreaterThanOrEqual(10);
    for (const file of modules) await import(file);
    const tables = declaredTables();
    expect(tables.length).toBeGreaterThanOrEqual(modules.length);
    const problems: string[] = [];
    let texts = 0;
    for (const { fr, en } of tables) {
      for (const [key, frText] of Object.entries(fr)) {
        const enText = en[key]!;
        for (const [l, text] of [
          ['fr', frText],
          ['en', enText],
        ] as const) {
          texts++;
          const problem = pluralProblem(text);
          if (problem) problems.push(`${key} (${l}): ${problem}`);
          if (/\p{L}\((?:s|x|e|es)\)/u.test(text)) problems.push(`${key} (${l}): "(s)" instead of a plural`);
        }
        if (placeholders(frText).join() !== placeholders(enText).join()) {
          problems.push(
            `${key}: {${placeholders(frText).join()}} in French, {${placeholders(enText).join()}} in English`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    expect(texts).toBeGreaterThan(500);
  });
});
