/**
 * stock.csv: one row per stock line with its value. Before a count the rows are the
 * snapshot's expected quantities; after, the quantities the stock took when the
 * inventory was applied, with the lines added during the count. Both follow the
 * snapshot's order, so the two files are easy to compare side by side.
 */
import type { InventoryKind } from '../inventory';
import type { InventoryLine, StockLine } from '../line';
import { lineValue, money, type Money } from '../money';
import { qty, type Qty } from '../quantity';
import type { Recap, RecapLine } from '../recap';
import { CsvWriter, type Column, type CsvDialect } from './csv';
import { FILE, type ExportFile } from './types';

export interface StockTotals {
  readonly lines: number;
  readonly quantity: Qty;
  /** Sum of the rounded row values, so it equals the sum of the `valeur` column. */
  readonly value: Money;
}

export const STOCK_COLUMNS: readonly Column[] = [
  { id: 'reference', type: 'text' },
  { id: 'designation', type: 'text' },
  { id: 'type', type: 'text' },
  { id: 'fournisseur', type: 'text' },
  { id: 'emplacement', type: 'text' },
  { id: 'lot', type: 'text' },
  { id: 'serie', type: 'text' },
  { id: 'unite', type: 'text' },
  { id: 'quantite', type: 'qty' },
  { id: 'cout_unitaire', type: 'money' },
  { id: 'valeur', type: 'money' },
];

/** The stock before counting: each snapshot line at its expected quantity, added lines excluded. */
export function stockRowsFromLines(lines: Iterable<InventoryLine>): StockLine[] {
  const rows: StockLine[] = [];
  // Added lines were not in the stock before; they only exist because someone found them.
  for (const l of lines) if (!l.added) rows.push(toRow(l, l.expectedQty));
  return rows;
}

/**
 * The stock once the inventory is applied: every snapshot line, added ones included, at
 * the recap's counted quantity (for an uncounted line that quantity already follows the
 * uncounted policy). Lines that end at 0 stay listed, as they do in the stock table.
 * The snapshot gives the order and the kind, which recap lines do not carry.
 */
export function stockRowsAfter(snapshot: Iterable<InventoryLine>, recap: Recap): StockLine[] {
  const byKey = new Map<string, RecapLine>();
  for (const l of recap.lines) byKey.set(l.key, l);
  for (const l of recap.uncounted) byKey.set(l.key, l);
  const rows: StockLine[] = [];
  for (const l of snapshot) {
    const r = byKey.get(l.key);
    if (!r) throw new Error(`snapshot line ${l.key} is not in the recap: they come from different inventories`);
    rows.push(toRow(l, r.counted));
  }
  if (rows.length !== byKey.size) throw new Error('the recap has lines the snapshot does not');
  return rows;
}

function toRow(l: InventoryLine, quantity: Qty): StockLine {
  return {
    itemRef: l.itemRef,
    designation: l.designation,
    kind: l.kind,
    supplier: l.supplier,
    bin: l.bin,
    lot: l.lot,
    serial: l.serial,
    unit: l.unit,
    qty: quantity,
    unitCost: l.unitCost,
  };
}

export function stockCsv(rows: Iterable<StockLine>, dialect: CsvDialect): { file: ExportFile; totals: StockTotals } {
  const w = new CsvWriter(STOCK_COLUMNS, dialect);
  let quantity = 0n;
  let value = 0n;
  for (const r of rows) {
    const v = lineValue(r.qty, r.unitCost);
    quantity += r.qty;
    value += v;
    w.text(r.itemRef).text(r.designation).text(r.kind).text(r.supplier).text(r.bin).text(r.lot).text(r.serial);
    w.text(r.unit).qty(r.qty).money(r.unitCost).money(v).endRow();
  }
  const csv = w.finish();
  return {
    file: { name: FILE.stock, bytes: csv.bytes, rows: csv.rows },
    totals: { lines: csv.rows, quantity: qty(quantity), value: money(value) },
  };
}
