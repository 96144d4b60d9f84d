/**
 * The team's counts next to this device's own: for the inventory open on screen, the other
 * devices' registers by line and round (loaded once, then patched by each pull with only
 * what changed), the line's total and each device's part — core's rule: the sum over
 * devices in the line's deciding round, so a recount replaces the first count instead of
 * adding to it. A line where two or more devices hold a quantity in that round may be a
 * double count: the screen says so.
 * Counters see totals of counts, never expected quantities (the blind count is about those).
 */
import { signal } from '@preact/signals';
import { deviceId } from '../db/device';
import { othersOf } from '../db/others';
import type { OtherRegister, StoredRegister } from '../db/schema';
import { onPulled } from '../sync/pull';
import { combineTeam, type LineTeamCount } from './teamCount';

/** Bumped when another device's part of a line changed: components reading it re-render. */
export const othersRevision = signal(0);

/** Per line, the other devices' registers keyed by device and round. */
type ByLine = Map<string, Map<string, OtherRegister>>;

let loaded: { inventoryId: number; me: string; byLine: ByLine } | null = null;

function put(byLine: ByLine, r: OtherRegister): void {
  const parts = byLine.get(r.lineKey) ?? new Map<string, OtherRegister>();
  parts.set(`${r.deviceId}\u0000${r.round}`, r);
  byLine.set(r.lineKey, parts);
}

/** Loads the other devices' registers of the inventory being opened (once per inventory). */
export async function loadOthers(inventoryId: number): Promise<void> {
  const me = await deviceId();
  // Per user too: on a shared phone, another user's counts are "another device's".
  if (loaded?.inventoryId === inventoryId && loaded.me === me) return;
  const byLine = new Map<string, Map<string, OtherRegister>>();
  const rows = await othersOf(inventoryId);
  for (const r of rows) put(byLine, r);
  loaded = { inventoryId, me, byLine };
  othersRevision.value++;
}

onPulled((inventoryId, changed) => {
  if (loaded?.inventoryId !== inventoryId) return;
  for (const r of changed) put(loaded.byLine, r);
  othersRevision.value++;
});

/** null when no device (this one included) holds a quantity for the line. */
export function teamCount(
  inventoryId: number,
  lineKey: string,
  mine: StoredRegister | undefined,
): LineTeamCount | null {
  const here = loaded?.inventoryId === inventoryId ? loaded : null;
  return combineTeam(here?.me ?? '', lineKey, mine, here?.byLine.get(lineKey)?.values() ?? []);
}
