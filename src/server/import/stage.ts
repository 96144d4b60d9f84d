/**
 * Reads every record of a sheet through the mapping (core's readRow) and stages the rows
 * in import_rows, a batch per statement: on the embedded database other requests (counts
 * being pushed) go on between batches, and memory holds one batch, not the file. Row
 * problems are collected as they come (the first 100 kept, all counted).
 */
import { formatMoney } from '../../core/money';
import { formatQty } from '../../core/quantity';
import { IssueList, type ImportErrorCode, type ImportWarningCode } from '../../core/import/issues';
import type { ImportSettings } from '../../core/import/preview';
import { isError, readRow, type ImportRow } from '../../core/import/row';
import type { Queryable } from '../db/database';
import { SheetError, type Sheet } from './sheet';

/** Past this many rows a file is refused: four times the largest warehouse we measure. */
export const MAX_ROWS = 1_000_000;

export interface Staged {
  readonly rows: number;
  readonly errors: IssueList<ImportErrorCode>;
  readonly warnings: IssueList<ImportWarningCode>;
}

export type Progress = (rowsRead: number) => void;

export async function stageRows(
  db: Queryable,
  importId: number,
  sheet: Sheet,
  settings: ImportSettings,
  onProgress?: Progress,
): Promise<Staged> {
  await db.query('DELETE FROM import_rows WHERE import_id = $1', [importId]);
  const errors = new IssueList<ImportErrorCode>();
  const warnings = new IssueList<ImportWarningCode>();
  const ctx = {
    mapping: settings.mapping,
    decimal: settings.decimal,
    defaultLocation: settings.location,
    defaultBin: settings.defaultBin,
    requireQty: settings.mode === 'replace',
  };
  const width = sheet.headers.length;
  let last: { row: number; cells: number } | null = null;
  let shortBefore = false;
  let rows = 0;
  try {
    for await (const batch of sheet.records()) {
      const staged: ImportRow[] = [];
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
          return { rows, errors, warnings };
        }
        if (last && last.cells < width) shortBefore = true;
        last = { row: record.row, cells: record.cells.length };
        const extra = record.cells.slice(width).findIndex((c) => typeof c !== 'string' || c.trim() !== '');
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
        const read = readRow(record.row, record.cells, ctx);
        for (const i of read.issues) {
          if (isError(i.code)) errors.add(i as typeof i & { code: ImportErrorCode });
          else warnings.add(i as typeof i & { code: ImportWarningCode });
        }
        staged.push(...read.rows);
      }
      // Rows with errors are left out; the others are staged, so the checks between rows still run.
      if (staged.length) await insertRows(db, importId, staged);
      onProgress?.(rows);
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
  return { rows, errors, warnings };
}

async function insertRows(db: Queryable, importId: number, rows: readonly ImportRow[]): Promise<void> {
  const payload = JSON.stringify(
    rows.map((r) => ({
      n: r.row,
      l: r.location ?? '',
      ln: r.locationName,
      i: r.itemRef,
      d: r.designation,
      k: r.kind,
      u: r.unit,
      dc: r.decimals,
      c: r.unitCost === null ? null : formatMoney(r.unitCost),
      s: r.supplier,
      t: r.tracking,
      b: r.barcodes,
      pc: r.pack?.code ?? null,
      pq: r.pack ? formatQty(r.pack.qty) : null,
      bin: r.bin,
      lot: r.lot ?? '',
      ser: r.serial ?? '',
      q: r.qty === null ? null : formatQty(r.qty),
    })),
  );
  await db.query(
    `INSERT INTO import_rows (import_id, row_no, location, location_name, item_ref, designation, kind, unit, decimals,
                              unit_cost, supplier, tracking, barcodes, pack_code, pack_qty, bin, lot, serial, qty)
     SELECT $1, n, l, ln, i, d, k, u, dc, c, s, t, ARRAY(SELECT json_array_elements_text(b)), pc, pq, bin, lot, ser, q
     FROM json_to_recordset($2::json) AS r(n int, l text, ln text, i text, d text, k text, u text, dc boolean,
       c numeric, s text, t text, b json, pc text, pq numeric, bin text, lot text, ser text, q numeric)`,
    [importId, payload],
  );
}
