/**
 * A stock file opened as a sheet: its header and its records, read a batch at a time so
 * a 250,000-row file is never held as rows all at once. CSV and XLSX give the same shape
 * (csvSheet.ts, xlsxSheet.ts); what they are is told by their bytes, not their name: an
 * ".xlsx" that is really a CSV is read as one, a renamed PDF is refused.
 */
import type { Result } from '../../core/errors';
import type { DecimalMark } from '../../core/import/cells';
import type { ImportErrorCode } from '../../core/import/issues';
import type { Cell } from '../../core/import/row';
import type { TextEncoding } from '../../core/import/text';
import { fail, ok } from '../../core/errors';
import { openCsv } from './csvSheet';
import { openXlsx } from './xlsxSheet';

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

const starts = (bytes: Uint8Array, ...signature: number[]): boolean => signature.every((b, i) => bytes[i] === b);

export function sniffFormat(bytes: Uint8Array): Result<SheetFormat, SheetProblem> {
  if (bytes.byteLength === 0) return fail('empty_file', 'the file is empty');
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04) || starts(bytes, 0x50, 0x4b, 0x05, 0x06)) return ok('xlsx');
  if (starts(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    return fail('old_xls', 'this is an old Excel file (.xls): save it as .xlsx or CSV and try again');
  }
  if (starts(bytes, 0x25, 0x50, 0x44, 0x46)) return fail('not_a_spreadsheet', 'this is a PDF, not a spreadsheet');
  return ok('csv');
}

export async function openSheet(
  bytes: Uint8Array,
  decimal: DecimalMark | null = null,
): Promise<Result<Sheet, SheetProblem>> {
  const format = sniffFormat(bytes);
  if (!format.ok) return format;
  return format.value === 'xlsx' ? openXlsx(bytes, decimal) : openCsv(bytes, decimal);
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
