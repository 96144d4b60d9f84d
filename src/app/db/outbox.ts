/**
 * The outbox as a whole, read for the sync loop and its badge: which inventories are on the
 * device, and per inventory what still waits to be sent (count events of every user, added
 * lines, bin checks). Reads the `pending` index only: one read, whatever the size of the log.
 */
import { db, type StoredEvent } from './schema';

/** The ids of the inventories stored on this device. */
export const storedInventoryIds = async (): Promise<number[]> => await db.inventories.toCollection().primaryKeys();

export interface PendingOf {
  /** The count events not acknowledged yet, every device id's, refused ones included. */
  readonly events: StoredEvent[];
  readonly addedLines: number;
  readonly binChecks: number;
}

/** What one inventory still holds to send. */
export async function pendingOf(inventoryId: number): Promise<PendingOf> {
  const [events, addedLines, binChecks] = await Promise.all([
    db.events.where('[inventoryId+pending]').equals([inventoryId, 1]).toArray(),
    db.addedLines.where('[inventoryId+pending]').equals([inventoryId, 1]).count(),
    db.binChecks.where('[inventoryId+pending]').equals([inventoryId, 1]).count(),
  ]);
  return { events, addedLines, binChecks };
}
