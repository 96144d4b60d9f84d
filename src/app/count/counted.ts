/**
 * What is counted on each line of the open count. The TEAM's truth for the screens (the
 * progress, each row's state, the counted / not counted filters, the bins checklist): a
 * line is counted when this device or another one (as last pulled) holds a count of it, in
 * any round — the server's rule for its counted lines, so the supervisor's header says what
 * the server says, and this phone's unsent counts count at once. And what THIS device
 * counted in the round the line is counted in now (a recount starts the line blank on
 * every device), for its own quantity, its recounts and its bin checks.
 */
import { currentRound } from '../../core/recount';
import type { StoredRegister } from '../db/schema';
import { othersHeld, othersHold } from './others';
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

/** Has this device counted the line in the round it is counted in now? */
export const isCountedHere = (open: OpenCount, key: string): boolean => {
  const r = registerNow(open, key);
  return r !== undefined && r.qty !== null;
};

/** This device's register holds a count of the line (in whatever round). */
const mineHolds = (open: OpenCount, key: string): boolean => (open.registers.get(key)?.qty ?? null) !== null;

/** The team's: has any device (this one's unsent counts included) counted the line? */
export const isCounted = (open: OpenCount, key: string): boolean =>
  mineHolds(open, key) || othersHold(open.inv.id, key);

/**
 * How many lines of the list the team counted: a pass over this device's registers and the
 * lines other devices hold (the lines touched), not over every line, so a count at 250,000
 * lines does not cost a 250,000-line loop.
 */
export function countedLineCount(open: OpenCount): number {
  const others = othersHeld(open.inv.id);
  // While the lines still load, a key not read yet is one of them (teamLines.ts adds the others' after).
  const listed = open.load.done ? (key: string) => open.index.has(key) : () => true;
  let n = 0;
  for (const key of others) if (listed(key)) n++;
  for (const key of open.registers.keys()) if (!others.has(key) && listed(key) && mineHolds(open, key)) n++;
  return n;
}

/** What this device counted for the line in its current round (null: nothing yet, or a recount not done here). */
export const countedQty = (open: OpenCount, key: string): string | null => registerNow(open, key)?.qty ?? null;
