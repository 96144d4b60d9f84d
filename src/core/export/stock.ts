/**
 * stock.csv: one row per stock line with its value. Before a count the rows are the
 * snapshot's expected quantities; after, the quantities the stock took when the
 * inventory was applied, with the lines added during the count. Both follow the
 * snapshot's order, so the two files are easy to compare side by side.
 */
import type { InventoryKind } from '../inventory';
import type { InventoryLine, StockLine } from '../line';
import { lineValue, money, type Money } from '../money';
import { qty, ZERO_QTY, type Qty } from '../quantity';
import type { Recap, RecapLine } from '../recap';
import { concatBytes } from './bytes';
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

/**
 * The stock before counting: each snapshot line at its expected quantity, added lines
 * excluded. Lazy, like the lines it may be given: at 250,000 lines the before export then
 * never holds a second and third copy of the snapshot while it writes stock.csv.
 */
export function* stockRowsFromLines(lines: Iterable<InventoryLine>): Generator<StockLine> {
  // Added lines were not in the stock before; they only exist because someone found them.
  for (const l of lines) if (!l.added) yield toRow(l, l.expectedQty);
}

/**
 * The stock once the inventory is applied: every snapshot line, added ones included, at
 * the recap's counted quantity (for an uncounted line that quantity already follows the
 * uncounted policy). Lines that end at 0 stay listed, as they do in the stock table.
 * The snapshot gives the order and the kind, which recap lines do not carry.
 *
 * Only the counted lines are looked up by key (a few % of a big count: a map of 250,000
 * keys cost ~1 s here). An uncounted line takes the policy's quantity from its own
 * expected one, the rule buildRecap applies; the counts and the expected sum of the
 * uncounted lines are then checked against the recap's, so a recap of another snapshot
 * is still refused.
 */
export function stockRowsAfter(snapshot: Iterable<InventoryLine>, recap: Recap): StockLine[] {
  const counted = new Map<string, RecapLine>();
  for (const l of recap.lines) counted.set(l.key, l);
  const keep = recap.uncountedPolicy === 'keep';
  const rows: StockLine[] = [];
  let found = 0;
  let uncounted = 0;
  let uncountedExpected = 0n;
  for (const l of snapshot) {
    const r = counted.get(l.key);
    if (r) {
      found++;
      rows.push(toRow(l, r.counted));
    } else {
      uncounted++;
      uncountedExpected += l.expectedQty;
      rows.push(toRow(l, keep ? l.expectedQty : ZERO_QTY));
    }
  }
  let recapExpected = 0n;
  for (const l of recap.uncounted) recapExpected += l.expected;
  if (found !== counted.size) throw new Error('the recap has counted lines the snapshot does not');
  if (uncounted !== recap.uncounted.length || uncountedExpected !== recapExpected) {
    throw new Error(
      `the snapshot's ${uncounted} uncounted lines are not the recap's ${recap.uncounted.length}: they come from different inventories`,
    );
  }
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

export interface StockCsv {
  readonly file: ExportFile;
  readonly totals: StockTotals;
}

/** stock.csv, or with `header: false` a later part of it (see joinStockCsv). */
export function stockCsv(rows: Iterable<StockLine>, dialect: CsvDialect, options: { header?: boolean } = {}): StockCsv {
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
