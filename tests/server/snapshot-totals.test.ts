/**
 * Migration 008 keeps the snapshot's sums on the inventory row (the recap's uncounted
 * totals come from them instead of a scan of every line), migration 017 the same per unit
 * (inventory_unit_sums). They must be the sums of the snapshot's lines, to the digit: as
 * the snapshot statement writes them for a new inventory, and as the migration computes
 * them for inventories taken before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { loadMigrations, migrate } from '../../src/server/db/migrate';
import { startTestServer, type TestServer } from './harness';
import { createInventory } from './support';
import { openTestDatabase } from './testDatabase';

interface Totals {
  lines: number;
  expected: string;
  value: string;
  non_zero: number;
}

const stored = async (db: Database, id: number): Promise<Totals> =>
  (
    await db.query<Totals>(
      `SELECT snapshot_lines AS lines, snapshot_expected::text AS expected, snapshot_expected_value::text AS value,
              snapshot_non_zero AS non_zero
       FROM inventories WHERE id = $1`,
      [id],
    )
  )[0]!;

// Summed here with numeric's own arithmetic, rounding each line as lineValue does.
const summed = async (db: Database, id: number): Promise<Totals> =>
  (
    await db.query<Totals>(
      `SELECT count(*)::int AS lines, coalesce(sum(expected_qty), 0)::numeric(20, 3)::text AS expected,
              coalesce(sum(round(expected_qty * unit_cost, 4)), 0)::numeric(24, 4)::text AS value,
              (count(*) FILTER (WHERE expected_qty <> 0))::int AS non_zero
       FROM inventory_lines WHERE inventory_id = $1 AND NOT added`,
      [id],
    )
  )[0]!;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("the snapshot's sums on the inventory row (migration 008)", () => {
  it('are written with the snapshot, equal to the sums of its lines', async () => {
    const inv = await createInventory(server, { name: 'Sommes', locationId: 1, kind: 'articles' });
    const totals = await stored(server.db, inv.id);
    expect(totals.lines).toBeGreaterThan(100);
    expect(totals.non_zero).toBeGreaterThan(0);
    expect(totals).toEqual(await summed(server.db, inv.id));
    expect(
      (await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: await server.token('superviseur') }))
        .status,
    ).toBe(200);
  });

  it('are computed by the migration for inventories taken before it, added lines left out', async () => {
    const db = await openTestDatabase({ empty: true });
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < 8),
      );
      await db.exec(`
        INSERT INTO locations (code, name) VALUES ('L', 'Lieu');
        INSERT INTO inventories (name, location_id, kind, status, created_by)
          SELECT 'Ancien', id, 'articles', 'closed', 'x' FROM locations;
        INSERT INTO inventory_lines (inventory_id, line_key, item_ref, designation, kind, bin, unit, expected_qty, unit_cost, added)
          SELECT id, k, k, k, 'articles', 'A-1', 'pcs', q, c, a FROM inventories,
            (VALUES ('A', 2.5, 3.3333, false), ('B', 0, 9, false), ('C', 0.001, 0.05, false), ('D', 0, 4, true)) v(k, q, c, a);
      `);
      await migrate(db);
      const [inv] = await db.query<{ id: number }>('SELECT id FROM inventories');
      const totals = await stored(db, inv!.id);
      // 2.5 × 3.3333 = 8.33325 → 8.3333; 0.001 × 0.05 = 0.00005 → 0.0001.
      expect(totals).toEqual({ lines: 3, expected: '2.501', value: '8.3334', non_zero: 2 });
      expect(totals).toEqual(await summed(db, inv!.id));
    } finally {
      await db.close();
    }
  });
});

interface UnitSums {
  unit: string;
  lines: number;
  expected: string;
}

const storedUnits = (db: Database, id: number): Promise<UnitSums[]> =>
  db.query<UnitSums>(
    `SELECT unit, lines, expected::text AS expected FROM inventory_unit_sums WHERE inventory_id = $1 ORDER BY unit`,
    [id],
  );

const summedUnits = (db: Database, id: number): Promise<UnitSums[]> =>
  db.query<UnitSums>(
    `SELECT unit, count(*)::int AS lines, sum(expected_qty)::numeric(20, 3)::text AS expected
     FROM inventory_lines WHERE inventory_id = $1 AND NOT added GROUP BY unit ORDER BY unit`,
    [id],
  );

describe("the snapshot's sums per unit (migration 017)", () => {
  it('are written with the snapshot, equal to the sums of its lines per unit', async () => {
    const inv = await createInventory(server, { name: 'Sommes par unité', locationId: 1, kind: 'articles' });
    const units = await storedUnits(server.db, inv.id);
    // The demo location holds metres, kilograms, litres and pieces.
    expect(units.map((u) => u.unit)).toEqual(['kg', 'l', 'm', 'pcs']);
    expect(units).toEqual(await summedUnits(server.db, inv.id));
    expect(units.reduce((s, u) => s + u.lines, 0)).toBe((await stored(server.db, inv.id)).lines);
    expect(
      (await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: await server.token('superviseur') }))
        .status,
    ).toBe(200);
  });

  it('are computed per unit by the migration for inventories taken before it, added lines left out', async () => {
    const db = await openTestDatabase({ empty: true });
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < 17),
      );
      await db.exec(`
        INSERT INTO locations (code, name) VALUES ('L', 'Lieu');
        INSERT INTO inventories (name, location_id, kind, status, created_by)
          SELECT 'Ancien', id, 'articles', 'closed', 'x' FROM locations;
        INSERT INTO inventory_lines (inventory_id, line_key, item_ref, designation, kind, bin, unit, expected_qty, unit_cost, added)
          SELECT id, k, k, k, 'articles', 'A-1', u, q, 1, a FROM inventories,
            (VALUES ('A', 'm', 2.5, false), ('B', 'm', 0.125, false), ('C', 'pcs', 40, false), ('D', 'kg', 0.001, false),
                    ('E', 'kg', 9, true), ('F', 'l', 3, true)) v(k, u, q, a);
      `);
      await migrate(db);
      const [inv] = await db.query<{ id: number }>('SELECT id FROM inventories');
      const units = await storedUnits(db, inv!.id);
      expect(units).toEqual([
        { unit: 'kg', lines: 1, expected: '0.001' },
        { unit: 'm', lines: 2, expected: '2.625' },
        { unit: 'pcs', lines: 1, expected: '40.000' },
      ]);
      expect(units).toEqual(await summedUnits(db, inv!.id));
    } finally {
      await db.close();
    }
  });
});
