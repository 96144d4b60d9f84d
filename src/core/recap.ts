/**
 * The recap of stock movements: per line, expected vs counted, the difference and its
 * value. Lines nobody counted (no register, or only withdrawn ones: see counting.ts) are
 * listed apart and follow the policy chosen at close (keep the expected quantity — the
 * default — or count them as zero). Totals are sums of the rounded line values, so they
 * match the lines to the last digit.
 */
import type { LineCount, DevicePart } from './counting';
import type { UncountedPolicy } from './inventory';
import type { InventoryLine } from './line';
import type { LineKey } from './lineKey';
import { lineValue, money, type Money } from './money';
import { qty, ZERO_QTY, type Qty } from './quantity';

export interface RecapLine {
  readonly key: LineKey;
  readonly itemRef: string;
  readonly designation: string;
  readonly supplier: string | null;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly unit: string;
  readonly added: boolean;
  readonly expected: Qty;
  readonly counted: Qty;
  /** counted − expected: positive is a gain, negative a loss. */
  readonly difference: Qty;
  readonly unitCost: Money;
  readonly differenceValue: Money;
  readonly devices: readonly DevicePart[];
}

export interface RecapTotals {
  readonly lines: number;
  readonly countedLines: number;
  readonly uncountedLines: number;
  readonly changedLines: number;
  readonly expected: Qty;
  readonly counted: Qty;
  readonly difference: Qty;
  readonly expectedValue: Money;
  readonly countedValue: Money;
  readonly differenceValue: Money;
  readonly gainValue: Money;
  readonly lossValue: Money;
}

export interface Recap {
  readonly uncountedPolicy: UncountedPolicy;
  readonly lines: readonly RecapLine[];
  readonly uncounted: readonly RecapLine[];
  readonly totals: RecapTotals;
}

/** Bin, then reference, lot, serial: the order people walk the shelves and read the sheet. */
export function compareLines(
  a: Pick<InventoryLine, 'bin' | 'itemRef' | 'lot' | 'serial'>,
  b: Pick<InventoryLine, 'bin' | 'itemRef' | 'lot' | 'serial'>,
): number {
  return (
    cmp(a.bin, b.bin) ||
    cmp(a.itemRef, b.itemRef) ||
    cmp(a.lot ?? '', b.lot ?? '') ||
    cmp(a.serial ?? '', b.serial ?? '')
  );
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildRecap(
  snapshot: Iterable<InventoryLine>,
  counts: ReadonlyMap<LineKey, LineCount>,
  uncountedPolicy: UncountedPolicy,
): Recap {
  const lines: RecapLine[] = [];
  const uncounted: RecapLine[] = [];
  for (const line of snapshot) {
    const count = counts.get(line.key);
    if (count) {
      lines.push(recapLine(line, count.qty, count.devices));
    } else {
      uncounted.push(recapLine(line, uncountedPolicy === 'keep' ? line.expectedQty : ZERO_QTY, []));
    }
  }
  lines.sort(compareLines);
  uncounted.sort(compareLines);
  return { uncountedPolicy, lines, uncounted, totals: totalsOf(lines, uncounted) };
}

function recapLine(line: InventoryLine, counted: Qty, devices: readonly DevicePart[]): RecapLine {
  const difference = qty(counted - line.expectedQty);
  return {
    key: line.key,
    itemRef: line.itemRef,
    designation: line.designation,
    supplier: line.supplier,
    bin: line.bin,
    lot: line.lot,
    serial: line.serial,
    unit: line.unit,
    added: line.added,
    expected: line.expectedQty,
    counted,
    difference,
    unitCost: line.unitCost,
    differenceValue: lineValue(difference, line.unitCost),
    devices,
  };
}

function totalsOf(counted: readonly RecapLine[], uncounted: readonly RecapLine[]): RecapTotals {
  let expected = 0n;
  let countedQty = 0n;
  let expectedValue = 0n;
  let countedValue = 0n;
  let gain = 0n;
  let loss = 0n;
  let changedLines = 0;
  for (const l of [...counted, ...uncounted]) {
    expected += l.expected;
    countedQty += l.counted;
    expectedValue += lineValue(l.expected, l.unitCost);
    countedValue += lineValue(l.counted, l.unitCost);
    if (l.differenceValue > 0n) gain += l.differenceValue;
    else loss += l.differenceValue;
    if (l.difference !== 0n) changedLines++;
  }
  return {
    lines: counted.length + uncounted.length,
    countedLines: counted.length,
    uncountedLines: uncounted.length,
    changedLines,
    expected: qty(expected),
    counted: qty(countedQty),
    difference: qty(countedQty - expected),
    expectedValue: money(expectedValue),
    countedValue: money(countedValue),
    // Sum of the rounded line values, not (countedValue − expectedValue): the accountant
    // adds up the lines of variances.csv and must land on this figure.
    differenceValue: money(gain + loss),
    gainValue: money(gain),
    lossValue: money(loss),
  };
}

/** The lines whose stock changes when the inventory is applied, with their new quantity. */
export const stockChanges = (recap: Recap): RecapLine[] =>
  [...recap.lines, ...recap.uncounted].filter((l) => l.difference !== 0n);

/**
 * Serial numbers counted more than once (two devices each found it): applying would put
 * a quantity of 2 on one serial number, so these must be recounted first.
 */
export const serialDoubleCounts = (recap: Recap): RecapLine[] =>
  recap.lines.filter((l) => l.serial !== null && l.counted > 1000n);
