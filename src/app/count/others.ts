/**
 * The team's counts next to this device's own: for the inventory open on screen, the other
 * devices' registers by line (loaded once, then patched by each pull with only what
 * changed), the line's total (sum over devices, core's rule) and each device's part. A line
 * where two or more devices hold a quantity may be a double count: the screen says so.
 * Counters see totals of counts, never expected quantities (the blind count is about those).
 */
import { signal } from '@preact/signals';
import { decimalToScaled } from '../../core/api';
import { formatQty, qty } from '../../core/quantity';
import { deviceId } from '../db/device';
import { othersOf } from '../db/others';
import type { OtherRegister, StoredRegister } from '../db/schema';
import { onPulled } from '../sync/pull';

/** Bumped when another device's part of a line changed: components reading it re-render. */
export const othersRevision = signal(0);

let loaded: { inventoryId: number; me: string; byLine: Map<string, Map<string, OtherRegister>> } | null = null;

function put(byLine: Map<string, Map<string, OtherRegister>>, r: OtherRegister): void {
  const parts = byLine.get(r.lineKey) ?? new Map<string, OtherRegister>();
  parts.set(r.deviceId, r);
  byLine.set(r.lineKey, parts);
}

/** Loads the other devices' registers of the inventory being opened (once per inventory). */
export async function loadOthers(inventoryId: number): Promise<void> {
  if (loaded?.inventoryId === inventoryId) return;
  const byLine = new Map<string, Map<string, OtherRegister>>();
  const [me, rows] = await Promise.all([deviceId(), othersOf(inventoryId)]);
  for (const r of rows) put(byLine, r);
  loaded = { inventoryId, me, byLine };
  othersRevision.value++;
}

onPulled((inventoryId, changed) => {
  if (loaded?.inventoryId !== inventoryId) return;
  for (const r of changed) put(loaded.byLine, r);
  othersRevision.value++;
});

export interface LinePart {
  readonly deviceId: string;
  readonly counter: string;
  readonly qty: string;
  readonly mine: boolean;
}

export interface LineTeamCount {
  /** Sum over devices, canonical decimal text. */
  readonly total: string;
  /** Devices holding a quantity, this device first. */
  readonly parts: readonly LinePart[];
  /** Two or more devices hold a quantity: possibly the same shelf counted twice. */
  readonly possibleDouble: boolean;
}

/** null when no device (this one included) holds a quantity for the line. */
export function teamCount(
  inventoryId: number,
  lineKey: string,
  mine: StoredRegister | undefined,
): LineTeamCount | null {
  const here = loaded?.inventoryId === inventoryId ? loaded : null;
  const me = here?.me ?? '';
  const parts: LinePart[] = [];
  if (mine && mine.qty !== null) parts.push({ deviceId: me, counter: mine.counter, qty: mine.qty, mine: true });
  for (const r of here?.byLine.get(lineKey)?.values() ?? [])
    if (r.qty !== null && r.deviceId !== me)
      parts.push({ deviceId: r.deviceId, counter: r.counter, qty: r.qty, mine: false });
  if (parts.length === 0) return null;
  let total = 0n;
  for (const p of parts) total += decimalToScaled(p.qty, 3);
  return { total: formatQty(qty(total)), parts, possibleDouble: parts.length >= 2 };
}
