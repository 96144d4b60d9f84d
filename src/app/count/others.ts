/**
 * The team's counts next to this device's own: for the inventory open on screen, the other
 * devices' registers by line and round (loaded when the inventory opens, then patched by
 * each pull with only what changed), the line's total and each device's part — core's
 * rule: the sum over devices in the line's deciding round, so a recount replaces the first
 * count instead of adding to it. A line where two or more devices hold a quantity in that
 * round may be a double count: the screen says so.
 * Also which lines another device counted, so the progress, the row states, the counted
 * filters and the bins checklist are the team's (count/counted.ts), not this phone's alone.
 * A counter on a blind count sees THAT another device counted a line, never how much.
 * And which bins another device says are empty (the pull's list), for the checklist.
 */
import { signal } from '@preact/signals';
import { deviceId } from '../db/device';
import { emptyElsewhere } from '../../core/bins';
import { emptyBinsOf, othersOf } from '../db/others';
import type { OtherRegister, StoredRegister } from '../db/schema';
import { onEmptyBinsPulled, onPulled } from '../sync/pull';
import { combineTeam, holdsCount, type LineTeamCount } from './teamCount';

/** Bumped when another device's part of a line changed: components reading it re-render. */
export const othersRevision = signal(0);

/** Per line, the other devices' registers keyed by device and round. */
type ByLine = Map<string, Map<string, OtherRegister>>;

interface Loaded {
  readonly inventoryId: number;
  readonly me: string;
  readonly byLine: ByLine;
  /** Lines another device holds a count for (in any round): kept as registers move, read per line and per keystroke. */
  readonly held: Set<string>;
  /** Bins another device says are empty, with who said so. */
  emptyBins: ReadonlyMap<string, readonly string[]>;
}

let loaded: Loaded | null = null;
const changeListeners = new Set<(inventoryId: number) => void>();

/** Called after the other devices' registers of an inventory changed (loaded, or a pull moved some). */
export function onOthersChanged(listener: (inventoryId: number) => void): void {
  changeListeners.add(listener);
}

function put(here: Loaded, r: OtherRegister): void {
  const parts = here.byLine.get(r.lineKey) ?? new Map<string, OtherRegister>();
  parts.set(`${r.deviceId}\u0000${r.round}`, r);
  here.byLine.set(r.lineKey, parts);
  let holds = false;
  for (const p of parts.values()) if (p.deviceId !== here.me && holdsCount(p)) holds = true;
  if (holds) here.held.add(r.lineKey);
  else here.held.delete(r.lineKey);
}

function changed(inventoryId: number): void {
  othersRevision.value++;
  for (const l of changeListeners) l(inventoryId);
}

/** Loads the other devices' registers of the inventory being opened (once per inventory and user). */
export async function loadOthers(inventoryId: number): Promise<void> {
  const me = await deviceId();
  // Per user too: on a shared phone, another user's counts are "another device's".
  if (loaded?.inventoryId === inventoryId && loaded.me === me) return;
  const [others, empties] = await Promise.all([othersOf(inventoryId), emptyBinsOf(inventoryId)]);
  const here: Loaded = { inventoryId, me, byLine: new Map(), held: new Set(), emptyBins: emptyElsewhere(empties, me) };
  for (const r of others) put(here, r);
  loaded = here;
  changed(inventoryId);
}

onPulled((inventoryId, moved) => {
  if (loaded?.inventoryId !== inventoryId) return;
  for (const r of moved) put(loaded, r);
  changed(inventoryId);
});

onEmptyBinsPulled((inventoryId, bins) => {
  if (loaded?.inventoryId !== inventoryId) return;
  loaded.emptyBins = emptyElsewhere(bins, loaded.me);
  changed(inventoryId);
});

const loadedFor = (inventoryId: number): Loaded | null => (loaded?.inventoryId === inventoryId ? loaded : null);

/** The lines some other device's registers name (a line added on another phone may be unknown here). */
export const othersLineKeys = (inventoryId: number): Iterable<string> => loadedFor(inventoryId)?.byLine.keys() ?? [];

/** Bins another device says are empty, each with who said so (empty: none known). */
export const othersEmptyBins = (inventoryId: number): ReadonlyMap<string, readonly string[]> =>
  loadedFor(inventoryId)?.emptyBins ?? new Map();

/** Does another device hold a count of the line (in any round)? */
export const othersHold = (inventoryId: number, lineKey: string): boolean =>
  loadedFor(inventoryId)?.held.has(lineKey) ?? false;

/** The lines another device holds a count of. */
export const othersHeld = (inventoryId: number): ReadonlySet<string> => loadedFor(inventoryId)?.held ?? new Set();

/** Does another device hold a count of the line in `round` or a later one (a recount's round)? */
export function othersHoldFrom(inventoryId: number, lineKey: string, round: number): boolean {
  const parts = loadedFor(inventoryId)?.byLine.get(lineKey);
  if (!parts) return false;
  for (const p of parts.values()) if (p.round >= round && holdsCount(p)) return true;
  return false;
}

/** null when no device (this one included) holds a quantity for the line; `blind`: others' quantities hidden. */
export function teamCount(
  inventoryId: number,
  lineKey: string,
  mine: StoredRegister | undefined,
  blind = false,
): LineTeamCount | null {
  const here = loadedFor(inventoryId);
  return combineTeam(here?.me ?? '', lineKey, mine, here?.byLine.get(lineKey)?.values() ?? [], blind);
}
