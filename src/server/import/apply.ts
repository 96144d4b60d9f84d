/**
 * The import itself, in ONE transaction: new locations, the catalogue (new items, changed
 * attributes, barcodes and packs added), the bins, and — replacing a location's stock —
 * every stock line at the file's quantity, lines the file does not have at 0, each change
 * a stock movement of reason `import` naming the import. It reads the staged rows, so it
 * applies exactly what the preview showed; the checks run again inside the transaction
 * (the catalogue may have moved since), and a location being counted refuses it (423).
 * The same file twice: nothing differs, nothing is written.
 */
import type { ImportSettings } from '../../core/import/preview';
import type { Queryable } from '../db/database';
import { HttpError } from '../http/errors';
import { CODES, ITEMS, LINES } from './sql';

/**
 * First step of the transaction: one import at a time (two imports of overlapping files
 * would each see the other's catalogue half-written), the file's locations created and
 * locked as a stock movement locks them (no inventory can freeze one in between), and a
 * location being counted refuses an import of stock.
 */
export async function lockForImport(tx: Queryable, importId: number, settings: ImportSettings): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7303)');
  await tx.query(
    `INSERT INTO locations (code, name)
     SELECT DISTINCT ON (location) location, coalesce(location_name, location) FROM import_rows
     WHERE import_id = $1 AND location <> '' ORDER BY location, row_no
     ON CONFLICT (code) DO NOTHING`,
    [importId],
  );
  await lockLocations(tx, importId, settings.mode === 'replace');
}

/** Second step, once checked again: the writes. */
export async function writeImport(
  tx: Queryable,
  importId: number,
  settings: ImportSettings,
  by: string,
): Promise<void> {
  const params = [importId, settings.defaultKind];
  await tx.query(
    `WITH ${ITEMS}
     INSERT INTO items (ref, designation, kind, supplier, unit, decimals, tracking, unit_cost)
     SELECT item_ref, designation, kind, supplier, unit, decimals, tracking, unit_cost FROM items_after WHERE is_new`,
    params,
  );
  await tx.query(
    `WITH ${ITEMS}
     UPDATE items i SET designation = c.designation, kind = c.kind, supplier = c.supplier, unit = c.unit,
                        decimals = c.decimals, tracking = c.tracking, unit_cost = c.unit_cost
     FROM items_changed c WHERE i.ref = c.item_ref AND c.attributes_changed`,
    params,
  );
  await tx.query(
    `WITH ${CODES}
     INSERT INTO item_barcodes (barcode, item_ref, pack_qty) SELECT code, item_ref, qty FROM codes
     ON CONFLICT (barcode) DO UPDATE SET pack_qty = excluded.pack_qty
     WHERE item_barcodes.item_ref = excluded.item_ref AND item_barcodes.pack_qty <> excluded.pack_qty`,
    [importId],
  );
  if (settings.mode !== 'replace') return;

  await tx.query(
    `INSERT INTO bins (location_id, code)
     SELECT DISTINCT l.id, r.bin FROM import_rows r JOIN locations l ON l.code = r.location WHERE r.import_id = $1
     ON CONFLICT DO NOTHING`,
    [importId],
  );
  await tx.query(
    `WITH ${LINES},
     changed AS (
       SELECT fl.id AS location_id, lines.* FROM lines JOIN file_locations fl ON fl.code = lines.location
       WHERE qty_after <> qty_before OR (in_file AND NOT in_stock)),
     stock AS (
       INSERT INTO stock_lines (location_id, item_ref, bin, lot, serial, qty)
       SELECT location_id, item_ref, bin, lot, serial, qty_after FROM changed
       ON CONFLICT (location_id, item_ref, bin, lot, serial) DO UPDATE SET qty = excluded.qty)
     INSERT INTO stock_movements (location_id, item_ref, bin, lot, serial, delta, reason, import_id, created_by)
     SELECT location_id, item_ref, bin, lot, serial, qty_after - qty_before, 'import', $1, $2 FROM changed
     WHERE qty_after <> qty_before
     ORDER BY location_id, item_ref, bin, lot, serial`,
    [importId, by],
  );
}

/** Like any stock movement, an import of stock is refused while one of its locations is being counted. */
async function lockLocations(tx: Queryable, importId: number, refuseFrozen: boolean): Promise<void> {
  await tx.query(
    `SELECT id FROM locations WHERE code IN (SELECT DISTINCT location FROM import_rows WHERE import_id = $1)
     ORDER BY id FOR UPDATE`,
    [importId],
  );
  if (!refuseFrozen) return;
  const frozen = await tx.query<{ code: string; id: number; name: string }>(
    `SELECT l.code, i.id, i.name FROM locations l
     JOIN inventories i ON i.location_id = l.id AND i.status IN ('counting', 'closed')
     WHERE l.code IN (SELECT DISTINCT location FROM import_rows WHERE import_id = $1)
     ORDER BY l.code`,
    [importId],
  );
  const first = frozen[0];
  if (first) {
    throw new HttpError(
      423,
      'location_frozen',
      `Location ${first.code} is being counted by inventory "${first.name}" (#${first.id}); its stock cannot be imported until the inventory is confirmed or cancelled.`,
      { inventoryId: first.id, inventoryName: first.name, location: first.code },
    );
  }
}
