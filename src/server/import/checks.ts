/**
 * The checks one row cannot make, run on the staged rows (and the catalogue) in SQL: the
 * same stock line twice, a reference described two ways, a barcode on two items (in the
 * file or against the catalogue), a serial number in two places, a tracked item without
 * its lot or serial, a decimal quantity of an item counted in whole units. Each finding
 * names its row and column. Clean files pay one cheap query per check; the detailed
 * queries run only for the references a check found.
 */
import type { ImportField } from '../../core/import/fields';
import { IssueList, type ImportErrorCode } from '../../core/import/issues';
import type { ImportSettings } from '../../core/import/preview';
import type { Queryable } from '../db/database';
import { CODES, ITEMS } from './sql';

type Find = { row_no: number; field: ImportField | null; code: ImportErrorCode; message: string };

const ATTRIBUTES: readonly (readonly [ImportField, string])[] = [
  ['designation', 'designation'],
  ['kind', 'kind'],
  ['unit', 'unit'],
  ['decimals', 'decimals'],
  ['unitCost', 'unit_cost'],
  ['supplier', 'supplier'],
  ['tracking', 'tracking'],
];

export async function checkStaged(
  db: Queryable,
  importId: number,
  settings: ImportSettings,
  errors: IssueList<ImportErrorCode>,
): Promise<void> {
  const params = [importId, settings.defaultKind];
  const found: Find[] = [];
  const add = (rows: readonly Find[]): void => void found.push(...rows);

  add(await conflictingItems(db, importId));
  if (settings.mode === 'replace') {
    add(
      await db.query<Find>(
        `SELECT row_no, 'itemRef' AS field, 'duplicate_line' AS code,
                'the same stock line as row ' || first_row || ' (' || item_ref || ', bin ' || bin ||
                CASE WHEN lot <> '' THEN ', lot ' || lot ELSE '' END ||
                CASE WHEN serial <> '' THEN ', serial ' || serial ELSE '' END || ')' AS message
         FROM (SELECT row_no, item_ref, bin, lot, serial,
                      min(row_no) OVER w AS first_row, count(*) OVER w AS n
               FROM import_rows WHERE import_id = $1
               WINDOW w AS (PARTITION BY location, item_ref, bin, lot, serial)) t
         WHERE n > 1 AND row_no > first_row`,
        [importId],
      ),
    );
    add(
      await db.query<Find>(
        `SELECT max_row AS row_no, 'serial' AS field, 'serial_twice' AS code,
                'serial number ' || serial || ' of ' || item_ref || ' is in stock on two lines (rows ' || min_row || ' and ' || max_row || ')' AS message
         FROM (SELECT item_ref, serial, min(row_no) AS min_row, max(row_no) AS max_row, count(*) AS n
               FROM import_rows WHERE import_id = $1 AND serial <> '' AND qty > 0
               GROUP BY item_ref, serial) t
         WHERE n > 1`,
        [importId],
      ),
    );
    add(
      await db.query<Find>(
        `WITH ${ITEMS}
         SELECT r.row_no, CASE WHEN a.tracking = 'serial' THEN 'serial' ELSE 'lot' END AS field,
                CASE WHEN a.tracking = 'serial' THEN 'serial_required' ELSE 'lot_required' END AS code,
                r.item_ref || ' is tracked by ' || CASE WHEN a.tracking = 'serial' THEN 'serial number' ELSE 'lot' END
                  || ': this row gives none' AS message
         FROM import_rows r JOIN items_after a USING (item_ref)
         WHERE r.import_id = $1 AND ((a.tracking = 'serial' AND r.serial = '') OR (a.tracking = 'lot' AND r.lot = ''))`,
        params,
      ),
    );
    add(
      await db.query<Find>(
        `WITH ${ITEMS}
         SELECT r.row_no, 'qty' AS field, 'whole_quantity' AS code,
                r.qty::text || ' ' || a.unit || ' of ' || r.item_ref || ': this item is counted in whole numbers' AS message
         FROM import_rows r JOIN items_after a USING (item_ref)
         WHERE r.import_id = $1 AND NOT a.decimals AND r.qty <> trunc(r.qty)`,
        params,
      ),
    );
  }
  add(
    await db.query<Find>(
      `WITH ${CODES}
       SELECT min(row_no) AS row_no, 'barcode' AS field, 'barcode_two_items' AS code,
              'barcode ' || code || ' is given to ' || string_agg(DISTINCT item_ref, ' and ') ||
              CASE WHEN count(DISTINCT item_ref) = 1 THEN ' with two pack quantities' ELSE '' END AS message
       FROM codes GROUP BY code HAVING count(DISTINCT item_ref) > 1 OR count(DISTINCT qty) > 1`,
      [importId],
    ),
  );
  add(
    await db.query<Find>(
      `WITH ${CODES}
       SELECT c.row_no, 'barcode' AS field, 'barcode_taken' AS code,
              'barcode ' || c.code || ' already belongs to item ' || b.item_ref || ' in the catalogue' AS message
       FROM codes c JOIN item_barcodes b ON b.barcode = c.code WHERE b.item_ref <> c.item_ref`,
      [importId],
    ),
  );
  add(
    await db.query<Find>(
      `SELECT min(row_no) AS row_no, 'locationName' AS field, 'conflicting_item' AS code,
              'location ' || location || ' is named two ways: ' || string_agg(DISTINCT location_name, ' / ') AS message
       FROM import_rows WHERE import_id = $1 AND location_name IS NOT NULL
       GROUP BY location HAVING count(DISTINCT location_name) > 1`,
      [importId],
    ),
  );
  found.sort((a, b) => a.row_no - b.row_no);
  for (const f of found) {
    const column = f.field === null ? -1 : settings.mapping.findIndex((m) => m.field === f.field);
    errors.add({
      row: f.row_no,
      column: column >= 0 ? column : null,
      header: column >= 0 ? (settings.mapping[column]?.header ?? null) : null,
      code: f.code,
      message: f.message,
    });
  }
}

/** A reference whose rows say two different things about it: one finding per reference and field. */
async function conflictingItems(db: Queryable, importId: number): Promise<Find[]> {
  const distinct = ATTRIBUTES.map(([, col]) => `count(DISTINCT ${col}) > 1`).join(' OR ');
  const offenders = await db.query<{ item_ref: string }>(
    `SELECT item_ref FROM import_rows WHERE import_id = $1 GROUP BY item_ref HAVING ${distinct} LIMIT 1000`,
    [importId],
  );
  if (offenders.length === 0) return [];
  const refs = offenders.map((o) => o.item_ref);
  const found: Find[] = [];
  for (const [field, col] of ATTRIBUTES) {
    found.push(
      ...(await db.query<Find>(
        `WITH firsts AS (
           SELECT DISTINCT ON (item_ref) item_ref, row_no, ${col} AS v FROM import_rows
           WHERE import_id = $1 AND item_ref = ANY($2) AND ${col} IS NOT NULL ORDER BY item_ref, row_no)
         SELECT min(r.row_no) AS row_no, '${field}' AS field, 'conflicting_item' AS code,
                '${col.replace('_', ' ')} of ' || r.item_ref || ' is "' || (array_agg(r.${col}::text ORDER BY r.row_no))[1]
                  || '" here and "' || f.v::text || '" on row ' || f.row_no AS message
         FROM import_rows r JOIN firsts f USING (item_ref)
         WHERE r.import_id = $1 AND r.item_ref = ANY($2) AND r.${col} IS DISTINCT FROM f.v AND r.${col} IS NOT NULL
         GROUP BY r.item_ref, f.v, f.row_no`,
        [importId, refs],
      )),
    );
  }
  return found;
}
