/**
 * The Intl objects the app still builds, each once per language and options, on first use:
 * the date format (print sheet, devices), the number format for texts that are not plain
 * decimals (numbers.ts formats the others by hand), the plural rules (plural.ts), and the
 * French collators that sort bins and names. `toLocaleString(locale, options)` and `localeCompare(other, locale, options)`
 * built a new one, with its locale data, on every call: that was most of the count list's
 * first render (160 ms of it at a 4× CPU slowdown in the storage line's two byte counts).
 */
import type { Lang } from './lang';

const LOCALES: Readonly<Record<Lang, string>> = { fr: 'fr-FR', en: 'en-GB' };

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let format = formats.get(key);
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format as F;
}

/** The number format named `name` (one set of options per name) in language `l`. */
export const numberFormat = (l: Lang, name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(`${l}:n:${name}`, () => new Intl.NumberFormat(LOCALES[l], options));

/** The date format named `name` (one set of options per name) in language `l`. */
export const dateFormat = (l: Lang, name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(`${l}:d:${name}`, () => new Intl.DateTimeFormat(LOCALES[l], options));

const plurals = new Map<Lang, Intl.PluralRules>();

/** The cardinal plural rules of language `l` ("1 ligne", "2 lignes"). */
export function pluralRules(l: Lang): Intl.PluralRules {
  let rules = plurals.get(l);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[l]);
    plurals.set(l, rules);
  }
  return rules;
}

// Bins, suppliers and groups are French codes: one French order, whatever the language shown.
// Built on first use, not at load: a collator costs ~25 ms to build on this machine, and
// the screens a user opens first never sort.
let binOrder: Intl.Collator | undefined;
let textOrder: Intl.Collator | undefined;

/** "A2" before "A10": for bin codes. */
export const compareCodes = (a: string, b: string): number =>
  (binOrder ??= new Intl.Collator('fr', { numeric: true })).compare(a, b);
/** Alphabetical, French rules: for names (suppliers, groups). */
export const compareText = (a: string, b: string): number => (textOrder ??= new Intl.Collator('fr')).compare(a, b);
