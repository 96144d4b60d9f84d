/** The snapshot lines of an inventory, and "Ajouter réf.": lines added during the count. */
import { decimalToScaled, lineFromDto, packFromDto, type LineDto, type PackDto } from '../../core/api/dto';
import type { InventoryKind } from '../../core/inventory';
import type { InventoryLine } from '../../core/line';
import { summaryWithout, type UncountedSummary } from '../../core/recap';
import { makeLineKey, type LineKey } from '../../core/lineKey';
import { money, type Money } from '../../core/money';
import { qty } from '../../core/quantity';
import { formatMoney } from '../../core/money';
import type { Queryable } from '../db/database';
import { badRequest, conflict, HttpError, notFound } from '../http/errors';

interface LineRow {
  line_key: string;
  item_ref: string;
  designation: string;
  kind: InventoryKind;
  supplier: string | null;
  bin: string;
  lot: string;
  serial: string;
  barcodes: string[];
  packs: PackDto[];
  unit: string;
  expected_qty: string;
  unit_cost: string;
  added: boolean;
  decimals: boolean | null;
  cost_missing: boolean;
}

const LINE_COLUMNS = `line_key, item_ref, designation, kind, supplier, bin, lot, serial, barcodes, packs, unit,
  expected_qty::text AS expected_qty, unit_cost::text AS unit_cost, added, decimals, cost_missing`;

const toLine = (r: LineRow): InventoryLine => ({
  key: r.line_key as LineKey,
  itemRef: r.item_ref,
  designation: r.designation,
  kind: r.kind,
  supplier: r.supplier,
  bin: r.bin,
  lot: r.lot || null,
  serial: r.serial || null,
  barcodes: r.barcodes,
  packs: r.packs.map(packFromDto),
  unit: r.unit,
  expectedQty: qty(decimalToScaled(r.expected_qty, 3)),
  unitCost: money(decimalToScaled(r.unit_cost, 4)),
  added: r.added,
  ...(r.decimals === null ? {} : { decimals: r.decimals }),
  ...(r.cost_missing ? { costMissing: true } : {}),
});

/** One line as a `LineDto` JSON object, built by the database; `expected` and `cost` are SQL expressions. */
const lineFields = (expected: string, cost: string): string => `
  'key', line_key, 'itemRef', item_ref, 'designation', designation, 'kind', kind, 'supplier', supplier,
  'bin', bin, 'lot', nullif(lot, ''), 'serial', nullif(serial, ''), 'barcodes', barcodes, 'packs', packs, 'unit', unit,
  'expectedQty', ${expected}, 'unitCost', ${cost}, 'added', added`;
// `decimals` only on the few lines whose item says otherwise than its unit: 250,000 lines
// with "decimals":null would be 4 MB more to download for nothing. `costMissing` likewise,
// only on the few added lines still to be valued (migration 018).
const lineJson = (expected: string, cost: string): string => `CASE
  WHEN decimals IS NULL AND NOT cost_missing THEN json_build_object(${lineFields(expected, cost)})
  WHEN NOT cost_missing THEN json_build_object(${lineFields(expected, cost)}, 'decimals', decimals)
  WHEN decimals IS NULL THEN json_build_object(${lineFields(expected, cost)}, 'costMissing', true)
  ELSE json_build_object(${lineFields(expected, cost)}, 'decimals', decimals, 'costMissing', true) END`;

/**
 * The lines as the API sends them, serialised by PostgreSQL in one value: decoding
 * 250,000 rows one by one in the embedded driver costs seconds, one JSON text does not.
 * Field names and formats are those of `LineDto` (numeric::text is already canonical).
 */
export async function linesJson(
  db: Queryable,
  inventoryId: number,
  hideExpected: boolean,
  hideCost = false,
): Promise<string> {
  const [row] = await db.query<{ json: string }>(
    `SELECT coalesce(json_agg(${lineJson('CASE WHEN $2 THEN NULL ELSE expected_qty::text END', 'CASE WHEN $3 THEN NULL ELSE unit_cost::text END')}
       ORDER BY bin, item_ref, lot, serial), '[]')::text AS json
     FROM inventory_lines WHERE inventory_id = $1`,
    [inventoryId, hideExpected, hideCost],
  );
  return row?.json ?? '[]';
}

/** Lines a page of `linesJsonPages` holds: ~350 bytes each, some 2 MB of JSON a page. */
export const LINES_PAGE = 5000;

/**
 * The same JSON text as `linesJson`, byte for byte, in pieces: the lines are read a page
 * at a time in the list's order, each page starting after the last line of the one before
 * (the index of migration 016), so the server holds a page, never the whole list (at
 * 600,000 lines the one text was 200 MB, and the server grew by ~770 MB serving it). No
 * transaction holds a connection while a phone downloads: a line added meanwhile is in
 * the list if it sorts after the page being read, as it would be in a list read a moment
 * later; snapshot lines never change. The first page is read before this returns, so a
 * database error is still an error answer, not a cut body.
 */
export async function linesJsonPages(
  db: Queryable,
  inventoryId: number,
  hideExpected: boolean,
  hideCost = false,
  pageSize = LINES_PAGE,
  addedOnly = false,
): Promise<AsyncIterable<string>> {
  const pages = linePages(db, inventoryId, hideExpected, hideCost, pageSize, addedOnly);
  const first = await pages.next();
  return (async function* () {
    yield '[';
    if (!first.done) {
      // json_agg separates its elements with ", ": the same bytes.
      yield first.value;
      for await (const page of pages) yield `, ${page}`;
    }
    yield ']';
  })();
}

/**
 * The lines in the list's order, a page at a time: each page the LineDto objects of up to
 * `pageSize` lines as JSON text, separated by ", " (no brackets), each page starting after
 * the last line of the one before (the index of migration 016). `addedOnly`: the lines
 * added during the count alone (a phone learning the lines another phone added), the
 * filter written into the text as a constant, never a parameter: the whole list keeps its
 * plan, and this one can use the partial index of the added lines (migration 008).
 */
async function* linePages(
  db: Queryable,
  inventoryId: number,
  hideExpected: boolean,
  hideCost: boolean,
  pageSize: number,
  addedOnly = false,
): AsyncGenerator<string> {
  const added = addedOnly ? ' AND added' : '';
  let after: readonly string[] | null = null;
  for (;;) {
    const [row]: { json: string | null; n: number; last: string[] | null }[] = await db.query(
      `WITH page AS (
         SELECT bin, item_ref, lot, serial,
                ${lineJson('CASE WHEN $2 THEN NULL ELSE expected_qty::text END', 'CASE WHEN $3 THEN NULL ELSE unit_cost::text END')}::text AS j
         FROM inventory_lines
         WHERE inventory_id = $1${added} AND ($5::text[] IS NULL OR (bin, item_ref, lot, serial) > ($5[1], $5[2], $5[3], $5[4]))
         ORDER BY bin, item_ref, lot, serial LIMIT $4)
       SELECT string_agg(j, ', ' ORDER BY bin, item_ref, lot, serial) AS json, count(*)::int AS n,
              (SELECT ARRAY[bin, item_ref, lot, serial] FROM page
               ORDER BY bin DESC, item_ref DESC, lot DESC, serial DESC LIMIT 1) AS last
       FROM page`,
      [inventoryId, hideExpected, hideCost, pageSize, after],
    );
    if (!row?.json) return;
    yield row.json;
    if (row.n < pageSize) return;
    after = row.last;
  }
}

/**
 * A chunk's fields, in the order of the text: the field name and the SQL of one line's
 * value. The JSON of a chunk is a `LineColumnsDto` (core/api/dto.ts), the layout the
 * phone stores (app/db/chunkColumns.ts), so the phone stores the text as it comes.
 */
const chunkFields = (expected: string, cost: string): readonly (readonly [string, string])[] => [
  ['key', 'line_key'],
  ['itemRef', 'item_ref'],
  ['designation', 'designation'],
  ['kind', 'kind'],
  ['supplier', 'supplier'],
  ['bin', 'bin'],
  ['lot', "nullif(lot, '')"],
  ['serial', "nullif(serial, '')"],
  ['barcodes', 'barcodes'],
  ['packs', 'packs'],
  ['unit', 'unit'],
  ['expectedQty', expected],
  ['unitCost', cost],
  ['added', 'added::int'],
  ['decimals', 'decimals'],
  // null, not false, on a line with its cost: what the phone stored of the objects' absent field.
  ['costMissing', 'CASE WHEN cost_missing THEN true END'],
];

/**
 * The JSON text of one chunk, built by the database from a group of rows numbered `rn` in
 * the list's order. Every aggregate has the same ORDER BY: the planner sorts the rows once
 * for all of them (PostgreSQL 16's presorted aggregates). json_agg, not
 * array_to_json(array_agg(…)): 15 % faster on the embedded database for 10 % more bytes
 * (its ", " separators).
 */
const chunkJson = (expected: string, cost: string): string =>
  chunkFields(expected, cost)
    .map(([name, value], i) => `'${i === 0 ? '{' : ','}"${name}":' || json_agg(${value} ORDER BY rn)::text`)
    .join(' || ') + " || '}'";

/** Lines read per query of `lineChunks`, in whole chunks: one query per chunk of 2,000 cost 2.3× as much. */
const CHUNKS_PAGE_LINES = 10_000;

/**
 * The lines in the list's order as chunks of `chunkLines` lines, each the JSON text of a
 * `LineColumnsDto` (one array per field), as the JSON array the columns route answers.
 * Read a page of whole chunks at a time as `linesJsonPages` reads its pages (each
 * starting after the last line of the one before; the server holds a page); the first
 * page is read before this returns, so a database error is still an error answer.
 */
export async function lineChunksJson(
  db: Queryable,
  inventoryId: number,
  hideExpected: boolean,
  hideCost: boolean,
  chunkLines: number,
  pageLines = CHUNKS_PAGE_LINES,
): Promise<AsyncIterable<string>> {
  const pages = lineChunkPages(db, inventoryId, hideExpected, hideCost, chunkLines, pageLines);
  const first = await pages.next();
  return (async function* () {
    yield '[';
    if (!first.done) {
      yield first.value;
      for await (const page of pages) yield `,${page}`;
    }
    yield ']';
  })();
}

/** The chunks of `lineChunksJson`, a page of them at a time, separated by commas (no brackets). */
async function* lineChunkPages(
  db: Queryable,
  inventoryId: number,
  hideExpected: boolean,
  hideCost: boolean,
  chunkLines: number,
  pageLines: number,
): AsyncGenerator<string> {
  const pageSize = chunkLines * Math.max(1, Math.floor(pageLines / chunkLines));
  const columns = chunkJson(
    'CASE WHEN $2 THEN NULL ELSE expected_qty::text END',
    'CASE WHEN $3 THEN NULL ELSE unit_cost::text END',
  );
  let after: readonly string[] | null = null;
  for (;;) {
    const rows: { json: string; n: number; last: string[] }[] = await db.query(
      `WITH page AS (
         SELECT line_key, item_ref, designation, kind, supplier, bin, lot, serial, barcodes, packs, unit,
                expected_qty, unit_cost, added, decimals, cost_missing,
                row_number() OVER (ORDER BY bin, item_ref, lot, serial) - 1 AS rn
         FROM inventory_lines
         WHERE inventory_id = $1 AND ($5::text[] IS NULL OR (bin, item_ref, lot, serial) > ($5[1], $5[2], $5[3], $5[4]))
         ORDER BY bin, item_ref, lot, serial LIMIT $4)
       SELECT ${columns} AS json, count(*)::int AS n,
              (SELECT ARRAY[bin, item_ref, lot, serial] FROM page ORDER BY rn DESC LIMIT 1) AS last
       FROM page GROUP BY rn / $6 ORDER BY rn / $6`,
      [inventoryId, hideExpected, hideCost, pageSize, after, chunkLines],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => r.json).join(',');
    const lines = rows.reduce((sum, r) => sum + r.n, 0);
    if (lines < pageSize) return;
    after = rows[0]!.last;
  }
}

/**
 * Every line of the inventory (the server's own build of an export, a recap), read a page
 * at a time, with a turn of the event loop between pages: the embedded database runs a
 * query on the event loop, and reading 250,000 lines in one query held every other
 * request for 16 s while the server vouched for an uploaded before ZIP.
 */
export async function getLines(db: Queryable, inventoryId: number): Promise<InventoryLine[]> {
  const lines: InventoryLine[] = [];
  for await (const page of linePages(db, inventoryId, false, false, LINES_PAGE)) {
    for (const l of JSON.parse(`[${page}]`) as LineDto[]) lines.push(lineFromDto(l));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return lines;
}

/** A line (`l`, a row of inventory_lines) holds a count when one of its registers has a quantity (see core's lineCounts). */
export const COUNTED_LINE = `EXISTS (SELECT 1 FROM count_registers r
  WHERE r.inventory_id = l.inventory_id AND r.line_key = l.line_key AND r.qty IS NOT NULL)`;

/** One line as the recap needs it, as a JSON array: see `RecapRow`. */
const RECAP_ROW = `json_build_array(line_key, item_ref, designation, kind, supplier, bin, nullif(lot, ''),
  nullif(serial, ''), unit, expected_qty::text, unit_cost::text, added, cost_missing)`;

type RecapRow = [
  key: string,
  itemRef: string,
  designation: string,
  kind: InventoryKind,
  supplier: string | null,
  bin: string,
  lot: string | null,
  serial: string | null,
  unit: string,
  expected: string,
  unitCost: string,
  added: boolean,
  costMissing: boolean,
];

const recapRowToLine = ([
  key,
  itemRef,
  designation,
  kind,
  supplier,
  bin,
  lot,
  serial,
  unit,
  expected,
  unitCost,
  added,
  costMissing,
]: RecapRow): InventoryLine => ({
  key: key as LineKey,
  itemRef,
  designation,
  kind,
  supplier,
  bin,
  lot,
  serial,
  // A recap shows neither barcodes nor packs: not read (they were a third of the JSON).
  barcodes: [],
  unit,
  expectedQty: qty(decimalToScaled(expected, 3)),
  unitCost: money(decimalToScaled(unitCost, 4)),
  added,
  ...(costMissing ? { costMissing } : {}),
});

/**
 * The lines a recap lists without reading every line: the counted ones, and the first
 * `limit` uncounted ones in recap order (bin, reference, lot, serial; byte order, as
 * core's compareLines, which sorts them again). Read as arrays, not objects, without
 * barcodes and packs: at 20,000 counted lines that halves the JSON the database builds
 * and this process parses.
 */
export async function recapLines(
  db: Queryable,
  inventoryId: number,
  which: { readonly counted: true } | { readonly uncountedFirst: number },
): Promise<InventoryLine[]> {
  const filter =
    'counted' in which
      ? `AND ${COUNTED_LINE}`
      : `AND NOT ${COUNTED_LINE} ORDER BY bin COLLATE "C", item_ref COLLATE "C", lot COLLATE "C", serial COLLATE "C" LIMIT $2`;
  const [row] = await db.query<{ json: string }>(
    `SELECT coalesce(json_agg(${RECAP_ROW}), '[]')::text AS json
     FROM (SELECT * FROM inventory_lines l WHERE inventory_id = $1 ${filter}) l`,
    'counted' in which ? [inventoryId] : [inventoryId, which.uncountedFirst],
  );
  return (JSON.parse(row?.json ?? '[]') as RecapRow[]).map(recapRowToLine);
}

/**
 * Sums of lines as the recap needs them (each value rounded per line, as lineValue): one
 * definition for the snapshot's totals (createInventory) and the added lines' (below).
 * Migration 008 wrote the same for older inventories.
 */
export const LINE_SUMS = `count(*)::int AS lines, coalesce(sum(expected_qty), 0) AS expected,
  coalesce(sum(round(expected_qty * unit_cost, 4)), 0) AS expected_value,
  (count(*) FILTER (WHERE expected_qty <> 0))::int AS non_zero`;

/**
 * The sums of the uncounted lines, for the recap's totals: the snapshot's sums (kept on
 * the inventory row, migration 008; per unit, migration 017) and the added lines' (few,
 * found by a partial index), less the `counted` lines — which must be every counted line, as recapLines reads them.
 * No scan of every line.
 */
export async function uncountedSummary(
  db: Queryable,
  inventoryId: number,
  counted: readonly InventoryLine[],
): Promise<UncountedSummary> {
  return summaryWithout(await linesSummary(db, inventoryId), counted);
}

/** The sums of EVERY line of the inventory (counted or not), as uncountedSummary reads them. */
export async function linesSummary(db: Queryable, inventoryId: number): Promise<UncountedSummary> {
  // One statement, one read of the added lines (per unit): the totals add them up, the
  // units add them to the snapshot's per unit.
  const [row] = await db.query<{
    lines: number;
    expected: string;
    expected_value: string;
    non_zero: number;
    units: string;
  }>(
    `WITH a AS (SELECT unit, ${LINE_SUMS} FROM inventory_lines WHERE inventory_id = $1 AND added GROUP BY unit),
          u AS (SELECT unit, sum(lines)::int AS lines, sum(expected)::numeric(20, 3)::text AS expected
                FROM (SELECT unit, lines, expected FROM inventory_unit_sums WHERE inventory_id = $1
                      UNION ALL SELECT unit, lines, expected FROM a) s
                GROUP BY unit)
     SELECT i.snapshot_lines + (SELECT coalesce(sum(lines), 0)::int FROM a) AS lines,
            (i.snapshot_expected + (SELECT coalesce(sum(expected), 0) FROM a))::numeric(20, 3)::text AS expected,
            (i.snapshot_expected_value + (SELECT coalesce(sum(expected_value), 0) FROM a))::numeric(24, 4)::text
              AS expected_value,
            i.snapshot_non_zero + (SELECT coalesce(sum(non_zero), 0)::int FROM a) AS non_zero,
            (SELECT coalesce(json_agg(u), '[]') FROM u)::text AS units
     FROM inventories i
     WHERE i.id = $1`,
    [inventoryId],
  );
  if (!row) throw notFound(`Inventory ${inventoryId}`);
  const units = JSON.parse(row.units) as { unit: string; lines: number; expected: string }[];
  return {
    lines: row.lines,
    expected: qty(decimalToScaled(row.expected, 3)),
    expectedValue: money(decimalToScaled(row.expected_value, 4)),
    nonZeroLines: row.non_zero,
    byUnit: units.map((u) => ({ unit: u.unit, lines: u.lines, expected: qty(decimalToScaled(u.expected, 3)) })),
  };
}

/** What the snapshot says of these keys: enough to validate count events. */
export async function lineRules(
  db: Queryable,
  inventoryId: number,
  keys: readonly string[],
): Promise<Map<string, { serial: string | null; unit: string; bin: string; decimals?: boolean }>> {
  const rows = await db.query<{
    line_key: string;
    serial: string;
    unit: string;
    bin: string;
    decimals: boolean | null;
  }>(
    'SELECT line_key, serial, unit, bin, decimals FROM inventory_lines WHERE inventory_id = $1 AND line_key = ANY($2)',
    [inventoryId, keys],
  );
  return new Map(
    rows.map((r) => [
      r.line_key,
      { serial: r.serial || null, unit: r.unit, bin: r.bin, ...(r.decimals === null ? {} : { decimals: r.decimals }) },
    ]),
  );
}

export interface AddLineInput {
  readonly inventoryId: number;
  readonly kind: InventoryKind;
  readonly itemRef: string | null;
  readonly barcode: string | null;
  readonly designation: string | null;
  readonly supplier: string | null;
  readonly unit: string | null;
  readonly unitCost: Money | null;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly by: string;
}

/**
 * Adds a line for an item found on the shelf but missing from the list: an existing
 * catalogue item (by reference or barcode) or a brand-new reference (created in the
 * catalogue only when the inventory is applied). Adding a line that already exists
 * returns it unchanged, so a retried request never makes a second line.
 */
export async function addLine(tx: Queryable, input: AddLineInput): Promise<{ line: InventoryLine; created: boolean }> {
  const item = await findItem(tx, input.itemRef, input.barcode);
  if (!item && !input.itemRef) {
    throw notFound(`No item has the barcode ${input.barcode}; give a reference and a designation to add a new one`);
  }
  if (!item && !input.designation) {
    throw new HttpError(
      400,
      'designation_required',
      `Item ${input.itemRef} is not in the catalogue: give its designation to add it as a new reference.`,
    );
  }
  if (item && item.kind !== input.kind) {
    throw new HttpError(
      400,
      'wrong_kind',
      `Item ${item.ref} is one of the ${item.kind}, but this inventory counts ${input.kind}.`,
    );
  }
  const tracking = item?.tracking ?? (input.serial ? 'serial' : input.lot ? 'lot' : 'none');
  if (tracking === 'serial' && !input.serial) {
    throw new HttpError(
      400,
      'serial_required',
      `Item ${item?.ref ?? input.itemRef} is serial-tracked: give the serial number.`,
    );
  }
  if (tracking === 'lot' && !input.lot) {
    throw new HttpError(400, 'lot_required', `Item ${item?.ref ?? input.itemRef} is lot-tracked: give the lot.`);
  }
  const itemRef = item?.ref ?? (input.itemRef as string);
  const key = makeLineKey({ itemRef, bin: input.bin, lot: input.lot, serial: input.serial });
  const [existing] = await tx.query<LineRow>(
    `SELECT ${LINE_COLUMNS} FROM inventory_lines WHERE inventory_id = $1 AND line_key = $2`,
    [input.inventoryId, key],
  );
  if (existing) return { line: toLine(existing), created: false };
  const [row] = await tx.query<LineRow>(
    `INSERT INTO inventory_lines (inventory_id, line_key, item_ref, designation, kind, supplier, bin, lot, serial, barcodes,
                                  packs, unit, expected_qty, unit_cost, added, added_by, added_at, decimals, cost_missing)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, decompte_item_packs($3), $11, 0, $12, true, $13, now(),
             (SELECT nullif(decimals, decompte_unit_decimals(unit)) FROM items WHERE ref = $3), $14)
     RETURNING ${LINE_COLUMNS}`,
    [
      input.inventoryId,
      key,
      itemRef,
      item?.designation ?? input.designation,
      input.kind,
      item ? item.supplier : input.supplier,
      input.bin,
      input.lot ?? '',
      input.serial ?? '',
      item?.barcodes ?? (input.barcode ? [input.barcode] : []),
      item?.unit ?? input.unit ?? 'pcs',
      item?.unit_cost ?? formatMoney(input.unitCost ?? money(0n)),
      input.by,
      // A catalogue item's cost is known; a new reference's is when the counter gave it.
      !item && input.unitCost === null,
    ],
  );
  if (!row) throw new Error('insert returned no row');
  return { line: toLine(row), created: true };
}

/**
 * Values a new reference added during the count (PUT /line-cost): sets its unit cost and
 * clears its `costMissing` mark. Only a line added as a new reference (its item not in
 * the catalogue: new items join it when the inventory is applied): a snapshot line's or
 * a catalogue item's cost is the catalogue's, and the before ZIP already holds it. The
 * caller holds the inventory's row lock and has checked its status.
 */
export async function setLineCost(
  tx: Queryable,
  inventoryId: number,
  lineKey: string,
  unitCost: Money,
): Promise<InventoryLine> {
  const [line] = await tx.query<{ added: boolean; catalogued: boolean }>(
    `SELECT added, EXISTS (SELECT 1 FROM items WHERE ref = l.item_ref) AS catalogued
     FROM inventory_lines l WHERE inventory_id = $1 AND line_key = $2`,
    [inventoryId, lineKey],
  );
  if (!line) throw badRequest('unknown_line', `Line ${lineKey.slice(0, 200)} is not in this inventory.`, { lineKey });
  if (!line.added || line.catalogued) {
    throw conflict(
      'cost_known',
      `Line ${lineKey.slice(0, 200)} is a catalogue item's: its unit cost is the catalogue's, not set here.`,
    );
  }
  const [row] = await tx.query<LineRow>(
    `UPDATE inventory_lines SET unit_cost = $3, cost_missing = false
     WHERE inventory_id = $1 AND line_key = $2 RETURNING ${LINE_COLUMNS}`,
    [inventoryId, lineKey, formatMoney(unitCost)],
  );
  if (!row) throw new Error('update returned no row');
  return toLine(row);
}

/** The keys of the lines still to be valued (costMissing), in recap order. */
export async function unvaluedLines(db: Queryable, inventoryId: number): Promise<string[]> {
  const rows = await db.query<{ line_key: string }>(
    `SELECT line_key FROM inventory_lines WHERE inventory_id = $1 AND added AND cost_missing
     ORDER BY bin COLLATE "C", item_ref COLLATE "C", lot COLLATE "C", serial COLLATE "C"`,
    [inventoryId],
  );
  return rows.map((r) => r.line_key);
}

interface ItemRow {
  ref: string;
  designation: string;
  kind: InventoryKind;
  supplier: string | null;
  unit: string;
  tracking: 'none' | 'lot' | 'serial';
  unit_cost: string;
  barcodes: string[];
}

async function findItem(db: Queryable, ref: string | null, barcode: string | null): Promise<ItemRow | null> {
  const [row] = await db.query<ItemRow>(
    `SELECT i.ref, i.designation, i.kind, i.supplier, i.unit, i.tracking, i.unit_cost::text AS unit_cost,
            coalesce((SELECT array_agg(barcode ORDER BY barcode) FROM item_barcodes WHERE item_ref = i.ref), '{}') AS barcodes
     FROM items i
     WHERE ($1::text IS NOT NULL AND i.ref = $1)
        OR ($1::text IS NULL AND i.ref = (SELECT item_ref FROM item_barcodes WHERE barcode = $2))`,
    [ref, barcode],
  );
  return row ?? null;
}
