/**
 * Other devices' counts, pulled from the server: one register per line × device × round
 * (the highest seq wins, as core/counting.ts folds them) and the pull cursor, moved in the
 * same transaction as a page's last registers (sync/pull.ts folds a page in slices), so a
 * reload in between never skips a page: it folds the page again, which changes nothing.
 * Only the registers a page changed are returned, so the screen updates what moved instead
 * of rebuilding 100,000 lines on every pull. Also the bins the devices say are empty, as
 * the last pull said (a meta row: a short list replaced whole), so the checklist shows them
 * offline too.
 */
import Dexie from 'dexie';
import type { CountEventDto, EmptyBinDto } from '../../core/api/dto';
import { db, type OtherRegister } from './schema';

const cursorKey = (inventoryId: number): string => `pull:${inventoryId}`;
const emptyBinsKey = (inventoryId: number): string => `emptyBins:${inventoryId}`;

export async function pullCursor(inventoryId: number): Promise<number> {
  const row = await db.meta.get(cursorKey(inventoryId));
  return typeof row?.value === 'number' ? row.value : 0;
}

/**
 * Folds pulled events (this device's own already left out) and moves the cursor (null: a
 * slice of a page, the cursor stays until its last). Late events (after the close) are
 * kept on the server and shown there; they are not part of the count, so they do not
 * change the totals here either.
 */
export const foldPulled = (
  inventoryId: number,
  events: readonly CountEventDto[],
  cursor: number | null,
): Promise<OtherRegister[]> =>
  db.transaction('rw', db.otherRounds, db.meta, async () => {
    const best = new Map<string, CountEventDto>();
    for (const e of events) {
      if (e.late) continue;
      const id = `${e.deviceId}\u0000${e.round ?? 0}\u0000${e.lineKey}`;
      const seen = best.get(id);
      if (!seen || e.seq > seen.seq || (e.seq === seen.seq && e.id > seen.id)) best.set(id, e);
    }
    const candidates = [...best.values()];
    const stored = await db.otherRounds.bulkGet(
      candidates.map((e) => [inventoryId, e.lineKey, e.deviceId, e.round ?? 0]),
    );
    const changed: OtherRegister[] = [];
    candidates.forEach((e, i) => {
      const now = stored[i];
      if (now && (now.seq > e.seq || (now.seq === e.seq && now.eventId >= e.id))) return;
      changed.push({
        inventoryId,
        lineKey: e.lineKey,
        deviceId: e.deviceId,
        round: e.round ?? 0,
        qty: e.qty,
        ...(e.withheld ? { withheld: true } : {}),
        seq: e.seq,
        eventId: e.id,
        counter: e.counter,
        at: e.at,
      });
    });
    if (changed.length) await db.otherRounds.bulkPut(changed);
    if (cursor !== null) await db.meta.put({ key: cursorKey(inventoryId), value: cursor });
    return changed;
  });

export const othersOf = (inventoryId: number): Promise<OtherRegister[]> =>
  db.otherRounds
    .where('[inventoryId+lineKey+deviceId+round]')
    .between(
      [inventoryId, Dexie.minKey, Dexie.minKey, Dexie.minKey],
      [inventoryId, Dexie.maxKey, Dexie.maxKey, Dexie.maxKey],
    )
    .toArray();

/** Inventories whose counts can still move (counting, or closed and maybe reopened): the ones worth pulling. */
export const pullableInventories = async (): Promise<Set<number>> =>
  new Set(await db.inventories.filter((i) => i.status === 'counting' || i.status === 'closed').primaryKeys());

/** The bins the devices said were empty at the last pull (every device's, this one's included). */
export async function emptyBinsOf(inventoryId: number): Promise<EmptyBinDto[]> {
  const row = await db.meta.get(emptyBinsKey(inventoryId));
  return Array.isArray(row?.value) ? (row.value as EmptyBinDto[]) : [];
}

/** Keeps the pulled list of empty bins; true when it differs from the one kept before. */
export const saveEmptyBins = (inventoryId: number, bins: readonly EmptyBinDto[]): Promise<boolean> =>
  db.transaction('rw', db.meta, async () => {
    const kept = await emptyBinsOf(inventoryId);
    const same =
      kept.length === bins.length &&
      kept.every(
        (k, i) => k.bin === bins[i]!.bin && k.deviceId === bins[i]!.deviceId && k.counter === bins[i]!.counter,
      );
    if (same) return false;
    await db.meta.put({
      key: emptyBinsKey(inventoryId),
      value: bins.map(({ bin, deviceId, counter }) => ({ bin, deviceId, counter })),
    });
    return true;
  });
