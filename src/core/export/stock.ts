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
import { concatBytes } from './bytes';
import { CsvWriter, type Column, type CsvDialect, type CsvOptions } from './csv';
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

/**
 * The stock before counting: each snapshot line at its expected quantity, added lines
 * excluded. Lazy, like the lines it may be given: at 250,000 lines the before export then
 * never holds a second and third copy of the snapshot while it writes stock.csv.
 */
export function* stockRowsFromLines(lines: Iterable<InventoryLine>): Generator<StockLine> {
  // Added lines were not in the stock before; they only exist because someone found them.
  for (const l of lines) if (!l.added) yield toRow(l, l.kind, l.expectedQty);
}

/**
 * The stock once the inventory is applied, as stock.csv lists it: every line of the recap
 * (counted ones at their count, uncounted ones at the policy's quantity) that the
 * snapshot took at the start, in the snapshot's order, then the lines added during the
 * count, in the recap's order (counted, then uncounted). One order whichever device
 * builds it — a device's own added lines sit in its copy of the snapshot, another's do
 * not — so the server, rebuilding the file from its own data, gets the same bytes.
 * Snapshot lines the recap does not have (added on a device, never sent) were not
 * applied: not listed.
 */
export function stockAfter(
  snapshot: Iterable<{ readonly key: string; readonly added?: boolean }>,
  recap: Recap,
): RecapLine[] {
  // Each recap line is taken out of `left` once listed: what remains at the end are the
  // lines other devices added (no second set of 250,000 keys to remember what was listed).
  const left = new Map<string, RecapLine>();
  for (const l of recap.lines) left.set(l.key, l);
  for (const l of recap.uncounted) left.set(l.key, l);
  const lines: RecapLine[] = [];
  for (const l of snapshot) {
    if (l.added) continue;
    const r = left.get(l.key);
    if (r) {
      left.delete(l.key);
      lines.push(r);
    }
  }
  for (const r of left.values()) lines.push(r);
  return lines;
}

/**
 * stock.csv's rows once applied: each line at the quantity it was applied at. Recap lines
 * carry no kind: every line of an inventory is of the inventory's kind (the server takes
 * no other into the snapshot and refuses a line of another kind).
 */
export function* stockRowsAfter(lines: Iterable<RecapLine>, kind: InventoryKind): Generator<StockLine> {
  for (const r of lines) yield toRow(r, kind, r.counted);
}

/** A line's names, cost and kind, at `quantity`: a snapshot line's or a recap line's. */
function toRow(l: Omit<StockLine, 'kind' | 'qty'>, kind: InventoryKind, quantity: Qty): StockLine {
  return {
    itemRef: l.itemRef,
    designation: l.designation,
    kind,
    supplier: l.supplier,
    bin: l.bin,
    lot: l.lot,
    serial: l.serial,
    unit: l.unit,
    qty: quantity,
    unitCost: l.unitCost,
  };
}

export interface StockCsv {
  readonly file: ExportFile;
  readonly totals: StockTotals;
}

/** stock.csv, or with `header: false` a later part of it (see joinStockCsv). */
export function stockCsv(rows: Iterable<StockLine>, dialect: CsvDialect, options: CsvOptions = {}): StockCsv {
  const w = new CsvWriter(STOCK_COLUMNS, dialect, options);
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

/**
 * stock.csv from parts written apart (the first with its header, the others without, in
 * the rows' order): the same bytes and totals as one stockCsv over all the rows. Parts
 * deflated by their writers (deflate.ts: the last one final) join into the file's
 * deflated bytes.
 */
export function joinStockCsv(parts: readonly StockCsv[]): StockCsv {
  const bytes = concatBytes(parts.map((p) => p.file.bytes));
  let lines = 0;
  let quantity = 0n;
  let value = 0n;
  for (const p of parts) {
    lines += p.totals.lines;
    quantity += p.totals.quantity;
    value += p.totals.value;
  }
  const deflated = parts.map((p) => p.file.deflated);
  return {
    file: {
      name: FILE.stock,
      bytes,
      rows: lines,
      ...(isEvery(deflated) && { deflated: concatBytes(deflated) }),
    },
    totals: { lines, quantity: qty(quantity), value: money(value) },
  };
}

const isEvery = <T>(items: readonly (T | undefined)[]): items is T[] => items.every((i) => i !== undefined);
