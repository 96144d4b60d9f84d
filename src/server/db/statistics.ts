/**
 * Fresh planner statistics after a bulk write. The embedded database runs no autovacuum,
 * so a table's statistics stay those of its last ANALYZE: after a 250,000-line snapshot
 * the planner still believed the inventory held ~500 lines, and read all of them through
 * the list-order index (migration 016) for each 500-event push (60–90 ms a push instead
 * of 7) and for each page of the lines download. PostgreSQL's autovacuum catches up only
 * a minute or so later, while the phones download at once. ANALYZE reads a fixed sample
 * (30,000 rows at the default target), whatever the table's size: ~0.4 s at 250,000 lines.
 *
 * After a snapshot, a smaller sample is enough: what the planner was missing is the row
 * count (pg_class.reltuples, estimated from the pages sampled) and that most lines belong
 * to the new inventory, both plain in 3,000 rows; the lines are looked up by key or read
 * in an index's order, never chosen by a histogram. At 250,000 lines, the ANALYZE took
 * 430-490 ms of CPU at the default target and 60-115 ms at 10 (issue 20).
 */
import type { Database } from './database';

/** The tables a bulk write changes by thousands of rows: a snapshot, an import, an apply. */
export type BulkTable =
  'inventory_lines' | 'inventory_unit_sums' | 'items' | 'item_barcodes' | 'bins' | 'stock_lines' | 'stock_movements';

/** The statistics target after a snapshot: a sample of 300 × 10 = 3,000 rows. */
export const SNAPSHOT_STATISTICS_TARGET = 10;

/**
 * Runs after the bulk write committed: ANALYZE takes no lock that stops reads or writes.
 * `target`, when given, is the statistics target for this ANALYZE only (SET LOCAL, in its
 * own transaction): columns given a target of their own keep it.
 */
export async function refreshStatistics(db: Database, tables: readonly BulkTable[], target?: number): Promise<void> {
  // A bare ANALYZE would read every table of the database.
  if (tables.length === 0) return;
  const analyze = `ANALYZE ${[...new Set(tables)].join(', ')}`;
  if (target === undefined) return db.exec(analyze);
  if (!Number.isInteger(target) || target < 1 || target > 10000) throw new Error(`statistics target ${target}`);
  await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL default_statistics_target = ${target}`);
    await tx.exec(analyze);
  });
}
