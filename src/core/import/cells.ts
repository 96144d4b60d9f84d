/**
 * One cell's text made into a value, as spreadsheets and ERPs really write them:
 * "1 234,50 €", "12.5", "Oui", "Pièces", "'=SOMME" (a cell our own exports neutralised),
 * "3,76012E+12" (a barcode a spreadsheet turned into a number). Each reader returns a
 * value or the reason it cannot, never a guess that would change a quantity.
 */
import { fail, ok, type Result } from '../errors';
import type { InventoryKind } from '../inventory';
import type { Tracking } from '../line';

export type CellResult<T> = Result<T, CellProblem>;
export type CellProblem =
  | 'formula_cell'
  | 'control_character'
  | 'invisible_character'
  | 'too_long'
  | 'invalid_number'
  | 'ambiguous_number'
  | 'scientific_number'
  | 'negative_quantity'
  | 'unknown_kind'
  | 'unknown_tracking'
  | 'invalid_boolean';

export type DecimalMark = ',' | '.';

const SPACES = /^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g;
// C0/C1 controls (a tab or line break inside a cell breaks labels and CSV exports).
// oxlint-disable-next-line eslint/no-control-regex -- finding control characters is this pattern's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Zero-width characters, the BOM, and the bidirectional controls that make "ABC" display as "CBA".
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const NEUTRALISED = /^'[=+\-@\t\r]/;

/**
 * A text cell, trimmed; null when empty. A leading `'` before = + - @ is how our exports
 * (and OWASP's advice) keep a spreadsheet from running a text as a formula: it is taken
 * off, so an export imports back unchanged. A bare `=` is a formula, not a value.
 */
/**
 * A copy of a cell's text that holds nothing else. A parser's cells are slices of the
 * chunk they were read from, and a slice (13 characters and more, in V8) keeps its whole
 * chunk alive: the references, designations and bins a 250,000-line file keeps held
 * ~90 MB of chunks that way. Concatenating then slicing makes V8 copy the text flat.
 */
export const ownText = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

export function readText(raw: string, maxLength: number, code = false): CellResult<string | null> {
  const text = trimmed(raw);
  if (text === '') return ok(null);
  if (text.startsWith('=')) return fail('formula_cell', `"${clip(text)}" is a formula, not a value`);
  const value = text.charCodeAt(0) === 39 && NEUTRALISED.test(text) ? text.slice(1) : text;
  if (CONTROL.test(value)) return fail('control_character', 'contains a control character (tab, line break…)');
  if (code && INVISIBLE.test(value)) {
    return fail('invisible_character', `"${clip(value)}" contains an invisible or direction-changing character`);
  }
  // Length in characters: UTF-16 units overcount only beyond the BMP, so count those only then.
  if (value.length > maxLength && [...value].length > maxLength)
    return fail('too_long', `is longer than ${maxLength} characters`);
  return ok(value);
}

/** Trimmed of spaces and no-break spaces; most cells have none, and are returned as they are. */
function trimmed(raw: string): string {
  if (raw === '') return raw;
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  return first > 32 && first !== 0xa0 && first !== 0x202f && last > 32 && last !== 0xa0 && last !== 0x202f
    ? raw
    : raw.replace(SPACES, '');
}

// A plain number, the form nearly every cell takes: digits, maybe one mark and more digits.
const PLAIN = /^(\d+)(?:([.,])(\d+))?$/;

const CURRENCY = /^(?:€|eur|euros?)\s*|\s*(?:€|eur|euros?)$/i;
const GROUPING = /[\s\u00a0\u202f']/g;

/**
 * A number as a French or English spreadsheet writes it, made canonical ("1234.50"), for
 * core's exact parsers. `decimal` is the file's decimal mark. Thousands separators are
 * spaces (and no-break spaces), an apostrophe, or the other mark in full groups of three.
 * A lone other mark followed by exactly three digits ("1.234" in a file of decimal
 * commas) could be either: refused, rather than a quantity 1,000 times off.
 */
export function readNumber(raw: string, decimal: DecimalMark): CellResult<string | null> {
  const plain = PLAIN.exec(raw);
  // "12", "12,5" with a decimal comma; "12.5" too (a lone other mark is a decimal unless followed by three digits).
  if (plain && (plain[2] === undefined || plain[2] === decimal || plain[3]?.length !== 3)) {
    return ok(plain[2] === undefined ? (plain[1] as string) : `${plain[1]}.${plain[3]}`);
  }
  let text = trimmed(raw);
  if (text === '') return ok(null);
  text = text.replace(CURRENCY, '');
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true; // accounting style: (12,50)
    text = text.slice(1, -1);
  }
  if (/^[+-]/.test(text)) {
    negative = text.startsWith('-');
    text = text.slice(1);
  }
  text = text.replace(GROUPING, '');
  if (/^\d+(?:[.,]\d+)?e[+-]?\d+$/i.test(text)) {
    return fail('scientific_number', `"${clip(raw)}" is in scientific notation: a spreadsheet rounded it`);
  }
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return fail('invalid_number', `"${clip(raw)}" is not a number`);
  const other = decimal === ',' ? '.' : ',';
  const lastDecimal = text.lastIndexOf(decimal);
  const lastOther = text.lastIndexOf(other);
  let whole: string;
  let frac = '';
  if (lastDecimal >= 0 && lastOther >= 0) {
    // Both marks: the last one is the decimal mark, the other groups thousands.
    const [mark, group] = lastDecimal > lastOther ? [decimal, other] : [other, decimal];
    const at = text.lastIndexOf(mark);
    whole = text.slice(0, at);
    frac = text.slice(at + 1);
    if (frac.includes(group) || !groupsOfThree(whole, group))
      return fail('invalid_number', `"${clip(raw)}" is not a number`);
    whole = whole.split(group).join('');
  } else if (lastDecimal >= 0) {
    if (text.indexOf(decimal) !== lastDecimal) return fail('invalid_number', `"${clip(raw)}" is not a number`);
    whole = text.slice(0, lastDecimal);
    frac = text.slice(lastDecimal + 1);
  } else if (lastOther >= 0) {
    const parts = text.split(other);
    if (parts.length > 2) {
      if (!groupsOfThree(text, other)) return fail('invalid_number', `"${clip(raw)}" is not a number`);
      whole = parts.join('');
    } else if ((parts[1] ?? '').length === 3) {
      return fail(
        'ambiguous_number',
        `"${clip(raw)}" could be read two ways in a file whose decimal mark is "${decimal}": write it without "${other}"`,
      );
    } else {
      [whole = '', frac = ''] = parts;
    }
  } else {
    whole = text;
  }
  if (whole === '' && frac === '') return fail('invalid_number', `"${clip(raw)}" is not a number`);
  const canonical = `${whole || '0'}${frac ? `.${frac}` : ''}`;
  return ok(negative && /[1-9]/.test(canonical) ? `-${canonical}` : canonical);
}

const groupsOfThree = (text: string, group: string): boolean =>
  new RegExp(`^\\d{1,3}(?:${group === '.' ? '\\.' : group}\\d{3})+$`).test(text);

/**
 * A number cell of an XLSX file: the double Excel stored ("12.300000000000001" for 12.3),
 * rounded to the 15 significant digits Excel itself shows, as decimal text.
 */
export function excelNumber(raw: string): CellResult<string | null> {
  const text = raw.trim();
  if (text === '') return ok(null);
  const n = Number(text);
  if (!Number.isFinite(n)) return fail('invalid_number', `"${clip(raw)}" is not a number`);
  const shown = Number(n.toPrecision(15));
  if (Math.abs(shown) >= 1e15) return fail('scientific_number', `${text} has more digits than a spreadsheet keeps`);
  // toFixed avoids the exponent form String() gives below 1e-6; the trailing zeros go.
  let fixed = Math.abs(shown) < 1e-6 && shown !== 0 ? shown.toFixed(20) : String(shown);
  if (fixed.includes('.')) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  return ok(fixed === '-0' ? '0' : fixed);
}

const YES = new Set(['oui', 'o', 'yes', 'y', 'vrai', 'true', '1', 'x']);
const NO = new Set(['non', 'n', 'no', 'faux', 'false', '0']);

export function readBoolean(raw: string): CellResult<boolean | null> {
  const v = fold(raw);
  if (v === '') return ok(null);
  if (YES.has(v)) return ok(true);
  if (NO.has(v)) return ok(false);
  return fail('invalid_boolean', `"${clip(raw)}" is neither yes (oui) nor no (non)`);
}

const KINDS: ReadonlyMap<string, InventoryKind> = new Map([
  ...[
    'articles',
    'article',
    'produit',
    'produits',
    'marchandise',
    'marchandises',
    'item',
    'items',
    'product',
    'products',
    'goods',
  ].map((k) => [k, 'articles'] as const),
  ...['pieces', 'piece', 'pieces detachees', 'piece detachee', 'pdr', 'spare part', 'spare parts', 'part', 'parts'].map(
    (k) => [k, 'pieces'] as const,
  ),
]);

export function readKind(raw: string): CellResult<InventoryKind | null> {
  const v = fold(raw);
  if (v === '') return ok(null);
  const kind = KINDS.get(v);
  return kind ? ok(kind) : fail('unknown_kind', `"${clip(raw)}" is neither articles nor pièces (spare parts)`);
}

const TRACKINGS: ReadonlyMap<string, Tracking> = new Map([
  ...['aucun', 'non', 'sans', 'none', 'no'].map((k) => [k, 'none'] as const),
  ...['lot', 'lots', 'par lot', 'batch', 'lot batch'].map((k) => [k, 'lot'] as const),
  ...['serie', 'numero de serie', 'par numero de serie', 'serial', 'serial number', 'sn'].map(
    (k) => [k, 'serial'] as const,
  ),
]);

export function readTracking(raw: string): CellResult<Tracking | null> {
  const v = fold(raw);
  if (v === '') return ok(null);
  const t = TRACKINGS.get(v);
  return t ? ok(t) : fail('unknown_tracking', `"${clip(raw)}" is not a tracking: none, lot or serial`);
}

/** "[FURN_001] Bureau" (Odoo's way of naming a product) → its reference and its name. */
export function splitProduct(text: string): { readonly ref: string; readonly name: string | null } {
  const m = /^\[([^\]]+)\]\s*(.*)$/.exec(text);
  return m ? { ref: m[1]!.trim(), name: m[2]!.trim() || null } : { ref: text, name: null };
}

/** Several barcodes in one cell, separated by | or , (a spreadsheet cell holds one line). */
export const splitBarcodes = (text: string): string[] =>
  text
    .split(/[|,]/)
    .map((b) => b.trim())
    .filter(Boolean);

/** Folded for comparing words: no case, no accents, single spaces. */
export const fold = (raw: string): string =>
  raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
