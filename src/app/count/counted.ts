/**
 * What this device counted on each line of the open count, in the round the line is
 * counted in now: a recount starts the line blank on every device.
 */
import { currentRound } from '../../core/recount';
import type { StoredRegister } from '../db/schema';
import type { OpenCount } from './open';

/** The round a line is counted in now on this device (0, or the latest recount's). */
export function lineRound(open: OpenCount, key: string): number {
  const i = open.index.get(key);
  const line = i === undefined ? undefined : open.lines[i];
  return line ? currentRound(line, open.inv.recounts ?? []) : 0;
}

/** This device's register for the line in the round it is counted in now (a recount starts blank). */
const registerNow = (open: OpenCount, key: string): StoredRegister | undefined => {
  const r = open.registers.get(key);
  return r && (r.round ?? 0) >= lineRound(open, key) ? r : undefined;
};

export const isCounted = (open: OpenCount, key: string): boolean => {
  const r = registerNow(open, key);
  return r !== undefined && r.qty !== null;
};

/**
 * How many lines this device counted: a pass over its registers (the lines it touched), not
 * over every line, so a count at 250,000 lines does not cost a 250,000-line loop.
 */
export function countedLineCount(open: OpenCount): number {
  let n = 0;
  for (const key of open.registers.keys()) if (open.index.has(key) && isCounted(open, key)) n++;
  return n;
}

/** What this device counted for the line in its current round (null: nothing yet, or a recount not done here). */
export const countedQty = (open: OpenCount, key: string): string | null => registerNow(open, key)?.qty ?? null;
