/**
 * The app's two languages. French is the default (the customer's own words); English is
 * one tap away and remembered on the device. Each feature folder declares its own words
 * with `messages(fr, en)`: the English table must have every French key, so a missing
 * translation is a type error, not a blank button.
 */
import { signal } from '@preact/signals';
import { type Lang } from './lang';
import { showDecimal } from './numbers';
import { selectPlurals } from './plural';

export { LANGS, type Lang } from './lang';

const STORAGE_KEY = 'decompte.lang';

function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    return saved === 'en' || saved === 'fr' ? saved : 'fr';
  } catch {
    return 'fr';
  }
}

/** Reading `lang.value` in a component re-renders it when the language changes. */
export const lang = signal<Lang>(initialLang());

export function setLang(next: Lang): void {
  lang.value = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this session only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export type Vars = Readonly<Record<string, string | number>>;
export interface Translate<K extends string> {
  (key: K, vars?: Vars): string;
  /** For codes that come from outside (server errors): is there a text for it? */
  has(key: string): key is K;
}

/**
 * Replaces `{name}` placeholders; a number is shown in the current language's format.
 * `{n, plural, one {…} other {…}}` first picks the branch for the number (plural.ts).
 */
export function interpolate(text: string, vars: Vars | undefined, current: Lang = lang.value): string {
  if (!vars) return text;
  return selectPlurals(text, (name) => vars[name], current).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? showDecimal(String(v), current, { min: 0, max: 3, sign: 'auto' }) : v;
  });
}

type Table = Readonly<Record<string, string>>;
const tables: { readonly fr: Table; readonly en: Table }[] = [];

/** Every pair of tables declared so far (by the modules loaded): for the tests that read every text. */
export const declaredTables = (): readonly { readonly fr: Table; readonly en: Table }[] => tables;

export function messages<const F extends Readonly<Record<string, string>>>(
  fr: F,
  en: { readonly [K in keyof F]: string },
): Translate<Extract<keyof F, string>> {
  tables.push({ fr, en });
  const translate = (key: Extract<keyof F, string>, vars?: Vars): string => {
    const current = lang.value;
    return interpolate((current === 'en' ? en : fr)[key], vars, current);
  };
  return Object.assign(translate, {
    has: (key: string): key is Extract<keyof F, string> => Object.prototype.hasOwnProperty.call(fr, key),
  });
}
