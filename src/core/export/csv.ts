/**
 * CSV for spreadsheets, French by default: UTF-8 with a BOM (without it Excel reads the
 * accents as Latin-1), `;` between cells and a decimal comma, which is what a French Excel
 * or LibreOffice opens without an import dialog. Columns are typed so that numbers are
 * written as numbers and only text is neutralised against formula injection: a loss of
 * "-3,000" must stay a number the accountant can add up.
 *
 * Built for 250,000-line files: cells go straight into reused row arrays, and rows are
 * quoted by Papa.unparse and encoded a batch at a time, so no giant string is ever built.
 */
import Papa, { type UnparseConfig } from 'papaparse';
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
  private readonly options: UnparseConfig;
  private readonly encoder = new TextEncoder();
  private readonly chunks: Uint8Array[] = [];
  private readonly batch: string[][] = [];
  private filled = 0;
  private col = 0;
  private size = 0;
  private rows = 0;

  constructor(columns: readonly Column[], dialect: CsvDialect = FRENCH_CSV) {
    this.columns = columns;
    this.dialect = dialect;
    this.types = columns.map((c) => c.type);
    this.options = { delimiter: dialect.separator, newline: NEWLINE, quotes: false, quoteChar: '"', escapeChar: '"' };
    this.push((dialect.bom ? BOM : '') + Papa.unparse([columns.map((c) => c.id)], this.options) + NEWLINE);
  }

  text(v: string | null): this {
    return this.put('text', v === null ? '' : neutralise(v));
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

  private put(type: ColumnType, cell: string): this {
    if (this.types[this.col] !== type) {
      throw new Error(`CSV column ${this.id()} is ${this.types[this.col] ?? 'past the last column'}, not ${type}`);
    }
    // Row arrays are reused from batch to batch: Papa has read them by the time we overwrite.
    let row = this.batch[this.filled];
    if (!row) {
      row = new Array<string>(this.types.length);
      this.batch.push(row);
    }
    row[this.col++] = cell;
    return this;
  }

  private flush(): void {
    if (this.filled === 0) return;
    const rows = this.filled === this.batch.length ? this.batch : this.batch.slice(0, this.filled);
    // Every record ends with CRLF, the last one too, as Excel writes them.
    this.push(Papa.unparse(rows, this.options) + NEWLINE);
    this.filled = 0;
  }

  private push(text: string): void {
    const bytes = this.encoder.encode(text);
    this.chunks.push(bytes);
    this.size += bytes.byteLength;
  }

  private id(): string {
    return this.columns[this.col]?.id ?? String(this.col);
  }
}
