/**
 * The figures of an import, from the staged rows against the database: what a preview
 * shows and, computed again inside the import's transaction, what the import did.
 */
import type { ImportCounts, ImportLocation, ImportSettings } from '../../core/import/preview';
import type { Queryable } from '../db/database';
import { CODES, ITEMS, LINES } from './sql';

export interface Figures {
  readonly locations: readonly ImportLocation[];
  readonly items: ImportCounts;
  readonly lines: ImportCounts;
  readonly movements: number;
  readonly valueBefore: string;
  readonly valueAfter: string;
}

const ZERO: ImportCounts = { new: 0, changed: 0, unchanged: 0, missing: 0 };

export async function figures(db: Queryable, importId: number, settings: ImportSettings): Promise<Figures> {
  const params = [importId, settings.defaultKind];
  const locations = await db.query<ImportLocation>(
    `SELECT r.location AS code, coalesce(l.name, r.location_name, r.location) AS name, l.id IS NULL AS "isNew",
            CASE WHEN i.id IS NULL THEN NULL ELSE json_build_object('id', i.id, 'name', i.name) END AS "frozenBy"
     FROM (SELECT location, min(location_name) AS location_name FROM import_rows
           WHERE import_id = $1 AND location <> '' GROUP BY location) r
     LEFT JOIN locations l ON l.code = r.location
     LEFT JOIN inventories i ON i.location_id = l.id AND i.status IN ('counting', 'closed')
     ORDER BY r.location`,
    [importId],
  );
  const [items] = await db.query<ImportCounts>(
    `WITH ${ITEMS}, ${CODES},
     code_changes AS (
       SELECT DISTINCT c.item_ref FROM codes c LEFT JOIN item_barcodes b ON b.barcode = c.code
       WHERE b.barcode IS NULL OR b.pack_qty <> c.qty)
     SELECT count(*) FILTER (WHERE is_new)::int AS new,
            count(*) FILTER (WHERE NOT is_new AND (attributes_changed OR item_ref IN (SELECT item_ref FROM code_changes)))::int AS changed,
            count(*) FILTER (WHERE NOT is_new AND NOT attributes_changed AND item_ref NOT IN (SELECT item_ref FROM code_changes))::int AS unchanged,
            ((SELECT count(*) FROM items) - count(*) FILTER (WHERE NOT is_new))::int AS missing
     FROM items_changed`,
    params,
  );
  if (settings.mode === 'items') {
    const [value] = await db.query<{ before: string; after: string }>(
      `WITH ${ITEMS}
       SELECT coalesce(sum(round(s.qty * i.unit_cost, 4)), 0)::text AS before,
              coalesce(sum(round(s.qty * coalesce(a.unit_cost, i.unit_cost), 4)), 0)::text AS after
       FROM stock_lines s JOIN items i ON i.ref = s.item_ref LEFT JOIN items_after a ON a.item_ref = s.item_ref
       WHERE $3 = '' OR s.location_id = (SELECT id FROM locations WHERE code = $3)`,
      [...params, settings.location ?? ''],
    );
    return {
      locations,
      items: items ?? ZERO,
      lines: ZERO,
      movements: 0,
      valueBefore: money(value?.before),
      valueAfter: money(value?.after),
    };
  }
  const [lines] = await db.query<ImportCounts & { movements: number; before: string; after: string }>(
    `WITH ${ITEMS}, ${LINES}
     SELECT count(*) FILTER (WHERE in_file AND NOT in_stock)::int AS new,
            count(*) FILTER (WHERE in_file AND in_stock AND qty_after <> qty_before)::int AS changed,
            count(*) FILTER (WHERE in_file AND in_stock AND qty_after = qty_before)::int AS unchanged,
            count(*) FILTER (WHERE NOT in_file AND qty_before <> 0)::int AS missing,
            count(*) FILTER (WHERE qty_after <> qty_before)::int AS movements,
            coalesce(sum(round(qty_before * coalesce(i.unit_cost, 0), 4)), 0)::text AS before,
            coalesce(sum(round(qty_after * coalesce(a.unit_cost, i.unit_cost, 0), 4)), 0)::text AS after
     FROM lines LEFT JOIN items i ON i.ref = lines.item_ref LEFT JOIN items_after a ON a.item_ref = lines.item_ref`,
    params,
  );
  return {
    locations,
    items: items ?? ZERO,
    lines: lines
      ? { new: lines.new, changed: lines.changed, unchanged: lines.unchanged, missing: lines.missing }
      : ZERO,
    movements: lines?.movements ?? 0,
    valueBefore: money(lines?.before),
    valueAfter: money(lines?.after),
  };
}

/** numeric text → the API's money text, 4 decimals. */
const money = (v: string | undefined): string => {
  const [whole = '0', frac = ''] = (v ?? '0').split('.');
  return `${whole}.${frac.padEnd(4, '0').slice(0, 4)}`;
};
