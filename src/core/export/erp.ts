/**
 * ajustement_erp.csv: the inventory's result in the shape an ERP's inventory-adjustment
 * import takes — one row per item × location × bin × lot × serial with the quantity the
 * stock now holds. Absolute counted quantities, not differences: Odoo's physical inventory
 * (stock.quant's Counted Quantity), ERPNext's Stock Reconciliation (Quantity) and
 * Dolibarr's stock import (Stock) all SET the quantity of a line; imported twice, the file
 * changes nothing the second time, where a file of differences would add them twice.
 *
 * Which lines: every counted line, at its count (a counted 0 too: the ERP must empty that
 * line), except a line added during the count and counted 0, which never entered the
 * stock. Uncounted lines follow the inventory's policy: with `zero` they are in at 0 (they
 * were zeroed, and the ERP must zero them too); with `keep` they are left out — nobody
 * counted them, and writing their expected quantity would overwrite whatever the ERP
 * holds for them with a figure no one checked.
 *
 * The dialect is NOT the French one of the other files, on purpose: this file is read by
 * importers, not by a spreadsheet. `,` between cells, `.` decimals, UTF-8 without BOM —
 * what all three read by default. ERPNext (Frappe) reads CSV with Python's comma dialect
 * and turns "12,500" into 12500 (its flt() drops commas as thousands separators): a
 * decimal comma would multiply every quantity by 1,000 without a word. Frappe also keeps a
 * BOM as part of the first header. manifest.json records this file's own dialect.
 * Columns are named in French like the other files; docs/erp.md maps them to each ERP's.
 * `lot_serie` is the tracking number in one column (the serial when there is one, else the
 * lot), for ERPs that keep lots and serials in one field (Odoo's Lot/Serial Number,
 * Dolibarr's batch). Text cells are neutralised against formulas as everywhere.
 */
import type { Recap, RecapLine } from '../recap';
import { CsvWriter, type Column, type CsvDialect, type CsvOptions } from './csv';
import { FILE, type ExportFile } from './types';

export const ERP_CSV: CsvDialect = { separator: ',', decimal: '.', bom: false };

export const ERP_COLUMNS: readonly Column[] = [
  { id: 'lieu', type: 'text' },
  { id: 'reference', type: 'text' },
  { id: 'emplacement', type: 'text' },
  { id: 'lot', type: 'text' },
  { id: 'serie', type: 'text' },
  { id: 'lot_serie', type: 'text' },
  { id: 'quantite_comptee', type: 'qty' },
  { id: 'unite', type: 'text' },
];

/** The lines of the file, in the recap's order: counted, then (policy zero) uncounted. */
export function* erpLines(recap: Recap): Generator<RecapLine> {
  for (const l of recap.lines) if (!(l.added && l.counted === 0n)) yield l;
  if (recap.uncountedPolicy === 'zero') for (const l of recap.uncounted) if (!l.added) yield l;
}

export function erpAdjustmentCsv(recap: Recap, locationCode: string, options: CsvOptions = {}): ExportFile {
  const w = new CsvWriter(ERP_COLUMNS, ERP_CSV, options);
  for (const l of erpLines(recap)) {
    w.text(locationCode)
      .text(l.itemRef)
      .text(l.bin)
      .text(l.lot)
      .text(l.serial)
      .text(l.serial ?? l.lot);
    w.qty(l.counted).text(l.unit).endRow();
  }
  const csv = w.finish();
  return { name: FILE.erp, bytes: csv.bytes, rows: csv.rows, dialect: ERP_CSV };
}
