/**
 * Inventories: creation (freeze + snapshot in one transaction), reading, and moves of
 * the state machine. Status checks run on the locked inventory row, so two requests
 * (or two server processes) can never both close or both apply.
 */
import type { InventoryDetailDto } from '../../core/api/dto';
import {
  transition,
  type Inventory,
  type InventoryAction,
  type InventoryKind,
  type InventoryStatus,
  type RecountThreshold,
  type UncountedPolicy,
} from '../../core/inventory';
import type { Queryable } from '../db/database';
import { conflict, notFound, orThrow } from '../http/errors';
import { LINE_SUMS } from './lines';
import { lockLocation, openInventoryAt } from './stock';

interface InventoryRow {
  id: number;
  name: string;
  location_id: number;
  kind: InventoryKind;
  status: InventoryStatus;
  uncounted_policy: UncountedPolicy;
  show_expected: boolean;
  /** numeric as text: canonical decimals, exact. */
  recount_qty_percent: string | null;
  recount_value: string | null;
  created_at: Date;
  created_by: string;
  closed_at: Date | null;
  applied_at: Date | null;
}

export type InventoryRecord = Inventory & { readonly showExpected: boolean };

const toInventory = (r: InventoryRow): InventoryRecord => ({
  id: r.id,
  name: r.name,
  locationId: r.location_id,
  kind: r.kind,
  status: r.status,
  uncountedPolicy: r.uncounted_policy,
  showExpected: r.show_expected,
  recountThreshold: { qtyPercent: r.recount_qty_percent, value: r.recount_value },
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  closedAt: r.closed_at?.toISOString() ?? null,
  appliedAt: r.applied_at?.toISOString() ?? null,
});

export async function createInventory(
  tx: Queryable,
  input: {
    name: string;
    locationId: number;
    kind: InventoryKind;
    showExpected: boolean;
    recountThreshold: RecountThreshold;
    by: string;
  },
): Promise<InventoryRecord & { lineCount: number }> {
  await lockLocation(tx, input.locationId);
  const open = await openInventoryAt(tx, input.locationId);
  if (open) {
    throw conflict(
      'location_already_counted',
      `This location is already being counted by inventory "${open.name}" (#${open.id}, ${open.status}). One inventory per location at a time.`,
      { inventoryId: open.id, inventoryName: open.name },
    );
  }
  const [row] = await tx.query<InventoryRow>(
    `INSERT INTO inventories (name, location_id, kind, status, show_expected, recount_qty_percent, recount_value, created_by)
     VALUES ($1, $2, $3, 'counting', $4, $5, $6, $7) RETURNING *`,
    [
      input.name,
      input.locationId,
      input.kind,
      input.showExpected,
      input.recountThreshold.qtyPercent,
      input.recountThreshold.value,
      input.by,
    ],
  );
  if (!row) throw new Error('insert returned no row');
  // The snapshot: one statement, whatever the size of the location. An item's barcodes
  // and packs are looked up once per item held here, not once per stock line (an item
  // sits in several bins and lots): 60,000 lines, 4.5 s → 2.6 s on the embedded database.
  // Barcodes and packs are grouped in one pass over item_barcodes, not looked up per item
  // (83,000 index scans and sorts; decompte_item_packs, a plan run per call, took ~2 s for
  // all 83,000 items of a 250,000-line location; called from a second grouping for the few %
  // with a pack, 30-270 ms more than the filtered jsonb_agg here, which builds the same
  // jsonb, tests/server/packs.test.ts); with that, the hashes of the statement need more
  // than the default 4 MB of work_mem, or they spill to temporary files in batches: both
  // together, 250,000 lines, 5.6-6.0 s → 3.9-4.8 s for this statement (neither alone helped).
  await tx.query(`SET LOCAL work_mem = '64MB'`);
  const [snap] = await tx.query<{ n: number }>(
    `WITH barcoded AS (
       SELECT item_ref, array_agg(barcode ORDER BY barcode) AS barcodes,
              jsonb_agg(jsonb_build_object('code', barcode, 'qty', pack_qty::text) ORDER BY barcode)
                FILTER (WHERE pack_qty <> 1) AS packs
       FROM item_barcodes GROUP BY item_ref),
     held AS MATERIALIZED (
       SELECT i.ref, i.designation, i.kind, i.supplier, i.unit, i.unit_cost,
              nullif(i.decimals, decompte_unit_decimals(i.unit)) AS decimals,
              coalesce(b.barcodes, '{}'::text[]) AS barcodes, coalesce(b.packs, '[]') AS packs
       FROM items i LEFT JOIN barcoded b ON b.item_ref = i.ref
       WHERE i.kind = $3 AND EXISTS (SELECT 1 FROM stock_lines s WHERE s.location_id = $2 AND s.item_ref = i.ref)),
     ins AS (
       INSERT INTO inventory_lines (inventory_id, line_key, item_ref, designation, kind, supplier, bin, lot, serial,
                                    barcodes, packs, unit, expected_qty, unit_cost, decimals)
       SELECT $1, decompte_line_key(s.item_ref, s.bin, s.lot, s.serial), s.item_ref, h.designation, h.kind, h.supplier,
              s.bin, s.lot, s.serial, h.barcodes, h.packs, h.unit, s.qty, h.unit_cost, h.decimals
       FROM stock_lines s
       JOIN held h ON h.ref = s.item_ref
       WHERE s.location_id = $2
       RETURNING unit, expected_qty, unit_cost),
     -- The snapshot's sums per unit, for the recap's quantities per unit (migration 017).
     unit_sums AS (
       INSERT INTO inventory_unit_sums (inventory_id, unit, lines, expected)
       SELECT $1, unit, count(*)::int, sum(expected_qty) FROM ins GROUP BY unit),
     totals AS (SELECT ${LINE_SUMS} FROM ins)
     -- The snapshot's sums, for the recap's uncounted totals (migration 008).
     UPDATE inventories SET snapshot_lines = t.lines, snapshot_expected = t.expected,
            snapshot_expected_value = t.expected_value, snapshot_non_zero = t.non_zero
     FROM totals t WHERE id = $1
     RETURNING t.lines AS n`,
    [row.id, input.locationId, input.kind],
  );
  return { ...toInventory(row), lineCount: snap?.n ?? 0 };
}

export async function listInventories(db: Queryable): Promise<InventoryRecord[]> {
  const rows = await db.query<InventoryRow>('SELECT * FROM inventories ORDER BY created_at DESC, id DESC');
  return rows.map(toInventory);
}

export async function getInventory(db: Queryable, id: number, lock = false): Promise<InventoryRecord> {
  const [row] = await db.query<InventoryRow>(`SELECT * FROM inventories WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  if (!row) throw notFound(`Inventory ${id}`);
  return toInventory(row);
}

export async function getInventoryDetail(db: Queryable, id: number): Promise<InventoryDetailDto> {
  const inv = await getInventory(db, id);
  // The snapshot's line count is kept on the inventory row (migration 008): only the lines
  // added during the count are counted here (a partial index), not all 250,000 (~55 ms).
  const [stats] = await db.query<{ line_count: number; counted_lines: number }>(
    `SELECT (SELECT snapshot_lines FROM inventories WHERE id = $1)
              + (SELECT count(*)::int FROM inventory_lines WHERE inventory_id = $1 AND added) AS line_count,
            (SELECT count(DISTINCT line_key)::int FROM count_registers
             WHERE inventory_id = $1 AND qty IS NOT NULL) AS counted_lines`,
    [id],
  );
  const devices = await db.query<{ deviceId: string; counter: string; lastEventAt: string; events: number }>(
    `SELECT device_id AS "deviceId", (array_agg(received_by ORDER BY cursor DESC))[1] AS counter,
            max(at) AS "lastEventAt", count(*)::int AS events
     FROM count_events WHERE inventory_id = $1 GROUP BY device_id ORDER BY device_id`,
    [id],
  );
  const exports = await db.query<{
    phase: 'before' | 'after';
    file_name: string;
    sha256: string;
    size: number;
    uploaded_at: Date;
    uploaded_by: string;
  }>('SELECT phase, file_name, sha256, size, uploaded_at, uploaded_by FROM exports WHERE inventory_id = $1', [id]);
  const info = (phase: 'before' | 'after') => {
    const e = exports.find((x) => x.phase === phase);
    return e
      ? {
          fileName: e.file_name,
          sha256: e.sha256,
          bytes: e.size,
          uploadedAt: e.uploaded_at.toISOString(),
          uploadedBy: e.uploaded_by,
        }
      : null;
  };
  const { showExpected, ...dto } = inv;
  return {
    ...dto,
    blind: !showExpected,
    lineCount: stats?.line_count ?? 0,
    countedLines: stats?.counted_lines ?? 0,
    devices,
    exports: { before: info('before'), after: info('after') },
  };
}

/** Locks the inventory, checks the move is allowed, and records the new status. */
export async function moveInventory(
  tx: Queryable,
  id: number,
  action: InventoryAction,
  extra: { uncountedPolicy?: UncountedPolicy } = {},
): Promise<InventoryRecord> {
  const inv = await getInventory(tx, id, true);
  const to = orThrow(transition(inv.status, action), 409);
  const stamp = { close: 'closed_at', apply: 'applied_at', cancel: 'cancelled_at', reopen: null }[action];
  const [row] = await tx.query<InventoryRow>(
    `UPDATE inventories SET status = $2${stamp ? `, ${stamp} = now()` : ''}${
      action === 'reopen' ? ', closed_at = NULL' : ''
    }, uncounted_policy = coalesce($3, uncounted_policy)
     WHERE id = $1 RETURNING *`,
    [id, to, extra.uncountedPolicy ?? null],
  );
  if (!row) throw notFound(`Inventory ${id}`);
  return toInventory(row);
}

/**
 * Sets the recount threshold (a recap setting: the counts are untouched), while the
 * recap can still lead to a recount: counting or closed.
 */
export async function setRecountThreshold(tx: Queryable, id: number, t: RecountThreshold): Promise<InventoryRecord> {
  const inv = await getInventory(tx, id, true);
  if (inv.status !== 'counting' && inv.status !== 'closed') {
    throw conflict(
      'not_editable',
      `The recount threshold can only change while counting or closed; this inventory is ${inv.status}.`,
      {
        status: inv.status,
      },
    );
  }
  const [row] = await tx.query<InventoryRow>(
    'UPDATE inventories SET recount_qty_percent = $2, recount_value = $3 WHERE id = $1 RETURNING *',
    [id, t.qtyPercent, t.value],
  );
  if (!row) throw notFound(`Inventory ${id}`);
  return toInventory(row);
}
