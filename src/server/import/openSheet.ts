/**
 * Opens a stock file as a sheet: what it is told by its bytes, not its name (an ".xlsx"
 * that is really a CSV is read as one, a renamed PDF or an old .xls is refused), then read
 * by csvSheet.ts or xlsxSheet.ts. Apart from sheet.ts, which both readers use.
 */
import { fail, ok, type Result } from '../../core/errors';
import type { DecimalMark } from '../../core/import/cells';
import { openCsv } from './csvSheet';
import type { Sheet, SheetFormat, SheetProblem } from './sheet';
import { openXlsx } from './xlsxSheet';

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
