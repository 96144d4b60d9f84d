/**
 * API shapes back to domain types, for the exports built on the device: the stock lines
 * of GET /api/stock and the recap of GET /api/inventories/:id/recap. The inverses of
 * core/api.ts's `…ToDto`; like `lineFromDto`, they trust our own server's canonical text.
 */
import {
  decimalToScaled,
  lineFromDto,
  type LineDto,
  type RecapDto,
  type RecapLineDto,
  type StockLineDto,
} from '../../core/api';
import type { InventoryKind } from '../../core/inventory';
import type { InventoryLine, StockLine } from '../../core/line';
import type { LineKey } from '../../core/lineKey';
import { money, MONEY_SCALE, type Money } from '../../core/money';
import { qty, QTY_SCALE, type Qty } from '../../core/quantity';
import { uncountedLines, type Recap, type RecapLine } from '../../core/recap';

const toQty = (text: string): Qty => qty(decimalToScaled(text, QTY_SCALE));
const toMoney = (text: string): Money => money(decimalToScaled(text, MONEY_SCALE));

export const stockLineFromDto = (l: StockLineDto): StockLine => ({
  ...l,
  qty: toQty(l.qty),
  unitCost: toMoney(l.unitCost),
});

const recapLineFromDto = (l: RecapLineDto): RecapLine => ({
  ...l,
  key: l.key as LineKey,
  expected: toQty(l.expected),
  counted: toQty(l.counted),
  difference: toQty(l.difference),
  unitCost: toMoney(l.unitCost),
  differenceValue: toMoney(l.differenceValue),
  devices: l.devices.map((d) => ({ ...d, qty: toQty(d.qty) })),
});

export const recapFromDto = (r: RecapDto): Recap => ({
  uncountedPolicy: r.uncountedPolicy,
  lines: r.lines.map(recapLineFromDto),
  uncounted: r.uncounted.map(recapLineFromDto),
  totals: {
    ...r.totals,
    expected: toQty(r.totals.expected),
    counted: toQty(r.totals.counted),
    difference: toQty(r.totals.difference),
    expectedValue: toMoney(r.totals.expectedValue),
    countedValue: toMoney(r.totals.countedValue),
    differenceValue: toMoney(r.totals.differenceValue),
    gainValue: toMoney(r.totals.gainValue),
    lossValue: toMoney(r.totals.lossValue),
  },
});

/** What the after export is built from: the whole recap and the lines to list. */
export interface AfterInput {
  readonly recap: Recap;
  readonly lines: InventoryLine[];
}

/**
 * The after export's recap and lines from a recap fetched without its uncounted lines
 * (`?uncounted=0`) and the device's own snapshot: at 250,000 lines those are ~100 MB of
 * JSON, and the snapshot is frozen, so its expected quantities and costs are the server's
 * and the policy gives the rest. Each snapshot line is converted once and serves both the
 * recap's uncounted lines and the listed lines — what linesAfter would give: the snapshot's
 * order, then the lines other devices added, in the recap's order.
 *
 * Null when the snapshot cannot tell — blind (no expected quantities), a line added during
 * the count among the uncounted ones (this device's may not have reached the server,
 * another's may be missing here), or not as many lines as the server's totals say — and
 * the caller then downloads them (and lists with linesAfter).
 */
export function afterFromSnapshot(
  recap: Recap,
  snapshot: readonly LineDto[],
  inventoryKind: InventoryKind,
): AfterInput | null {
  // Each counted line is taken out once met: those left were added on other devices.
  const counted = new Map<string, RecapLine>();
  for (const l of recap.lines) counted.set(l.key, l);
  const lines: InventoryLine[] = [];
  const uncounted: InventoryLine[] = [];
  for (const dto of snapshot) {
    if (dto.expectedQty === null) return null;
    const r = counted.get(dto.key);
    if (r) {
      counted.delete(dto.key);
      // As the server applied it (a line added on this device may differ from its copy).
      lines.push(lineFromRecap(r, dto.kind, dto.barcodes));
      continue;
    }
    if (dto.added) return null;
    const line = lineFromDto(dto);
    lines.push(line);
    uncounted.push(line);
  }
  if (uncounted.length !== recap.totals.uncountedLines) return null;
  for (const r of counted.values()) lines.push(lineFromRecap(r, inventoryKind, []));
  return { recap: { ...recap, uncounted: uncountedLines(uncounted, recap.uncountedPolicy) }, lines };
}

/**
 * The lines of an applied inventory, as the after export lists them: exactly the recap's
 * lines (what the server applied), in the order of the device's snapshot, then the lines
 * other devices added, in the recap's order. Quantities, costs and names come from the
 * recap, so a blind snapshot (no expected quantities) is enough; the snapshot adds only
 * what the recap does not carry: the kind and the barcodes. A line added on this device
 * that never reached the server was not applied, so it is not listed.
 */
export function linesAfter(
  snapshot: readonly { readonly key: string; readonly kind: InventoryKind; readonly barcodes: readonly string[] }[],
  recap: Recap,
  inventoryKind: InventoryKind,
): InventoryLine[] {
  // Each recap line is taken out of `left` once listed: what remains at the end are the
  // lines other devices added (no second set of 250,000 keys to remember what was listed).
  const left = new Map<string, RecapLine>();
  for (const l of recap.lines) left.set(l.key, l);
  for (const l of recap.uncounted) left.set(l.key, l);
  const lines: InventoryLine[] = [];
  for (const l of snapshot) {
    const r = left.get(l.key);
    if (r) {
      left.delete(l.key);
      lines.push(lineFromRecap(r, l.kind, l.barcodes));
    }
  }
  // Lines added during the count take the inventory's kind (as the server gives them).
  for (const r of left.values()) lines.push(lineFromRecap(r, inventoryKind, []));
  return lines;
}

/** A listed line from the recap's: quantities, costs and names as the server applied them. */
const lineFromRecap = (r: RecapLine, kind: InventoryKind, barcodes: readonly string[]): InventoryLine => ({
  key: r.key,
  itemRef: r.itemRef,
  designation: r.designation,
  kind,
  supplier: r.supplier,
  bin: r.bin,
  lot: r.lot,
  serial: r.serial,
  barcodes,
  unit: r.unit,
  expectedQty: r.expected,
  unitCost: r.unitCost,
  added: r.added,
});
