/**
 * Fresh planner statistics after a bulk write. The embedded database runs no autovacuum,
 * so a table's statistics stay those of its last ANALYZE: after a 250,000-line snapshot
 * the planner still believed the inventory held ~500 lines, and read all of them through
 * the list-order index (migration 016) for each 500-event push (60–90 ms a push instead
 * of 7) and for each page of the lines download. PostgreSQL's autovacuum catches up only
 * a minute or so later, while the phones download at once. ANALYZE reads a fixed sample
 * (30,000 rows at the default target), whatever the table's size: ~0.4 s at 250,000 lines.
 */
import type { Queryable } from './database';

/** The tables a bulk write changes by thousands of rows: a snapshot, an import, an apply. */
export type BulkTable =
  'inventory_lines' | 'inventory_unit_sums' | 'items' | 'item_barcodes' | 'bins' | 'stock_lines' | 'stock_movements';

/** Runs after the bulk write committed: ANALYZE takes no lock that stops reads or writes. */
export async function refreshStatistics(db: Queryable, tables: readonly BulkTable[]): Promise<void> {
  await db.exec(`ANALYZE ${[...new Set(tables)].join(', ')}`);
}
