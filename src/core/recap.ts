/**
 * The recap of stock movements: per line, expected vs counted, the difference and its
 * value. Lines nobody counted (no register, or only withdrawn ones: see counting.ts) are
 * listed apart and follow the policy chosen at close (keep the expected quantity — the
 * default — or count them as zero). Totals are sums of the rounded line values, so they
 * match the lines to the last digit. Each counted line also says what a supervisor needs
 * to decide on a recount: its deciding round, whether several devices counted it in that
 * round (a possible double count), whether its difference passes the inventory's recount
 * threshold, and whether events arrived for it after the close (late: kept, not in these
 * figures until the inventory is reopened).
 */
import type { LineCount, DevicePart } from './counting';
import { NO_RECOUNT_THRESHOLD, type RecountThreshold, type UncountedPolicy } from './inventory';
import type { InventoryLine } from './line';
import type { LineKey } from './lineKey';
import { lineValue, money, type Money } from './money';
import { qty, ZERO_QTY, type Qty } from './quantity';
import { suggestsRecount } from './recount';

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
  /** A new reference whose unit cost is still to be given (line.ts): valued at 0 until then, "À valoriser". */
  readonly costMissing: boolean;
  readonly devices: readonly DevicePart[];
  /** The deciding round of the count (0: first count; uncounted lines: 0). */
  readonly round: number;
  /** Two devices or more hold a quantity in the deciding round: the shelf may be counted twice. */
  readonly possibleDoubleCount: boolean;
  /** The difference passes the inventory's recount threshold (counted lines only). */
  readonly suggestRecount: boolean;
  /** Events for this line arrived after the close and are not in these figures. */
  readonly late: boolean;
}

/**
 * One unit's quantities: metres, kilograms and pieces do not add up, so the recap totals
 * quantities per unit (money adds up across units: the headline values).
 */
export interface UnitTotals {
  readonly unit: string;
  readonly lines: number;
  readonly expected: Qty;
  readonly counted: Qty;
  /** counted − expected. */
  readonly difference: Qty;
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
  /** Events that arrived after the close and are not in these figures (reopen to take them in). */
  readonly lateEvents: number;
  /** The quantities per unit, sorted by unit (byte order); `expected`/`counted` above add every unit. */
  readonly byUnit: readonly UnitTotals[];
}

export interface RecapOptions {
  readonly threshold?: RecountThreshold;
  /** Lines with late events not in the figures, and how many such events there are. */
  readonly late?: { readonly lines: ReadonlySet<string>; readonly events: number };
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

/**
 * The uncounted lines as sums, for a recap that lists only the first of them: what the
 * totals need, computed where the lines are stored (at 250,000 lines, nearly all of them).
 */
export interface UncountedSummary {
  readonly lines: number;
  /** Σ expected quantity. */
  readonly expected: Qty;
  /** Σ lineValue(expected, unit cost): each line rounded, as in the listed recap. */
  readonly expectedValue: Money;
  /** Lines whose expected quantity is not zero: those the zero policy changes. */
  readonly nonZeroLines: number;
  /** Lines and Σ expected quantity per unit (any order; a unit with no line may be absent). */
  readonly byUnit: readonly UnitSum[];
}

export interface UnitSum {
  readonly unit: string;
  readonly lines: number;
  readonly expected: Qty;
}

/** The summary of `all` lines once `lines` (some of them) are taken out. */
export function summaryWithout(all: UncountedSummary, lines: readonly InventoryLine[]): UncountedSummary {
  let expected = 0n;
  let expectedValue = 0n;
  let nonZero = 0;
  const units = new Map<string, { lines: number; expected: bigint }>();
  for (const u of all.byUnit) units.set(u.unit, { lines: u.lines, expected: u.expected });
  for (const l of lines) {
    expected += l.expectedQty;
    expectedValue += lineValue(l.expectedQty, l.unitCost);
    if (l.expectedQty !== 0n) nonZero++;
    const u = units.get(l.unit) ?? { lines: 0, expected: 0n };
    units.set(l.unit, { lines: u.lines - 1, expected: u.expected - l.expectedQty });
  }
  return {
    lines: all.lines - lines.length,
    expected: qty(all.expected - expected),
    expectedValue: money(all.expectedValue - expectedValue),
    nonZeroLines: all.nonZeroLines - nonZero,
    byUnit: [...units].map(([unit, u]) => ({ unit, lines: u.lines, expected: qty(u.expected) })),
  };
}

/**
 * The recap from the counted lines, the first uncounted lines to list and the summary of
 * ALL uncounted lines (listed ones included): the same totals as buildRecap over every
 * line, with `uncounted` holding only `firstUncounted`.
 */
export function buildListedRecap(
  counted: Iterable<InventoryLine>,
  counts: ReadonlyMap<LineKey, LineCount>,
  uncountedPolicy: UncountedPolicy,
  options: RecapOptions,
  firstUncounted: Iterable<InventoryLine>,
  summary: UncountedSummary,
): Recap {
  const listed = buildRecap([...counted, ...firstUncounted], counts, uncountedPolicy, options);
  const t = totalsOf(listed.lines, [], options.late?.events ?? 0);
  return { ...listed, totals: totalsWithUncounted(t, summary, uncountedPolicy) };
}

/**
 * The totals of the counted lines (`t`, no uncounted line in them) with every uncounted
 * line's, summed in `summary`, counted as the policy says.
 */
export function totalsWithUncounted(t: RecapTotals, summary: UncountedSummary, policy: UncountedPolicy): RecapTotals {
  const keep = policy === 'keep';
  // Zero policy: each line's difference value is −lineValue(expected) (rounding is symmetric).
  return {
    ...t,
    lines: t.lines + summary.lines,
    uncountedLines: summary.lines,
    changedLines: t.changedLines + (keep ? 0 : summary.nonZeroLines),
    expected: qty(t.expected + summary.expected),
    counted: qty(t.counted + (keep ? summary.expected : 0n)),
    difference: qty(t.difference - (keep ? 0n : summary.expected)),
    expectedValue: money(t.expectedValue + summary.expectedValue),
    countedValue: money(t.countedValue + (keep ? summary.expectedValue : 0n)),
    differenceValue: money(t.differenceValue - (keep ? 0n : summary.expectedValue)),
    lossValue: money(t.lossValue - (keep ? 0n : summary.expectedValue)),
    byUnit: withUncounted(t.byUnit, summary.byUnit, keep),
  };
}

/** The counted lines' sums per unit plus the uncounted ones' (counted as the policy says). */
function withUncounted(counted: readonly UnitTotals[], uncounted: readonly UnitSum[], keep: boolean): UnitTotals[] {
  const units: UnitSums = new Map();
  for (const u of counted) addUnit(units, u.unit, u.lines, u.expected, u.counted);
  // A unit none of whose lines is left uncounted is not in the full recap's uncounted part.
  for (const u of uncounted) if (u.lines > 0) addUnit(units, u.unit, u.lines, u.expected, keep ? u.expected : 0n);
  return sortedUnits(units);
}

export function buildRecap(
  snapshot: Iterable<InventoryLine>,
  counts: ReadonlyMap<LineKey, LineCount>,
  uncountedPolicy: UncountedPolicy,
  options: RecapOptions = {},
): Recap {
  const threshold = options.threshold ?? NO_RECOUNT_THRESHOLD;
  const lateLines = options.late?.lines ?? new Set<string>();
  const lines: RecapLine[] = [];
  const uncounted: RecapLine[] = [];
  for (const line of snapshot) {
    const count = counts.get(line.key);
    const late = lateLines.has(line.key);
    if (count) {
      const l = recapLine(line, count.qty, count.devices, count.round, late);
      lines.push({ ...l, suggestRecount: suggestsRecount(l.expected, l.difference, l.differenceValue, threshold) });
    } else {
      uncounted.push(uncountedLine(line, uncountedPolicy, late));
    }
  }
  lines.sort(compareLines);
  uncounted.sort(compareLines);
  return { uncountedPolicy, lines, uncounted, totals: totalsOf(lines, uncounted, options.late?.events ?? 0) };
}

/** What a recap line is made of: a snapshot line without its kind, barcodes and packs. */
export type RecapSource = Omit<InventoryLine, 'kind' | 'barcodes' | 'packs'>;

/**
 * An uncounted line as the recap lists it: its quantity is the policy's, its expected one
 * kept or zero. Exported for a recap whose totals are already known (the after export
 * lists the uncounted lines itself, without summing 250,000 lines again).
 */
export const uncountedLine = (line: RecapSource, policy: UncountedPolicy, late = false): RecapLine =>
  recapLine(line, policy === 'keep' ? line.expectedQty : ZERO_QTY, [], 0, late);

function recapLine(
  line: RecapSource,
  counted: Qty,
  devices: readonly DevicePart[],
  round: number,
  late: boolean,
): RecapLine {
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
    costMissing: line.costMissing === true,
    devices,
    round,
    possibleDoubleCount: devices.length >= 2,
    suggestRecount: false,
    late,
  };
}

function totalsOf(counted: readonly RecapLine[], uncounted: readonly RecapLine[], lateEvents: number): RecapTotals {
  let expected = 0n;
  let countedQty = 0n;
  let expectedValue = 0n;
  let countedValue = 0n;
  let gain = 0n;
  let loss = 0n;
  let changedLines = 0;
  const units: UnitSums = new Map();
  for (const l of [...counted, ...uncounted]) {
    addUnit(units, l.unit, 1, l.expected, l.counted);
    expected += l.expected;
    countedQty += l.counted;
    expectedValue += lineValue(l.expected, l.unitCost);
    countedValue += lineValue(l.counted, l.unitCost);
    if (l.differenceValue > 0n) gain += l.differenceValue;
    else loss += l.differenceValue;
    if (l.difference !== 0n) changedLines++;
  }
  const sums = { countedLines: counted.length, uncountedLines: uncounted.length, changedLines };
  return totalsOfSums(
    { ...sums, expected, counted: countedQty, expectedValue, countedValue, gain, loss },
    lateEvents,
    sortedUnits(units),
  );
}

/** What a recap's totals are made of, summed over its lines (values rounded per line, as lineValue). */
export interface LineSums {
  readonly countedLines: number;
  readonly uncountedLines: number;
  readonly changedLines: number;
  readonly expected: bigint;
  readonly counted: bigint;
  readonly expectedValue: bigint;
  readonly countedValue: bigint;
  /** Σ of the positive line difference values; `loss` of the others. */
  readonly gain: bigint;
  readonly loss: bigint;
}

/** The totals of those sums: one place, whether the lines were summed here or by the database. */
export function totalsOfSums(s: LineSums, lateEvents: number, byUnit: readonly UnitTotals[]): RecapTotals {
  return {
    lines: s.countedLines + s.uncountedLines,
    countedLines: s.countedLines,
    uncountedLines: s.uncountedLines,
    changedLines: s.changedLines,
    expected: qty(s.expected),
    counted: qty(s.counted),
    difference: qty(s.counted - s.expected),
    expectedValue: money(s.expectedValue),
    countedValue: money(s.countedValue),
    // Sum of the rounded line values, not (countedValue − expectedValue): the accountant
    // adds up the lines of variances.csv and must land on this figure.
    differenceValue: money(s.gain + s.loss),
    gainValue: money(s.gain),
    lossValue: money(s.loss),
    lateEvents,
    byUnit,
  };
}

/** Running sums per unit (a map: a recap has a handful of units and up to 250,000 lines). */
type UnitSums = Map<string, { lines: number; expected: bigint; counted: bigint }>;

function addUnit(units: UnitSums, unit: string, lines: number, expected: bigint, counted: bigint): void {
  const u = units.get(unit);
  if (u) {
    u.lines += lines;
    u.expected += expected;
    u.counted += counted;
  } else units.set(unit, { lines, expected, counted });
}

/** The sums per unit, sorted by unit (byte order, as compareLines). */
const sortedUnits = (units: UnitSums): UnitTotals[] =>
  [...units]
    .sort(([a], [b]) => cmp(a, b))
    .map(([unit, u]) => ({
      unit,
      lines: u.lines,
      expected: qty(u.expected),
      counted: qty(u.counted),
      difference: qty(u.counted - u.expected),
    }));

/**
 * A counted line the supervisor has to look at on the recap screen and in Confirmer's
 * preview (applyPreview.ts): it changes the stock, is suggested for a recount, may have
 * been counted twice, or still needs its cost. The others (counted as expected, most of
 * them in a good inventory) count in the totals and are listed in the after ZIP only.
 */
export const needsReview = (l: RecapLine): boolean =>
  l.difference !== 0n || l.suggestRecount || l.possibleDoubleCount || l.costMissing;

/** The lines whose stock changes when the inventory is applied, with their new quantity. */
export const stockChanges = (recap: Recap): RecapLine[] =>
  [...recap.lines, ...recap.uncounted].filter((l) => l.difference !== 0n);

/**
 * Serial numbers counted more than once (two devices each found it): applying would put
 * a quantity of 2 on one serial number, so these must be recounted first.
 */
export const serialDoubleCounts = (recap: Recap): RecapLine[] =>
  recap.lines.filter((l) => l.serial !== null && l.counted > 1000n);
