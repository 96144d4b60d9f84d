/**
 * The device id's claim on the server, as the phone keeps it (sync/claim.ts makes the
 * calls): whether the server confirmed the id as its user's (meta `claimed:<id>`), and the
 * move to a new id when the server says the id is another user's.
 *
 * The move: the user's unsent events (the outbox) go under a new device id, each with a
 * new event id, in one transaction with the switch of the phone's current id. New event
 * ids, because the other user may have pushed events of their own under the taken id and
 * the server keeps one event per id: a moved event can then meet none of them. No count is
 * doubled by it: the server never stored an event of this phone under the taken id (it
 * refused every push with it). The registers (this device's own count of each line, keyed
 * by line, not by id) stay as they are: the counts are the same, only the id they go
 * under changes. Undo's links (`undoOf`) follow the new event ids.
 */
import { deviceIds } from './device';
import { uuid } from './ids';
import { db, type StoredEvent } from './schema';

const confirmedKey = (deviceId: string): string => `claimed:${deviceId}`;

/** The server said `deviceId` is this phone's user's (a 204 to its claim). */
export const isConfirmed = async (deviceId: string): Promise<boolean> =>
  (await db.meta.get(confirmedKey(deviceId))) !== undefined;

export async function markConfirmed(deviceId: string, username: string): Promise<void> {
  await db.meta.put({ key: confirmedKey(deviceId), value: username });
}

/**
 * `username`'s id `taken` is another user's on the server: their unsent events move to a
 * new id, which becomes their id on this phone; returns it. When the phone's current id is
 * no longer `taken` (another tab moved first, or another user logged in since), nothing
 * moves and the current id is returned.
 */
export const moveToNewId = (username: string, taken: string): Promise<string> =>
  db.transaction('rw', [db.meta, db.events], async () => {
    const row = await db.meta.get('deviceId');
    if (typeof row?.value === 'string' && row.value !== taken) return row.value;
    const fresh = uuid();
    await db.meta.put({ key: 'deviceIds', value: { ...(await deviceIds()), [username]: fresh } });
    await db.meta.put({ key: 'deviceId', value: fresh });
    const unsent = await db.events.filter((e) => e.deviceId === taken && e.pending === 1).toArray();
    if (unsent.length === 0) return fresh;
    const renamed = new Map(unsent.map((e) => [e.id, uuid()]));
    const follow = (undoOf: string | null): string | null => (undoOf === null ? null : (renamed.get(undoOf) ?? undoOf));
    // Events left where they are whose undo link points at a moved one (an undo sent before a refused count).
    const linked = await db.events
      .filter((e) => e.undoOf !== null && renamed.has(e.undoOf) && !renamed.has(e.id))
      .toArray();
    await db.events.bulkDelete([...renamed.keys()]);
    await db.events.bulkAdd(
      unsent.map((e): StoredEvent => ({ ...e, id: renamed.get(e.id)!, deviceId: fresh, undoOf: follow(e.undoOf) })),
    );
    for (const e of linked) await db.events.update(e.id, { undoOf: follow(e.undoOf) });
    return fresh;
  });
