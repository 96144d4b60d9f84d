/**
 * The recap of an inventory just applied, kept in this process for the after export that
 * follows it: the supervisor's device asks for that very recap (without its uncounted
 * lines) the moment the apply answers, and computing it then took 0.6-0.9 s of the server
 * at 250,000 lines, on the after ZIP's critical path. The apply no longer builds it (its
 * sums come from the database): it is built as the apply answers, after its commit, and
 * kept as a promise the export's question waits for.
 *
 * An applied inventory no longer changes, except by late events (pushed after the close,
 * kept apart and counted in the recap). So an entry is served only while the inventory's
 * last event cursor is still the one the apply saw: a late event — taken by this process
 * or by another one on the same database — makes the next read compute the recap again.
 * Two entries, for ten minutes: the after export comes right after the apply.
 */
import type { Recap } from '../../core/recap';
import type { Queryable } from '../db/database';

interface Kept {
  readonly cursor: string;
  readonly recap: Promise<Recap | null>;
}

const ENTRIES = 2;
/** Then the memory goes back (all 250,000 lines counted: a recap of ~100 MB). */
const KEEP_MS = 10 * 60_000;

export class AppliedRecaps {
  private readonly kept = new Map<number, Kept>();

  /** After the apply's transaction committed: `cursor` is lastCursor read inside it. */
  keep(inventoryId: number, cursor: string, recap: Promise<Recap>): void {
    // A recap that fails (the database went away) is simply not kept: the next read computes it.
    const entry: Kept = {
      cursor,
      recap: recap.catch(() => {
        if (this.kept.get(inventoryId) === entry) this.kept.delete(inventoryId);
        return null;
      }),
    };
    this.kept.delete(inventoryId);
    this.kept.set(inventoryId, entry);
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const id of this.kept.keys()) if (this.kept.size > ENTRIES) this.kept.delete(id);
    // unref: a kept recap never holds the process open.
    setTimeout(() => this.kept.get(inventoryId) === entry && this.kept.delete(inventoryId), KEEP_MS).unref();
  }

  /** The kept recap (without uncounted lines), or null when there is none or it may be stale. */
  async get(db: Queryable, inventoryId: number): Promise<Recap | null> {
    const entry = this.kept.get(inventoryId);
    if (!entry) return null;
    if ((await lastCursor(db, inventoryId)) !== entry.cursor) {
      this.kept.delete(inventoryId);
      return null;
    }
    return await entry.recap;
  }
}

/** The inventory's last count event cursor ('0' before any): it moves with every event taken. */
export async function lastCursor(db: Queryable, inventoryId: number): Promise<string> {
  const [row] = await db.query<{ cursor: string }>(
    'SELECT coalesce(max(cursor), 0)::text AS cursor FROM count_events WHERE inventory_id = $1',
    [inventoryId],
  );
  return row?.cursor ?? '0';
}
