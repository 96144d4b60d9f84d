/**
 * The stock movements as a feed: every movement (inventory, import, manual) once, in
 * order, pulled by an ERP or a script with a cursor (`GET /api/movements?after=`).
 *
 * Why a cursor on ids is correct here. The cursor is the last movement id a client has
 * seen; the next page is `id > cursor`. That skips a movement only if a movement with a
 * SMALLER id commits AFTER one with a larger id was read — which plain identity columns
 * allow: two processes (or two connections) each draw an id, and the later id may commit
 * first. So every transaction that inserts movements holds one transaction-scoped
 * advisory lock (`lockMovementFeed`, taken FIRST, before any row lock, so that it can never
 * be part of a lock cycle), and releases it only when it has committed or rolled back.
 * While a transaction holds it, no other transaction can draw a movement id; once it ends,
 * its ids are visible (PostgreSQL makes a commit visible before it releases its locks).
 * Hence whenever a reader sees id N committed, every id below N belongs to a transaction
 * that has ended: it is visible too, or it never will be (rolled back: a gap that stays a
 * gap). Readers take no lock at all.
 *
 * The price: transactions that move stock run one at a time across all server processes.
 * A manual movement holds the lock for a few milliseconds, an apply or an import of a
 * large location for as long as it runs (the benchmark's server apply: 0.9-1.3 s at
 * 250,000 lines): other movements wait that long, which is the price of an exact order.
 * A side effect the webhook uses: an apply's movements are contiguous ids.
 *
 * A safety net in the database (migration 011): a statement trigger on stock_movements
 * takes the same lock, so a writer that forgets still gets correct ids (taken late, the
 * lock could then close a lock cycle, which PostgreSQL detects and the transaction is
 * retried — slower, never wrong). Another trigger fills `unit_cost` from the item when a
 * writer leaves it out, and the table is append-only.
 */
import type { Queryable } from '../db/database';

/**
 * Takes the movement feed lock for the rest of the transaction `tx`. Call it first in any
 * transaction that inserts into stock_movements, before other locks (location rows, …).
 */
export async function lockMovementFeed(tx: Queryable): Promise<void> {
  await tx.query('SELECT decompte_lock_movement_feed()');
}

/** The last movement id so far (0 before any); under the feed lock, where the next movements start. */
export async function lastMovementId(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ id: number }>('SELECT coalesce(max(id), 0)::float8 AS id FROM stock_movements');
  return row?.id ?? 0;
}

/**
 * A page of the feed as one JSON text built by the database (a page of 10,000 rows
 * decoded column by column in the embedded driver costs far more). `value` is
 * round(delta × unit cost, 4), half away from zero: core's lineValue, per line.
 */
export async function movementsPageJson(db: Queryable, after: number, limit: number): Promise<string> {
  const [row] = await db.query<{ movements: string; cursor: number | null; more: boolean }>(
    `WITH page AS (SELECT * FROM stock_movements WHERE id > $1 ORDER BY id LIMIT $2 + 1),
     shown AS (SELECT * FROM page ORDER BY id LIMIT $2)
     SELECT coalesce(json_agg(json_build_object(
              'id', m.id::float8,
              'at', to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'location', json_build_object('id', m.location_id, 'code', l.code),
              'itemRef', m.item_ref, 'designation', i.designation, 'unit', i.unit,
              'bin', m.bin, 'lot', nullif(m.lot, ''), 'serial', nullif(m.serial, ''),
              'quantity', m.delta::text, 'unitCost', m.unit_cost::text,
              'value', round(m.delta * m.unit_cost, 4)::numeric(24, 4)::text,
              'reason', m.reason, 'inventoryId', m.inventory_id, 'importId', m.import_id, 'by', m.created_by
            ) ORDER BY m.id), '[]')::text AS movements,
            max(m.id)::float8 AS cursor, (SELECT count(*) FROM page) > $2 AS more
     FROM shown m
     JOIN locations l ON l.id = m.location_id
     LEFT JOIN items i ON i.ref = m.item_ref`,
    [after, limit],
  );
  return `{"movements":${row?.movements ?? '[]'},"cursor":${row?.cursor ?? after},"more":${row?.more ?? false}}`;
}
