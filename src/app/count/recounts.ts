/**
 * Recounts on the open count: which lines an open recount asks this device to count again,
 * the requests kept on the device for counting offline, and the supervisor asking for one.
 */
import type { LineDto, RecountDto } from '../../core/api/dto';
import type { Result } from '../../core/errors';
import { call } from '../api/client';
import type { StoredInventory } from '../db/schema';
import { getInventory, updateInventory } from '../db/snapshot';
import { isCountedHere, lineRound } from './counted';
import { bump, current, refreshInventory, type OpenCount } from './open';

/** An open recount covers the line and this device has not counted it in that round. */
export function toRecount(open: OpenCount, line: LineDto): RecountDto | null {
  const round = lineRound(open, line.key);
  if (round === 0 || isCountedHere(open, line.key)) return null;
  const r = (open.inv.recounts ?? []).find(
    (x) =>
      x.round === round &&
      x.status === 'open' &&
      (x.lineKey === line.key || (x.lineKey === null && x.bin === line.bin)),
  );
  return r ?? null;
}

/**
 * Fetches the recount requests (when online) and keeps them on the inventory record, so a
 * counter offline later still counts the right lines in the right round.
 */
export async function refreshRecounts(open: OpenCount): Promise<void> {
  const res = await call('listRecounts', { params: { id: open.inv.id } });
  if (!res.ok) return;
  let inv: StoredInventory | undefined;
  try {
    await updateInventory(open.inv.id, { recounts: res.value });
    inv = await getInventory(open.inv.id);
  } catch {
    // A full device cannot keep them: they are shown all the same (kept at a later
    // refresh with room). Thrown from this effect, the failure went unhandled.
    const now = current.value?.inv;
    inv = now?.id === open.inv.id ? { ...now, recounts: res.value } : undefined;
  }
  if (inv) refreshInventory(inv);
  bump();
}

/**
 * Asks the server for a line or a bin to be counted again (a new, blind round). Here, not
 * in inventory/actions.ts (which offers it to the screens too): count/ is below inventory/.
 */
export const requestRecount = (
  inventoryId: number,
  what: { lineKey: string } | { bin: string },
): Promise<Result<RecountDto, string>> => call('createRecount', { params: { id: inventoryId }, body: what });

/** Supervisor: asks for a line or a bin to be counted again; refreshes the list. */
export async function askRecount(
  open: OpenCount,
  what: { lineKey: string } | { bin: string },
): Promise<Result<RecountDto, string>> {
  const res = await requestRecount(open.inv.id, what);
  if (res.ok) await refreshRecounts(open);
  return res;
}
