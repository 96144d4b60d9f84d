/**
 * Plurals in the app's texts, in a small piece of ICU's syntax:
 * `{n, plural, one {{n} ligne} other {{n} lignes}}`, with `=0`-style exact branches too.
 * The branch is chosen by Intl.PluralRules in the current language — French says "0 ligne"
 * and "1,5 ligne" (CLDR's `one` is 0 ≤ n < 2), English "1 line" and "0 lines" — and falls
 * back to `other` when the language's category has no branch (French `many`, for millions).
 * Inside a branch, `{name}` placeholders work as anywhere else (interpolate fills them after).
 */
import type { Lang } from './lang';
import { pluralRules } from './intl';

const CATEGORY = '=\\d+|zero|one|two|few|many|other';
/** A branch's text: no brace but a `{name}` placeholder. */
const BRANCH_TEXT = '[^{}]*(?:\\{\\w+\\}[^{}]*)*';
const BRANCH = new RegExp(`\\s*(${CATEGORY})\\s*\\{(${BRANCH_TEXT})\\}`, 'gy');
const BLOCK = new RegExp(`\\{(\\w+),\\s*plural,((?:\\s*(?:${CATEGORY})\\s*\\{${BRANCH_TEXT}\\})+)\\s*\\}`, 'g');
/** Anything that looks like a plural block, well formed or not: for the check below. */
const ANY_BLOCK = /\{\s*\w+\s*,\s*plural\b/g;

type Value = string | number | undefined;

function branches(body: string): Map<string, string> {
  const found = new Map<string, string>();
  BRANCH.lastIndex = 0;
  for (let m = BRANCH.exec(body); m; m = BRANCH.exec(body)) found.set(m[1]!, m[2]!);
  return found;
}

/** `text` with each plural block replaced by the branch its number selects. */
export function selectPlurals(text: string, value: (name: string) => Value, lang: Lang): string {
  if (!text.includes('plural')) return text;
  return text.replace(BLOCK, (whole, name: string, body: string) => {
    const raw = value(name);
    const n = typeof raw === 'number' ? raw : raw === undefined ? Number.NaN : Number(raw);
    const choices = branches(body);
    if (!Number.isFinite(n)) return choices.get('other') ?? whole;
    return choices.get(`=${n}`) ?? choices.get(pluralRules(lang).select(n)) ?? choices.get('other') ?? whole;
  });
}

/**
 * What is wrong with the plural blocks of a text, or null: a block the syntax above does
 * not read (it would show as is), or one without its `other` branch. The unit tests run it
 * over every text of the app.
 */
export function pluralProblem(text: string): string | null {
  const wellFormed = [...text.matchAll(BLOCK)];
  const started = text.match(ANY_BLOCK)?.length ?? 0;
  if (wellFormed.length !== started) return 'a plural block is not well formed';
  for (const m of wellFormed) if (!branches(m[2]!).has('other')) return `{${m[1]}, plural} has no other branch`;
  return null;
}
