/**
 * added.csv: the lines found on the shelves that the stock did not list (new references,
 * bins, lots or serials added during the count), with what was counted and its value.
 * They are also in variances.csv; this file is the short list to review and to create
 * in the accounting system.
 */
import { lineValue } from '../money';
import type { Recap } from '../recap';
import { CsvWriter, LINE_NAME_COLUMNS, type Column, type CsvDialect } from './csv';
import { FILE, type ExportFile } from './types';

export const ADDED_COLUMNS: readonly Column[] = [
  ...LINE_NAME_COLUMNS,
  { id: 'quantite_comptee', type: 'qty' },
  { id: 'cout_unitaire', type: 'money' },
  { id: 'valeur', type: 'money' },
];

/** In recap order: counted lines, then uncounted ones (an added line with no count is at 0 either way). */
export function addedCsv(recap: Recap, dialect: CsvDialect): ExportFile {
  const w = new CsvWriter(ADDED_COLUMNS, dialect);
  for (const list of [recap.lines, recap.uncounted]) {
    for (const l of list) {
      if (!l.added) continue;
      w.text(l.itemRef).text(l.designation).text(l.bin).text(l.lot).text(l.serial).text(l.unit);
      w.qty(l.counted).money(l.unitCost).money(lineValue(l.counted, l.unitCost)).endRow();
    }
  }
  const csv = w.finish();
  return { name: FILE.added, bytes: csv.bytes, rows: csv.rows };
}
