/**
 * A stock file opened as a sheet: its header and its records, read a batch at a time so
 * a 250,000-row file is never held as rows all at once. CSV and XLSX give the same shape
 * (csvSheet.ts, xlsxSheet.ts; openSheet.ts tells which from the bytes, not the name: an
 * ".xlsx" that is really a CSV is read as one, a renamed PDF is refused).
 */
import type { DecimalMark } from '../../core/import/cells';
import type { ImportErrorCode } from '../../core/import/issues';
import type { Cell } from '../../core/import/row';
import type { TextEncoding } from '../../core/import/text';

export type SheetFormat = 'csv' | 'xlsx';

export interface SheetRecord {
  /** The spreadsheet's row number (the header is row 1 in a usual file). */
  readonly row: number;
  readonly cells: readonly Cell[];
}

export interface Sheet {
  readonly format: SheetFormat;
  readonly encoding: TextEncoding | null;
  readonly separator: string | null;
  readonly sheetName: string | null;
  /** The decimal mark numbers written as text use, detected from the first rows. */
  readonly decimal: DecimalMark;
  readonly headers: readonly string[];
  /** The first data records, for the mapping screen's samples. */
  readonly sample: readonly SheetRecord[];
  /** Every data record after the header, in order, a batch at a time; empty rows left out. */
  records(): AsyncGenerator<readonly SheetRecord[]>;
}

export type SheetProblem = Extract<
  ImportErrorCode,
  | 'empty_file'
  | 'no_header'
  | 'not_a_spreadsheet'
  | 'old_xls'
  | 'ods'
  | 'not_xlsx'
  | 'damaged_xlsx'
  | 'bad_encoding'
  | 'unclosed_quote'
>;

/** A problem met while reading records (a cut XLSX, an unclosed quote): thrown, with its code. */
export class SheetError extends Error {
  constructor(
    readonly code: SheetProblem,
    message: string,
    readonly row: number | null = null,
  ) {
    super(message);
  }
}

/** The first rows decide the decimal mark: "12,5" written by a French spreadsheet, "12.5" by the others. */
export function guessDecimal(records: readonly SheetRecord[], separator: string | null): DecimalMark {
  let comma = 0;
  let point = 0;
  for (const r of records) {
    for (const c of r.cells) {
      if (typeof c !== 'string') continue;
      const t = c.trim();
      // Three decimals could be a thousands group ("1,234"): those say nothing.
      if (/^-?[\d\s\u00a0\u202f]*\d,(?:\d{1,2}|\d{4,})$/.test(t)) comma++;
      else if (/^-?\d+\.(?:\d{1,2}|\d{4,})$/.test(t)) point++;
    }
  }
  if (comma > point) return ',';
  if (point > comma) return '.';
  return separator === ',' ? '.' : ',';
}

export const emptyRecord = (cells: readonly Cell[]): boolean =>
  cells.every((c) => typeof c === 'string' && c.trim() === '');
