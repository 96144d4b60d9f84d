/**
 * A recap's totals from sums made where the lines are stored: the counted lines' sums per
 * unit (each value rounded per line, as lineValue) and the summary of every line. The apply
 * of a 600,000-line inventory reads a handful of rows instead of every counted line, and
 * lands on the same figures as buildListedRecap, to the digit.
 */
import type { Money } from './money';
import { money } from './money';
import { qty, type Qty } from './quantity';
import { totalsOfSums, totalsWithUncounted, type RecapTotals, type UncountedSummary, type UnitTotals } from './recap';
import type { UncountedPolicy } from './inventory';

/** The counted lines of one unit, summed. */
export interface CountedUnitSums {
  readonly unit: string;
  readonly lines: number;
  readonly expected: Qty;
  readonly counted: Qty;
  /** Σ lineValue(expected, unit cost). */
  readonly expectedValue: Money;
  /** Σ lineValue(counted, unit cost). */
  readonly countedValue: Money;
  /** Σ lineValue(difference, unit cost) over the lines where it is positive; lossValue where it is not. */
  readonly gainValue: Money;
  readonly lossValue: Money;
  /** Lines whose difference is not zero. */
  readonly changedLines: number;
  /** Lines whose expected quantity is not zero. */
  readonly nonZeroLines: number;
}

/**
 * The recap's totals: the counted lines' sums per unit, and `all`, the summary of EVERY
 * line (counted ones included: they are taken out here, as summaryWithout does).
 */
export function totalsFromSums(
  counted: readonly CountedUnitSums[],
  all: UncountedSummary,
  policy: UncountedPolicy,
  lateEvents: number,
): RecapTotals {
  let lines = 0;
  let changedLines = 0;
  let expected = 0n;
  let countedQty = 0n;
  let expectedValue = 0n;
  let countedValue = 0n;
  let gain = 0n;
  let loss = 0n;
  let nonZero = 0;
  const units = new Map<string, { lines: number; expected: bigint }>();
  for (const u of all.byUnit) units.set(u.unit, { lines: u.lines, expected: u.expected });
  for (const u of counted) {
    lines += u.lines;
    changedLines += u.changedLines;
    expected += u.expected;
    countedQty += u.counted;
    expectedValue += u.expectedValue;
    countedValue += u.countedValue;
    gain += u.gainValue;
    loss += u.lossValue;
    nonZero += u.nonZeroLines;
    const left = units.get(u.unit) ?? { lines: 0, expected: 0n };
    units.set(u.unit, { lines: left.lines - u.lines, expected: left.expected - u.expected });
  }
  const byUnit: UnitTotals[] = [...counted]
    .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
    .map((u) => ({
      unit: u.unit,
      lines: u.lines,
      expected: u.expected,
      counted: u.counted,
      difference: qty(u.counted - u.expected),
    }));
  const countedTotals = totalsOfSums(
    {
      countedLines: lines,
      uncountedLines: 0,
      changedLines,
      expected,
      counted: countedQty,
      expectedValue,
      countedValue,
      gain,
      loss,
    },
    lateEvents,
    byUnit,
  );
  const uncounted: UncountedSummary = {
    lines: all.lines - lines,
    expected: qty(all.expected - expected),
    expectedValue: money(all.expectedValue - expectedValue),
    nonZeroLines: all.nonZeroLines - nonZero,
    byUnit: [...units].map(([unit, u]) => ({ unit, lines: u.lines, expected: qty(u.expected) })),
  };
  return totalsWithUncounted(countedTotals, uncounted, policy);
}
