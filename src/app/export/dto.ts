/**
 * API shapes back to domain types, for the exports built on the device: the stock lines
 * of GET /api/stock and the recap of GET /api/inventories/:id/recap. The inverses of
 * core/api.ts's `…ToDto`; like `lineFromDto`, they trust our own server's canonical text.
 */
import { decimalToScaled, type LineDto, type RecapDto, type RecapLineDto, type StockLineDto } from '../../core/api/dto';
import type { StockLine } from '../../core/line';
import type { LineKey } from '../../core/lineKey';
import { money, MONEY_SCALE, type Money } from '../../core/money';
import { qty, QTY_SCALE, type Qty } from '../../core/quantity';
import { compareLines, uncountedLine, type Recap, type RecapLine } from '../../core/recap';

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
    byUnit: r.totals.byUnit.map((u) => ({
      ...u,
      expected: toQty(u.expected),
      counted: toQty(u.counted),
      difference: toQty(u.difference),
    })),
  },
});

/** What the after export is built from: the whole recap and stock.csv's lines (stockAfter). */
export interface AfterInput {
  readonly recap: Recap;
  readonly stock: RecapLine[];
}

/**
 * The after export's recap and stock lines from a recap fetched without its uncounted lines
 * (`?uncounted=0`) and the device's own snapshot: at 250,000 lines those are ~100 MB of
 * JSON, and the snapshot is frozen, so its expected quantities and costs are the server's
 * and the policy gives the rest. Each uncounted line becomes its recap line straight from
 * the stored one — no snapshot line in between: at 250,000 lines, a quarter of the export's
 * time went to making and collecting them — and that one object serves both the recap and
 * stock.csv, listed as stockAfter would: the snapshot's order, then the lines added during
 * the count, in the recap's order.
 *
 * Null when the snapshot cannot tell — blind (no expected quantities), a line added during
 * the count among the uncounted ones (this device's may not have reached the server,
 * another's may be missing here), or not as many lines as the server's totals say — and
 * the caller then downloads them (and lists with stockAfter).
 */
export function afterFromSnapshot(recap: Recap, snapshot: readonly LineDto[]): AfterInput | null {
  // Each counted line is taken out once met: those left were added on other devices.
  const counted = new Map<string, RecapLine>();
  for (const l of recap.lines) counted.set(l.key, l);
  const stock: RecapLine[] = [];
  const uncounted: RecapLine[] = [];
  for (const dto of snapshot) {
    if (dto.expectedQty === null || dto.unitCost === null) return null;
    // Added lines come after the snapshot's, in the recap's order (stockAfter): left in `counted`.
    if (dto.added && counted.has(dto.key)) continue;
    const r = counted.get(dto.key);
    if (r) {
      counted.delete(dto.key);
      // As the server applied it (a line added on this device may differ from its copy).
      stock.push(r);
      continue;
    }
    if (dto.added) return null;
    const line = uncountedLine(
      {
        key: dto.key as LineKey,
        itemRef: dto.itemRef,
        designation: dto.designation,
        supplier: dto.supplier,
        bin: dto.bin,
        lot: dto.lot,
        serial: dto.serial,
        unit: dto.unit,
        expectedQty: toQty(dto.expectedQty),
        unitCost: toMoney(dto.unitCost),
        added: false,
      },
      recap.uncountedPolicy,
    );
    stock.push(line);
    uncounted.push(line);
  }
  if (uncounted.length !== recap.totals.uncountedLines) return null;
  for (const r of counted.values()) stock.push(r);
  // In the recap's order (the snapshot's usually is: then this is one pass).
  return { recap: { ...recap, uncounted: uncounted.sort(compareLines) }, stock };
}
