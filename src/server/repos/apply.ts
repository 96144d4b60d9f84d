/**
 * The recap of an inventory and its application to the stock. Apply runs in ONE
 * transaction: every difference becomes a stock movement (reason `inventory`), the stock
 * takes the counted quantities, new references enter the catalogue, and the status
 * moves to `applied` (which lifts the freeze). A crash leaves the old stock or the new,
 * never half; a second apply is refused by the state machine on the locked row. Each
 * movement carries the unit cost the recap valued it at, so an inventory's movements add
 * up to its difference value; with a webhook configured, the `inventory.applied` delivery
 * is queued in the same transaction. The apply's changes and totals are made by the
 * database (applyChanges.ts): the server never holds the recap's lines to apply it.
 */
import { recapTotalsToDto } from '../../core/api/dto';
import type { InventoryAppliedEvent } from '../../core/outbound';
import { buildListedRecap, buildRecap, type Recap, type RecapTotals } from '../../core/recap';
import { totalsFromSums } from '../../core/recapSums';
import type { Queryable } from '../db/database';
import type { BulkTable } from '../db/statistics';
import { conflict } from '../http/errors';
import { lastCursor } from './appliedRecaps';
import { countsByLine, lateEventsByLine } from './counts';
import { getInventory, moveInventory, type InventoryRecord } from './inventories';
import { applyCountedChanges } from './applyChanges';
import { COUNTED_LINE, getLines, linesSummary, recapLines, uncountedSummary, unvaluedLines } from './lines';
import { lastMovementId, lockMovementFeed } from './movements';
import { queueDelivery } from './webhooks';
import { countOf } from '../../core/plural';

/**
 * The recap; with `uncounted`, listing only the first that many uncounted lines; with
 * `lateUpToCursor`, telling only the late events up to that cursor (an after export
 * built before later ones arrived). That
 * reads the counted lines and the first uncounted ones, and sums the rest in the
 * database: at 250,000 lines with a few thousand counted, a fraction of the whole.
 */
export async function recapOf(
  db: Queryable,
  inv: InventoryRecord,
  options: { readonly uncounted?: number; readonly lateUpToCursor?: number } = {},
): Promise<Recap> {
  const [counts, late] = await Promise.all([
    countsByLine(db, inv.id),
    lateEventsByLine(db, inv.id, options.lateUpToCursor),
  ]);
  let lateEvents = 0;
  for (const n of late.values()) lateEvents += n;
  const recapOptions = {
    threshold: inv.recountThreshold,
    late: { lines: new Set(late.keys()), events: lateEvents },
  };
  if (options.uncounted !== undefined) {
    const [counted, first] = await Promise.all([
      recapLines(db, inv.id, { counted: true }),
      recapLines(db, inv.id, { uncountedFirst: options.uncounted }),
    ]);
    // Both read the same registers; a count landing in between (a GET outside the close's
    // transaction) would make them disagree: then take every line, as below.
    if (counted.length === counts.size) {
      const summary = await uncountedSummary(db, inv.id, counted);
      return buildListedRecap(counted, counts, inv.uncountedPolicy, recapOptions, first, summary);
    }
  }
  return buildRecap(await getLines(db, inv.id), counts, inv.uncountedPolicy, recapOptions);
}

export async function recapById(
  db: Queryable,
  id: number,
  options: { readonly uncounted?: number } = {},
): Promise<{ inventory: InventoryRecord; recap: Recap }> {
  const inventory = await getInventory(db, id);
  return { inventory, recap: await recapOf(db, inventory, options) };
}

export interface Applied {
  readonly inventory: InventoryRecord;
  /** The recap's totals (those of recapOf), summed by the database. */
  readonly totals: RecapTotals;
  readonly movements: number;
  /** The inventory's last count event cursor when applied (appliedRecaps). */
  readonly cursor: string;
  /** The apply's stock movements: ids after < id ≤ last, consecutive (the feed lock). */
  readonly movementIds: { readonly after: number; readonly last: number };
  /** The tables the apply added rows to: those whose planner statistics are now stale (db/statistics.ts). */
  readonly grown: readonly BulkTable[];
}

export async function applyInventory(
  tx: Queryable,
  id: number,
  by: string,
  options: {
    readonly notify?: boolean;
    /** The supervisor confirmed that the lines still to be valued (costMissing) go at 0 €. */
    readonly confirmZeroCost?: boolean;
  } = {},
): Promise<Applied> {
  // First, before the inventory's row lock: see repos/movements.ts.
  await lockMovementFeed(tx);
  const inventory = await moveInventory(tx, id, 'apply');
  // Under the inventory's row lock (moveInventory): no event lands between this and the sums.
  const cursor = await lastCursor(tx, id);
  // A new reference added without its cost is valued 0 € until a supervisor values it:
  // never silently, the supervisor values it first or confirms 0 €.
  const unvalued = options.confirmZeroCost ? [] : await unvaluedLines(tx, id);
  // New references found on the shelf join the catalogue now that the count is confirmed
  // (first: their stock lines refer to them). A refusal below rolls it back with the rest.
  const catalogue = await addToCatalogue(tx, inventory);
  const after = await lastMovementId(tx);
  // The counted lines' stock and movements, and their sums, in one statement: written only
  // if neither check below refuses. An uncounted line either keeps its stock (policy keep)
  // or goes to zero (policy zero, zeroUncounted).
  const counted = await applyCountedChanges(tx, inventory, by, unvalued.length === 0);
  const doubled = counted.doubled;
  if (doubled.length > 0) {
    throw conflict(
      'serial_counted_twice',
      `${countOf(doubled.length, 'serial number')} ${doubled.length === 1 ? 'was' : 'were'} counted more than once (${doubled
        .slice(0, 5)
        .map((l) => `${l.itemRef} ${l.serial}`)
        .join(', ')}): reopen the inventory and recount them before applying.`,
      { lineKeys: doubled.map((l) => l.key) },
    );
  }
  if (unvalued.length > 0) {
    throw conflict(
      'unvalued_lines',
      `${unvalued.length} line(s) added without a unit cost are not valued yet: set their cost (PUT /line-cost) or apply with confirmZeroCost.`,
      { lineKeys: unvalued },
    );
  }
  const totals = totalsFromSums(
    counted.units,
    await linesSummary(tx, id),
    inventory.uncountedPolicy,
    await lateEventCount(tx, id),
  );
  const zeroed = inventory.uncountedPolicy === 'zero' ? await zeroUncounted(tx, inventory, by) : 0;
  const movements = counted.moved + zeroed;
  const movementIds = { after, last: movements === 0 ? after : await lastMovementId(tx) };
  if (options.notify) await queueApplied(tx, { inventory, totals, movements, movementIds, by });
  // A stock line is new only for a line added during the count: the location was frozen, so
  // every snapshot line's stock line is still there and takes its quantity by update.
  const grown: BulkTable[] = [
    ...(movements > 0 ? (['stock_movements'] as const) : []),
    ...(counted.addedChanged ? (['stock_lines'] as const) : []),
    ...(catalogue.items > 0 ? (['items'] as const) : []),
    ...(catalogue.barcodes > 0 ? (['item_barcodes'] as const) : []),
    ...(catalogue.bins > 0 ? (['bins'] as const) : []),
  ];
  return { inventory, totals, movements, cursor, movementIds, grown };
}

/** Late events not in the figures (arrived after the close, inventory not reopened since). */
async function lateEventCount(tx: Queryable, inventoryId: number): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM count_events WHERE inventory_id = $1 AND late AND NOT late_joined',
    [inventoryId],
  );
  return row?.n ?? 0;
}

/** The items, barcodes and bins of the lines added during the count, into the catalogue; how many of each were new. */
async function addToCatalogue(
  tx: Queryable,
  inventory: InventoryRecord,
): Promise<{ items: number; barcodes: number; bins: number }> {
  const [catalogue] = await tx.query<{ items: number; barcodes: number; bins: number }>(
    `WITH new_items AS (
       INSERT INTO items (ref, designation, kind, supplier, unit, tracking, unit_cost)
       SELECT DISTINCT ON (item_ref) item_ref, designation, kind, supplier, unit,
              CASE WHEN serial <> '' THEN 'serial' WHEN lot <> '' THEN 'lot' ELSE 'none' END, unit_cost
       FROM inventory_lines WHERE inventory_id = $1 AND added
       ORDER BY item_ref, added_at
       ON CONFLICT (ref) DO NOTHING
       RETURNING 1),
     new_barcodes AS (
       INSERT INTO item_barcodes (barcode, item_ref)
       SELECT DISTINCT ON (b) b, item_ref FROM inventory_lines, unnest(barcodes) AS b
       WHERE inventory_id = $1 AND added ORDER BY b
       ON CONFLICT (barcode) DO NOTHING
       RETURNING 1),
     new_bins AS (
       INSERT INTO bins (location_id, code)
       SELECT DISTINCT $2::int, bin FROM inventory_lines WHERE inventory_id = $1 AND added
       ON CONFLICT DO NOTHING
       RETURNING 1)
     SELECT (SELECT count(*)::int FROM new_items) AS items, (SELECT count(*)::int FROM new_barcodes) AS barcodes,
            (SELECT count(*)::int FROM new_bins) AS bins`,
    [inventory.id, inventory.locationId],
  );
  return catalogue ?? { items: 0, barcodes: 0, bins: 0 };
}

async function queueApplied(
  tx: Queryable,
  a: Pick<Applied, 'inventory' | 'totals' | 'movements' | 'movementIds'> & { by: string },
): Promise<void> {
  const [location] = await tx.query<{ code: string; name: string }>('SELECT code, name FROM locations WHERE id = $1', [
    a.inventory.locationId,
  ]);
  const event: InventoryAppliedEvent = {
    event: 'inventory.applied',
    inventory: { id: a.inventory.id, name: a.inventory.name, kind: a.inventory.kind },
    location: { id: a.inventory.locationId, code: location?.code ?? '', name: location?.name ?? '' },
    appliedAt: a.inventory.appliedAt ?? new Date().toISOString(),
    appliedBy: a.by,
    totals: recapTotalsToDto(a.totals),
    movements: { count: a.movements, ...a.movementIds },
  };
  await queueDelivery(tx, event, a.inventory.id);
}

/**
 * Policy zero: every uncounted line that expected stock goes to 0, with a movement of minus
 * what was expected (the recap's difference for that line), in one statement.
 */
async function zeroUncounted(tx: Queryable, inventory: InventoryRecord, by: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH gone AS (
       SELECT item_ref, bin, lot, serial, expected_qty, unit_cost FROM inventory_lines l
       WHERE inventory_id = $1 AND expected_qty <> 0 AND NOT ${COUNTED_LINE}
     ), stock AS (
       INSERT INTO stock_lines (location_id, item_ref, bin, lot, serial, qty)
       SELECT $2, item_ref, bin, lot, serial, 0 FROM gone
       ON CONFLICT (location_id, item_ref, bin, lot, serial) DO UPDATE SET qty = excluded.qty
     ), moved AS (
       INSERT INTO stock_movements (location_id, item_ref, bin, lot, serial, delta, reason, inventory_id, created_by, unit_cost)
       SELECT $2, item_ref, bin, lot, serial, -expected_qty, 'inventory', $1, $3, unit_cost FROM gone
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM moved`,
    [inventory.id, inventory.locationId, by],
  );
  return row?.n ?? 0;
}
