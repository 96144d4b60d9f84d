/**
 * CSV for spreadsheets, French by default: UTF-8 with a BOM (without it Excel reads the
 * accents as Latin-1), `;` between cells and a decimal comma, which is what a French Excel
 * or LibreOffice opens without an import dialog. Columns are typed so that numbers are
 * written as numbers and only text is neutralised against formula injection: a loss of
 * "-3,000" must stay a number the accountant can add up.
 *
 * Built for 250,000-line files: each row is one string, encoded a batch of rows at a time,
 * so no giant string is ever built. Quoting follows Papa.unparse's rule to the byte (a
 * unit test compares the two on random text); it is done here because Papa checks every
 * cell, numbers included, and that was 45 % of writing a 250,000-line stock.csv.
 */
import { formatFixed } from '../fixed';
import { MONEY_SCALE } from '../money';
import { QTY_SCALE } from '../quantity';

/** `qty` and `money` take the domain's scaled bigints (Qty, Money); `int` a whole number. */
export type ColumnType = 'text' | 'qty' | 'money' | 'int' | 'bool';

export interface Column {
  /** The header text: a stable id that scripts can rely on, not a translated label. */
  readonly id: string;
  readonly type: ColumnType;
}

export interface CsvDialect {
  readonly separator: string;
  readonly decimal: string;
  readonly bom: boolean;
}

export const FRENCH_CSV: CsvDialect = { separator: ';', decimal: ',', bom: true };

export interface CsvOptions {
  /** false: rows only, for a later part of a file (CsvWriter's constructor). */
  readonly header?: boolean;
  /** Hears the bytes as they are encoded, in order (CsvWriter's constructor). */
  readonly onBytes?: (bytes: Uint8Array) => void;
}

export interface CsvOutput {
  readonly bytes: Uint8Array;
  /** Data rows, header not included. */
  readonly rows: number;
}

/** The columns that name a line to a person, in the order both added.csv and variances.csv use. */
export const LINE_NAME_COLUMNS: readonly Column[] = [
  { id: 'reference', type: 'text' },
  { id: 'designation', type: 'text' },
  { id: 'emplacement', type: 'text' },
  { id: 'lot', type: 'text' },
  { id: 'serie', type: 'text' },
  { id: 'unite', type: 'text' },
];

export const YES = 'oui';
export const NO = 'non';
const NEWLINE = '\r\n';
const BOM = '\uFEFF';
const BATCH = 2048;

/**
 * A text cell that a spreadsheet would run as a formula gets a leading `'`, which Excel
 * and LibreOffice show as text (OWASP's CSV injection advice). Tab and CR are in the list
 * because some spreadsheets strip them and then see the `=` behind.
 */
export function neutralise(text: string): string {
  const c = text.charCodeAt(0);
  return c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */ || c === 9 || c === 13
    ? `'${text}`
    : text;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const POW10: readonly (number | undefined)[] = [undefined, 10, 100, 1000, 10000];
const ZEROS = '0000';

/**
 * formatFixed, with the common case (|v| ≤ 2^53 − 1, scale 1 to 4) done in plain numbers:
 * it runs for millions of cells and bigint arithmetic allocates on every step. Exact:
 * below 2^53 a double holds every integer, `%` on doubles is exact, and so is dividing
 * a multiple of p by p.
 */
export function formatScaled(v: bigint, scale: number, decimal: string): string {
  const p = POW10[scale];
  if (p === undefined || v > MAX_SAFE || v < -MAX_SAFE) return formatFixed(v, scale, decimal);
  const n = Number(v);
  const a = n < 0 ? -n : n;
  const r = a % p;
  const frac = String(r);
  return `${n < 0 ? '-' : ''}${(a - r) / p}${decimal}${ZEROS.slice(0, scale - frac.length)}${frac}`;
}

/**
 * Writes one cell at a time, left to right, then `endRow()`; `finish()` gives the bytes.
 * Each cell method must match its column's type: a mismatch is a bug in the caller and
 * throws, so a text can never slip unneutralised into a number column.
 * null is an empty cell in any column.
 */
export class CsvWriter {
  private readonly columns: readonly Column[];
  private readonly dialect: CsvDialect;
  private readonly types: readonly ColumnType[];
  private readonly needsQuotes: RegExp;
  private readonly encoder = new TextEncoder();
  private readonly chunks: Uint8Array[] = [];
  private readonly onBytes: ((bytes: Uint8Array) => void) | undefined;
  private batch = '';
  private row = '';
  private filled = 0;
  private col = 0;
  private size = 0;
  private rows = 0;

  /**
   * `header: false` writes rows only, for the later part of a file whose first part (BOM
   * and header included) another writer makes: the parts' bytes join into the same file.
   * `onBytes` hears the file's bytes as they are encoded, a batch of rows at a time, in
   * order (to deflate them elsewhere meanwhile); it must not change them.
   */
  constructor(columns: readonly Column[], dialect: CsvDialect = FRENCH_CSV, options: CsvOptions = {}) {
    if (dialect.separator === dialect.decimal || dialect.separator.length !== 1) {
      throw new Error(`a CSV separator is one character other than the decimal mark, not "${dialect.separator}"`);
    }
    this.columns = columns;
    this.dialect = dialect;
    this.onBytes = options.onBytes;
    this.types = columns.map((c) => c.type);
    // Papa.unparse's rule: a line break, a quote, a BOM or the separator inside, or a
    // space at either end.
    this.needsQuotes = new RegExp(`[\r\n"\uFEFF${escapeRegExp(dialect.separator)}]|^ | $`);
    if (options.header !== false) {
      this.batch = (dialect.bom ? BOM : '') + columns.map((c) => this.quoted(c.id)).join(dialect.separator) + NEWLINE;
    }
  }

  text(v: string | null): this {
    return this.put('text', v === null ? '' : this.quoted(neutralise(v)));
  }

  qty(v: bigint | null): this {
    return this.put('qty', v === null ? '' : formatScaled(v, QTY_SCALE, this.dialect.decimal));
  }

  money(v: bigint | null): this {
    return this.put('money', v === null ? '' : formatScaled(v, MONEY_SCALE, this.dialect.decimal));
  }

  int(v: number | null): this {
    if (v !== null && !Number.isSafeInteger(v))
      throw new Error(`CSV column ${this.id()} takes whole numbers, not ${v}`);
    return this.put('int', v === null ? '' : String(v));
  }

  bool(v: boolean | null): this {
    return this.put('bool', v === null ? '' : v ? YES : NO);
  }

  endRow(): void {
    if (this.col !== this.types.length) {
      throw new Error(`CSV row ended after ${this.col} cells, expected ${this.types.length}`);
    }
    // Every record ends with CRLF, the last one too, as Excel writes them.
    this.batch += this.row + NEWLINE;
    this.row = '';
    this.col = 0;
    this.rows++;
    if (++this.filled === BATCH) this.flush();
  }

  finish(): CsvOutput {
    if (this.col !== 0) throw new Error('CSV row left unfinished');
    this.flush();
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    this.chunks.length = 0;
    return { bytes, rows: this.rows };
  }

  private quoted(cell: string): string {
    return this.needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
  }

  private put(type: ColumnType, cell: string): this {
    if (this.types[this.col] !== type) {
      throw new Error(`CSV column ${this.id()} is ${this.types[this.col] ?? 'past the last column'}, not ${type}`);
    }
    this.row = this.col++ === 0 ? cell : this.row + this.dialect.separator + cell;
    return this;
  }

  private flush(): void {
    if (this.batch === '') return;
    const bytes = this.encoder.encode(this.batch);
    this.chunks.push(bytes);
    this.onBytes?.(bytes);
    this.size += bytes.byteLength;
    this.batch = '';
    this.filled = 0;
  }

  private id(): string {
    return this.columns[this.col]?.id ?? String(this.col);
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
