/**
 * The SQL the checks, the preview and the import share, so the figures a preview shows
 * are computed exactly as the import applies them. $1 is always the import's id, $2 the
 * kind given to new items whose file says none.
 *
 * - FILE_ITEMS: one row per reference of the file, with what the file says of it (after
 *   the conflict check, every row of a reference says the same or nothing).
 * - ITEMS: those references as they will be: the file's word where it gives one, else the
 *   catalogue's, else the defaults; `is_new`, `changed`.
 * - CODES: every barcode of the file (pack barcodes with their quantity, others 1).
 * - LINES: the stock lines of the file's locations, file against database, with the
 *   quantity and unit cost before and after.
 */
export const FILE_ITEMS = `file_items AS (
  SELECT item_ref, min(row_no) AS first_row, min(designation) AS designation, min(kind) AS kind, min(unit) AS unit,
         bool_or(decimals) AS decimals, min(unit_cost) AS unit_cost, min(supplier) AS supplier, min(tracking) AS tracking,
         bool_or(serial <> '') AS has_serial, bool_or(lot <> '') AS has_lot
  FROM import_rows WHERE import_id = $1 GROUP BY item_ref)`;

export const ITEMS = `${FILE_ITEMS},
items_after AS (
  SELECT f.item_ref, f.first_row, i.ref IS NULL AS is_new,
         coalesce(f.designation, i.designation, f.item_ref) AS designation,
         f.designation IS NULL AND i.ref IS NULL AS no_designation,
         coalesce(f.kind, i.kind, $2) AS kind,
         coalesce(f.unit, i.unit, 'pcs') AS unit,
         coalesce(f.decimals, CASE WHEN f.unit IS NULL AND i.ref IS NOT NULL THEN i.decimals
                                   ELSE decompte_unit_decimals(coalesce(f.unit, 'pcs')) END) AS decimals,
         coalesce(f.unit_cost, i.unit_cost, 0) AS unit_cost,
         CASE WHEN f.supplier IS NULL THEN i.supplier ELSE f.supplier END AS supplier,
         coalesce(f.tracking, i.tracking,
                  CASE WHEN f.has_serial THEN 'serial' WHEN f.has_lot THEN 'lot' ELSE 'none' END) AS tracking,
         i.designation AS old_designation, i.kind AS old_kind, i.unit AS old_unit, i.decimals AS old_decimals,
         i.unit_cost AS old_unit_cost, i.supplier AS old_supplier, i.tracking AS old_tracking
  FROM file_items f LEFT JOIN items i ON i.ref = f.item_ref),
items_changed AS (
  SELECT * , NOT is_new AND (designation IS DISTINCT FROM old_designation OR kind IS DISTINCT FROM old_kind
    OR unit IS DISTINCT FROM old_unit OR decimals IS DISTINCT FROM old_decimals OR unit_cost IS DISTINCT FROM old_unit_cost
    OR supplier IS DISTINCT FROM old_supplier OR tracking IS DISTINCT FROM old_tracking) AS attributes_changed
  FROM items_after)`;

export const CODES = `codes AS (
  SELECT DISTINCT ON (code, item_ref) code, item_ref, row_no, qty FROM (
    SELECT unnest(barcodes) AS code, item_ref, row_no, 1::numeric(16, 3) AS qty FROM import_rows WHERE import_id = $1
    UNION ALL
    SELECT pack_code, item_ref, row_no, pack_qty FROM import_rows WHERE import_id = $1 AND pack_code IS NOT NULL
  ) c ORDER BY code, item_ref, row_no)`;

/** The file's locations that exist (id, code), for the stock lines compared. */
export const FILE_LOCATIONS = `file_locations AS (
  SELECT l.id, l.code FROM locations l WHERE l.code IN (SELECT DISTINCT location FROM import_rows WHERE import_id = $1))`;

export const LINES = `${FILE_LOCATIONS},
file_lines AS (
  SELECT location, item_ref, bin, lot, serial, coalesce(qty, 0) AS qty FROM import_rows WHERE import_id = $1),
current_lines AS (
  SELECT fl.code AS location, s.item_ref, s.bin, s.lot, s.serial, s.qty
  FROM stock_lines s JOIN file_locations fl ON fl.id = s.location_id),
lines AS (
  SELECT coalesce(f.location, c.location) AS location, coalesce(f.item_ref, c.item_ref) AS item_ref,
         coalesce(f.bin, c.bin) AS bin, coalesce(f.lot, c.lot) AS lot, coalesce(f.serial, c.serial) AS serial,
         f.item_ref IS NOT NULL AS in_file, c.item_ref IS NOT NULL AS in_stock,
         coalesce(c.qty, 0) AS qty_before, coalesce(f.qty, 0) AS qty_after
  FROM file_lines f
  FULL JOIN current_lines c
    ON c.location = f.location AND c.item_ref = f.item_ref AND c.bin = f.bin AND c.lot = f.lot AND c.serial = f.serial)`;
