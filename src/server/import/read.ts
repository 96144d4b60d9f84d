/**
 * Reads every record of a sheet through the mapping (core's readRow) and gathers what
 * the file says (core's FileCollector: each reference once, the stock lines as columns,
 * the checks between rows as they come). Nothing is written anywhere: the preview plans
 * from it, and the import reads the file again (or takes it from the preview's cache).
 * Problems are collected with their place (the first 100 kept, all counted).
 */
import { FileCollector } from '../../core/import/collect';
import { IssueList, type ImportErrorCode, type ImportWarningCode } from '../../core/import/issues';
import type { ImportSettings } from '../../core/import/preview';
import { isError, RowReader } from '../../core/import/row';
import { SheetError, type Sheet } from './sheet';

/** Past this many rows a file is refused: four times the largest warehouse we measure. */
export const MAX_ROWS = 1_000_000;

export interface ReadFile {
  readonly file: FileCollector;
  readonly rows: number;
  readonly errors: IssueList<ImportErrorCode>;
  readonly warnings: IssueList<ImportWarningCode>;
}

export type Progress = (rowsRead: number) => void;

export async function readFile(sheet: Sheet, settings: ImportSettings, onProgress?: Progress): Promise<ReadFile> {
  const errors = new IssueList<ImportErrorCode>();
  const warnings = new IssueList<ImportWarningCode>();
  const stock = settings.mode === 'replace';
  const ctx = {
    mapping: settings.mapping,
    decimal: settings.decimal,
    defaultLocation: settings.location,
    defaultBin: settings.defaultBin,
    requireQty: stock,
  };
  const file = new FileCollector(stock);
  const reader = new RowReader(ctx);
  const width = sheet.headers.length;
  const columnOf = (field: string): number => settings.mapping.findIndex((m) => m.field === field);
  let last: { row: number; cells: number } | null = null;
  let shortBefore = false;
  let rows = 0;
  try {
    for await (const batch of sheet.records()) {
      for (const record of batch) {
        rows++;
        if (rows > MAX_ROWS) {
          errors.add({
            row: record.row,
            column: null,
            header: null,
            code: 'too_many_rows',
            message: `the file has more than ${MAX_ROWS.toLocaleString('en')} rows: split it`,
          });
          return { file, rows, errors, warnings };
        }
        if (last && last.cells < width) shortBefore = true;
        last = { row: record.row, cells: record.cells.length };
        let extra = -1;
        for (let k = width; k < record.cells.length && extra < 0; k++) {
          const c = record.cells[k];
          if (typeof c !== 'string' || c.trim() !== '') extra = k - width;
        }
        if (extra >= 0) {
          errors.add({
            row: record.row,
            column: width + extra,
            header: null,
            code: 'wrong_cell_count',
            message: `the row has more cells than the header has columns (${record.cells.length} for ${width}): a separator inside an unquoted cell?`,
          });
          continue;
        }
        const read = reader.read(record.row, record.cells);
        for (const i of read.issues) {
          if (isError(i.code)) errors.add(i as typeof i & { code: ImportErrorCode });
          else warnings.add(i as typeof i & { code: ImportWarningCode });
        }
        for (const r of read.rows) {
          for (const f of file.add(r)) {
            const column = columnOf(f.field);
            errors.add({
              row: f.row,
              column: column >= 0 ? column : null,
              header: column >= 0 ? (settings.mapping[column]?.header ?? null) : null,
              code: f.code,
              message: f.message,
              details: f.details,
            });
          }
        }
      }
      onProgress?.(rows);
      // Let the event loop run between batches: other requests (a phone's counts) are
      // served during a long read, and V8's collector gets the turns it needs to keep up.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (e) {
    if (!(e instanceof SheetError)) throw e;
    errors.add({ row: e.row, column: null, header: null, code: e.code, message: e.message });
  }
  // A CSV cut in the middle of its last line: fewer cells than the header, where every
  // other row had them all (some tools leave trailing empty cells out of every row).
  if (sheet.format === 'csv' && last && last.cells < width && !shortBefore) {
    errors.add({
      row: last.row,
      column: null,
      header: null,
      code: 'wrong_cell_count',
      message: `the last row has ${last.cells} of the ${width} columns: the file seems cut short`,
    });
  }
  return { file, rows, errors, warnings };
}
