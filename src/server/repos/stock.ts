/**
 * Locations, their current stock and stock movements (what the ERP side does). A location
 * being counted refuses every movement (HTTP 423) and says which inventory holds it.
 */
import type { LocationDto, StockLineDto } from '../../core/api/dto';
import type { InventoryKind } from '../../core/inventory';
import { checkLineQty } from '../../core/line';
import { formatQty, qty, type Qty } from '../../core/quantity';
import { decimalToScaled } from '../../core/api/dto';
import type { Queryable } from '../db/database';
import { HttpError, notFound, orThrow } from '../http/errors';
import { lockMovementFeed } from './movements';

export async function listLocations(db: Queryable): Promise<LocationDto[]> {
  return db.query<LocationDto>(
    `SELECT l.id, l.code, l.name, i.id AS "frozenBy"
     FROM locations l LEFT JOIN inventories i ON i.location_id = l.id AND i.status IN ('counting', 'closed')
     ORDER BY l.code`,
  );
}

/** Locks the location row (so freezing and moving stock cannot interleave) and returns it. */
export async function lockLocation(
  tx: Queryable,
  locationId: number,
): Promise<{ id: number; code: string; name: string }> {
  const [loc] = await tx.query<{ id: number; code: string; name: string }>(
    'SELECT id, code, name FROM locations WHERE id = $1 FOR UPDATE',
    [locationId],
  );
  if (!loc) throw notFound(`Location ${locationId}`);
  return loc;
}

export async function openInventoryAt(
  db: Queryable,
  locationId: number,
): Promise<{ id: number; name: string; status: string } | null> {
  const [row] = await db.query<{ id: number; name: string; status: string }>(
    `SELECT id, name, status FROM inventories WHERE location_id = $1 AND status IN ('counting', 'closed')`,
    [locationId],
  );
  return row ?? null;
}

export async function getStock(db: Queryable, locationId: number): Promise<StockLineDto[]> {
  const [loc] = await db.query('SELECT 1 AS found FROM locations WHERE id = $1', [locationId]);
  if (!loc) throw notFound(`Location ${locationId}`);
  return db.query<StockLineDto>(
    `SELECT s.item_ref AS "itemRef", i.designation, i.kind, i.supplier, s.bin,
            nullif(s.lot, '') AS lot, nullif(s.serial, '') AS serial, i.unit,
            s.qty::text AS qty, i.unit_cost::text AS "unitCost"
     FROM stock_lines s JOIN items i ON i.ref = s.item_ref
     WHERE s.location_id = $1
     ORDER BY s.bin, s.item_ref, s.lot, s.serial`,
    [locationId],
  );
}

export interface Movement {
  readonly locationId: number;
  readonly itemRef: string;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly delta: Qty;
  readonly reason: string;
  readonly by: string;
}

export async function moveStock(tx: Queryable, m: Movement): Promise<{ qty: string }> {
  await lockMovementFeed(tx);
  await lockLocation(tx, m.locationId);
  const frozen = await openInventoryAt(tx, m.locationId);
  if (frozen) {
    throw new HttpError(
      423,
      'location_frozen',
      `Location is being counted by inventory "${frozen.name}" (#${frozen.id}); stock movements are refused until it is confirmed or cancelled.`,
      { inventoryId: frozen.id, inventoryName: frozen.name },
    );
  }
  const [item] = await tx.query<{ kind: InventoryKind; unit: string; tracking: string }>(
    'SELECT kind, unit, tracking FROM items WHERE ref = $1',
    [m.itemRef],
  );
  if (!item) throw notFound(`Item ${m.itemRef}`);
  if (item.tracking === 'serial' && !m.serial) {
    throw new HttpError(400, 'serial_required', `Item ${m.itemRef} is serial-tracked: give the serial number.`);
  }
  if (item.tracking === 'lot' && !m.lot) {
    throw new HttpError(400, 'lot_required', `Item ${m.itemRef} is lot-tracked: give the lot.`);
  }
  const [current] = await tx.query<{ qty: string }>(
    `SELECT qty::text AS qty FROM stock_lines
     WHERE location_id = $1 AND item_ref = $2 AND bin = $3 AND lot = $4 AND serial = $5 FOR UPDATE`,
    [m.locationId, m.itemRef, m.bin, m.lot ?? '', m.serial ?? ''],
  );
  const next = qty((current ? decimalToScaled(current.qty, 3) : 0n) + m.delta);
  if (next < 0n) {
    throw new HttpError(
      409,
      'insufficient_stock',
      `Only ${current?.qty ?? '0.000'} in stock; cannot remove ${formatQty(qty(-m.delta))}.`,
    );
  }
  orThrow(checkLineQty({ serial: m.serial, unit: item.unit }, next), 400, 'Resulting stock');
  await tx.query(
    `INSERT INTO stock_lines (location_id, item_ref, bin, lot, serial, qty) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (location_id, item_ref, bin, lot, serial) DO UPDATE SET qty = excluded.qty`,
    [m.locationId, m.itemRef, m.bin, m.lot ?? '', m.serial ?? '', formatQty(next)],
  );
  await tx.query('INSERT INTO bins (location_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING', [m.locationId, m.bin]);
  await tx.query(
    `INSERT INTO stock_movements (location_id, item_ref, bin, lot, serial, delta, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m.locationId, m.itemRef, m.bin, m.lot ?? '', m.serial ?? '', formatQty(m.delta), m.reason, m.by],
  );
  return { qty: formatQty(next) };
}
