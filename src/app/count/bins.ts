/**
 * Bins on the open count: each bin's progress as the team counted it, and a bin confirmed
 * empty (the lines nobody counted in their current round counted 0) — by this device, or
 * by another one as last pulled: a bin stays empty while any device says so and nobody
 * counted a line in it (core's rule, bins.ts).
 */
import { binState } from '../../core/bins';
import { confirmBinEmpty, binChecksOf, registersOf } from '../db/counts';
import { compareCodes } from '../i18n/intl';
import { afterWrite, counterName } from './afterWrite';
import { isCounted, isCountedHere, lineRound } from './counted';
import { othersEmptyBins, othersHoldFrom } from './others';
import type { OpenCount } from './open';

export async function setBinEmpty(open: OpenCount, bin: string, empty: boolean): Promise<void> {
  const uncounted = open.lines
    .filter((l) => l.bin === bin && !isCountedHere(open, l.key))
    .map((l) => ({ key: l.key, round: lineRound(open, l.key) }))
    // Another phone's count of the line stands: a 0 beside it would only look like a double count.
    .filter((l) => !othersHoldFrom(open.inv.id, l.key, l.round));
  await confirmBinEmpty(open.inv.id, bin, uncounted, counterName(), empty);
  const [regs, checks] = await Promise.all([registersOf(open.inv.id), binChecksOf(open.inv.id)]);
  open.registers.clear();
  for (const r of regs) open.registers.set(r.lineKey, r);
  open.checks.clear();
  for (const c of checks) open.checks.set(c.bin, c);
  await afterWrite();
}

export interface BinProgress {
  readonly code: string;
  readonly lines: number;
  readonly counted: number;
  readonly state: 'not_visited' | 'counted' | 'empty';
  /** This device's own check says empty (it can take it back). */
  readonly emptyHere: boolean;
  /** Who says it is empty on other devices (as last pulled). */
  readonly emptyElsewhere: readonly string[];
}

export function binProgress(open: OpenCount): BinProgress[] {
  const byBin = new Map<string, { lines: number; counted: number }>();
  for (const b of open.inv.bins) byBin.set(b, { lines: 0, counted: 0 });
  for (const l of open.lines) {
    const p = byBin.get(l.bin) ?? { lines: 0, counted: 0 };
    p.lines++;
    if (isCounted(open, l.key)) p.counted++;
    byBin.set(l.bin, p);
  }
  const elsewhere = othersEmptyBins(open.inv.id);
  return [...byBin.entries()]
    .sort(([a], [b]) => compareCodes(a, b))
    .map(([code, p]) => {
      const emptyHere = open.checks.get(code)?.empty ?? false;
      const others = elsewhere.get(code) ?? [];
      const sayEmpty = emptyHere ? [counterName(), ...others] : others;
      return {
        code,
        ...p,
        state: binState({ lines: p.lines, countedLines: p.counted }, sayEmpty),
        emptyHere,
        emptyElsewhere: others,
      };
    });
}
