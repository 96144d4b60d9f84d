/**
 * What the database holds of a file's references, barcodes and locations (core's
 * CatalogueState), read in a few statements: references and barcodes by batches of the
 * file's own, and the stock of the file's locations as one text the database builds
 * (250,000 lines as rows would cost the embedded database's driver seconds to convert),
 * fields and lines apart by the unit and record separators (no code may hold them).
 */
import type { FileCollector } from '../../core/import/collect';
import type { CatalogueItem, CatalogueState } from '../../core/import/plan';
import { stockKey } from '../../core/import/stockKey';
import type { InventoryKind } from '../../core/inventory';
import type { Tracking } from '../../core/line';
import { money } from '../../core/money';
import { qty } from '../../core/quantity';
import type { Queryable } from '../db/database';

const BATCH = 10_000;

const scaled = (text: string, scale: number): bigint => {
  const [whole = '0', frac = ''] = text.split('.');
  const negative = whole.startsWith('-');
  const v =
    BigInt(whole.replace('-', '')) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0').slice(0, scale) || '0');
  return negative ? -v : v;
};

export async function catalogueState(
  db: Queryable,
  file: FileCollector,
  locations: readonly string[],
): Promise<CatalogueState> {
  const items = new Map<string, CatalogueItem>();
  const refs = [...file.items.keys()];
  for (let i = 0; i < refs.length; i += BATCH) {
    const rows = await db.query<{
      ref: string;
      designation: string;
      kind: InventoryKind;
      unit: string;
      decimals: boolean;
      unit_cost: string;
      supplier: string | null;
      tracking: Tracking;
    }>(
      `SELECT ref, designation, kind, unit, decimals, unit_cost::text, supplier, tracking FROM items WHERE ref = ANY($1::text[])`,
      [refs.slice(i, i + BATCH)],
    );
    for (const r of rows) {
      items.set(r.ref, {
        designation: r.designation,
        kind: r.kind,
        unit: r.unit,
        decimals: r.decimals,
        unitCost: money(scaled(r.unit_cost, 4)),
        supplier: r.supplier,
        tracking: r.tracking,
      });
    }
  }
  const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items');

  const codes = new Map<string, { itemRef: string; qty: ReturnType<typeof qty> }>();
  const allCodes = [...file.codes.keys()];
  for (let i = 0; i < allCodes.length; i += BATCH) {
    const rows = await db.query<{ barcode: string; item_ref: string; pack_qty: string }>(
      'SELECT barcode, item_ref, pack_qty::text FROM item_barcodes WHERE barcode = ANY($1::text[])',
      [allCodes.slice(i, i + BATCH)],
    );
    for (const r of rows) codes.set(r.barcode, { itemRef: r.item_ref, qty: qty(scaled(r.pack_qty, 3)) });
  }

  const found = await db.query<{
    id: number;
    code: string;
    name: string;
    inv_id: number | null;
    inv_name: string | null;
  }>(
    `SELECT l.id, l.code, l.name, i.id AS inv_id, i.name AS inv_name FROM locations l
     LEFT JOIN inventories i ON i.location_id = l.id AND i.status IN ('counting', 'closed')
     WHERE l.code = ANY($1::text[])`,
    [locations],
  );
  const locs = new Map(
    found.map((l) => [
      l.code,
      { id: l.id, name: l.name, frozenBy: l.inv_id === null ? null : { id: l.inv_id, name: l.inv_name ?? '' } },
    ]),
  );

  const stock = new Map<string, { qty: number; unitCost: ReturnType<typeof money> }>();
  for (const l of found) {
    const [row] = await db.query<{ lines: string | null }>(
      `SELECT string_agg(s.item_ref || chr(31) || s.bin || chr(31) || s.lot || chr(31) || s.serial || chr(31) ||
                         (s.qty * 1000)::bigint || chr(31) || i.unit_cost::text, chr(30)) AS lines
       FROM stock_lines s JOIN items i ON i.ref = s.item_ref WHERE s.location_id = $1`,
      [l.id],
    );
    if (!row?.lines) continue;
    for (const line of row.lines.split('\u001e')) {
      const [ref = '', bin = '', lot = '', serial = '', q = '0', cost = '0'] = line.split('\u001f');
      stock.set(stockKey(l.code, ref, bin, lot, serial), { qty: Number(q), unitCost: money(scaled(cost, 4)) });
    }
  }
  return { items, itemCount: count?.n ?? 0, codes, locations: locs, stock };
}
