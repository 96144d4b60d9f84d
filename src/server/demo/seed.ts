/**
 * Seeds an empty database with the demo dataset: two locations, a catalogue, stock, and
 * the four demo users (password "demo") — which exist ONLY in this dataset.
 */
import type { Database, Queryable } from '../db/database';
import { hashPassword } from '../auth/passwords';
import { saveUser } from '../repos/users';
import { bins, makeItem, makeStock, prng, type DemoItem, type DemoStockLine } from './catalogue';

export const DEMO_USERS = [
  { username: 'superviseur', role: 'supervisor' },
  { username: 'compteur', role: 'counter' },
  { username: 'comptable', role: 'accountant' },
  { username: 'admin', role: 'admin' },
] as const;
export const DEMO_PASSWORD = 'demo';

const BATCH = 5000;

/** Returns false (and changes nothing) when the database already has locations. */
export async function seedDemo(
  db: Database,
  options: { lines: number; onProgress?: (done: number, total: number) => void },
): Promise<boolean> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM locations');
  if ((existing?.n ?? 0) > 0) return false;
  const random = prng(2026);
  const mainLines = Math.max(options.lines, 1);
  const itemCount = Math.max(200, Math.ceil(mainLines / 3));
  const items = Array.from({ length: itemCount }, (_, n) => makeItem(n + 1, random));
  const mainBins = bins(12, 20, 5);
  const shopBins = bins(3, 10, 4);
  const mainStock = makeStock(items, mainBins, mainLines, random);
  const shopStock = makeStock(items.slice(0, 400), shopBins, 800, random);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const seeded = await db.transaction(async (tx) => {
    // Several server processes may start at once on an empty PostgreSQL: one seeds.
    await tx.query('SELECT pg_advisory_xact_lock(7302)');
    const [again] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM locations');
    if ((again?.n ?? 0) > 0) return false;
    const [main] = await tx.query<{ id: number }>(
      `INSERT INTO locations (code, name) VALUES ('DEP-01', 'Dépôt central') RETURNING id`,
    );
    const [shop] = await tx.query<{ id: number }>(
      `INSERT INTO locations (code, name) VALUES ('MAG-02', 'Magasin atelier') RETURNING id`,
    );
    if (!main || !shop) throw new Error('locations not created');
    for (const [id, codes] of [
      [main.id, mainBins],
      [shop.id, shopBins],
    ] as const) {
      await tx.query(`INSERT INTO bins (location_id, code) SELECT $1, unnest($2::text[])`, [id, codes]);
    }
    const total = items.length + mainStock.length + shopStock.length;
    let done = 0;
    for (let i = 0; i < items.length; i += BATCH) {
      await insertItems(tx, items.slice(i, i + BATCH));
      options.onProgress?.((done += Math.min(BATCH, items.length - i)), total);
    }
    for (const [id, stock] of [
      [main.id, mainStock],
      [shop.id, shopStock],
    ] as const) {
      for (let i = 0; i < stock.length; i += BATCH) {
        await insertStock(tx, id, stock.slice(i, i + BATCH));
        options.onProgress?.((done += Math.min(BATCH, stock.length - i)), total);
      }
    }
    for (const u of DEMO_USERS) await saveUser(tx, { ...u, passwordHash });
    return true;
  });
  if (!seeded) return false;
  // Fresh statistics, so the planner sees thousands of rows rather than guessing.
  await db.exec('ANALYZE');
  return true;
}

async function insertItems(tx: Queryable, items: readonly DemoItem[]): Promise<void> {
  await tx.query(
    `INSERT INTO items (ref, designation, kind, supplier, unit, tracking, unit_cost)
     SELECT ref, designation, kind, supplier, unit, tracking, unit_cost
     FROM json_to_recordset($1::json) AS x(ref text, designation text, kind text, supplier text, unit text, tracking text, unit_cost numeric)`,
    [JSON.stringify(items.map((i) => ({ ...i, unit_cost: i.unitCost, barcodes: undefined })))],
  );
  await tx.query(
    `INSERT INTO item_barcodes (barcode, item_ref, pack_qty)
     SELECT barcode, item_ref, pack_qty FROM json_to_recordset($1::json) AS x(barcode text, item_ref text, pack_qty numeric)`,
    [
      JSON.stringify(
        items.flatMap((i) => i.barcodes.map((b) => ({ barcode: b.code, item_ref: i.ref, pack_qty: b.packQty }))),
      ),
    ],
  );
}

async function insertStock(tx: Queryable, locationId: number, lines: readonly DemoStockLine[]): Promise<void> {
  await tx.query(
    `INSERT INTO stock_lines (location_id, item_ref, bin, lot, serial, qty)
     SELECT $2, item_ref, bin, lot, serial, qty
     FROM json_to_recordset($1::json) AS x(item_ref text, bin text, lot text, serial text, qty numeric)`,
    [
      JSON.stringify(lines.map((l) => ({ item_ref: l.itemRef, bin: l.bin, lot: l.lot, serial: l.serial, qty: l.qty }))),
      locationId,
    ],
  );
}
