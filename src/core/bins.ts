/**
 * Bins as a checklist: during an inventory each bin of the location is not visited yet,
 * counted (at least one of its lines has a count, from any device), or confirmed empty
 * (a counter tapped "bin empty"). The recap lists the bins never visited and closing
 * warns about them.
 *
 * "Bin empty" is a device register like a line count (counting.ts): one check per
 * (bin, device), written only by that device with an increasing `seq`; the highest seq
 * wins, so checks can arrive twice, late or out of order, and a device un-confirms with
 * a newer check where `empty` is false. A count beats a confirmation: a bin with a
 * counted line is counted, whatever anyone said about it.
 */

export type BinState = 'not_visited' | 'counted' | 'empty';

export interface BinCheck {
  readonly bin: string;
  readonly deviceId: string;
  /** true: "this bin is empty"; false: the device takes its confirmation back. */
  readonly empty: boolean;
  /** Per device, strictly increasing over its checks of the inventory. */
  readonly seq: number;
  readonly counter: string;
  /** ISO-8601 time on the device. */
  readonly at: string;
}

/** A bin's lines and how many of them have a count. */
export interface BinTally {
  readonly lines: number;
  readonly countedLines: number;
}

export interface BinSummary extends BinTally {
  readonly code: string;
  readonly state: BinState;
  /**
   * Counters whose device currently says "empty" (each name once, sorted). Kept even when
   * a line of the bin was counted after all: the supervisor sees who said otherwise.
   */
  readonly emptyBy: readonly string[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One check per (bin, device): the highest seq. On an equal seq the first one seen stays
 * (a device never reuses a seq, so it is the same check sent again). Idempotent.
 */
export function latestChecks(checks: Iterable<BinCheck>): BinCheck[] {
  const best = new Map<string, BinCheck>();
  for (const c of checks) {
    const id = `${c.deviceId}\u0000${c.bin}`;
    const current = best.get(id);
    if (current === undefined || c.seq > current.seq) best.set(id, c);
  }
  return [...best.values()];
}

/** Counted wins over empty; a bin nobody counted nor confirmed is not visited. */
export const binState = (tally: BinTally, emptyBy: readonly string[]): BinState =>
  tally.countedLines > 0 ? 'counted' : emptyBy.length > 0 ? 'empty' : 'not_visited';

/** Lines per bin and how many are counted (`counted` is a set of line keys, or the line counts by key). */
export function tallyBins<K extends string>(
  lines: Iterable<{ readonly key: K; readonly bin: string }>,
  counted: { has(key: K): boolean },
): Map<string, BinTally> {
  const tallies = new Map<string, { lines: number; countedLines: number }>();
  for (const line of lines) {
    const t = tallies.get(line.bin) ?? { lines: 0, countedLines: 0 };
    t.lines++;
    if (counted.has(line.key)) t.countedLines++;
    tallies.set(line.bin, t);
  }
  return tallies;
}

/**
 * The checklist from tallies already made (the server tallies 100,000 lines in SQL):
 * every bin of the location plus every bin that only has lines (lines added during the
 * count), sorted by code. Checks of a bin in neither are ignored.
 */
export function summariseBins(
  binCodes: Iterable<string>,
  tallies: ReadonlyMap<string, BinTally>,
  checks: Iterable<BinCheck>,
): BinSummary[] {
  const emptyBy = new Map<string, Set<string>>();
  for (const c of latestChecks(checks)) {
    if (!c.empty) continue;
    const names = emptyBy.get(c.bin) ?? new Set<string>();
    names.add(c.counter);
    emptyBy.set(c.bin, names);
  }
  const codes = [...new Set([...binCodes, ...tallies.keys()])].sort(cmp);
  return codes.map((code) => {
    const tally = tallies.get(code) ?? { lines: 0, countedLines: 0 };
    const names = [...(emptyBy.get(code) ?? [])].sort(cmp);
    return {
      code,
      state: binState(tally, names),
      lines: tally.lines,
      countedLines: tally.countedLines,
      emptyBy: names,
    };
  });
}

/**
 * Each bin's state from the bin codes of the location, the inventory's lines (their key
 * and bin), which lines are counted (e.g. the map of `lineCounts`) and the checks.
 */
export const binChecklist = <K extends string>(
  binCodes: Iterable<string>,
  lines: Iterable<{ readonly key: K; readonly bin: string }>,
  counted: { has(key: K): boolean },
  checks: Iterable<BinCheck>,
): BinSummary[] => summariseBins(binCodes, tallyBins(lines, counted), checks);

/** The bins nobody has visited: what the recap lists and what closing warns about. */
export const binsNotVisited = (bins: readonly BinSummary[]): BinSummary[] =>
  bins.filter((b) => b.state === 'not_visited');

/**
 * The bins other devices say are empty (as the pull lists them: one entry per bin × device
 * whose latest check says empty), each with who said so (each name once, sorted). `me`'s
 * own entries are left out: a device knows its own checks, the unsent ones too.
 */
export function emptyElsewhere(
  empties: Iterable<{ readonly bin: string; readonly deviceId: string; readonly counter: string }>,
  me: string,
): Map<string, string[]> {
  const byBin = new Map<string, Set<string>>();
  for (const e of empties) {
    if (e.deviceId === me) continue;
    const names = byBin.get(e.bin) ?? new Set<string>();
    names.add(e.counter);
    byBin.set(e.bin, names);
  }
  return new Map([...byBin].map(([bin, names]) => [bin, [...names].sort(cmp)]));
}
