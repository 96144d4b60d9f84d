/**
 * The rules of migration 014: stock lines and movements name existing items, locations,
 * inventories and imports — checked once per statement instead of once per row — and
 * what they name cannot be deleted or renumbered under them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const fails = async (sql: string, params: (string | number)[] = []): Promise<string> => {
  try {
    await server.db.transaction((tx) => tx.query(sql, params));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error(`expected a refusal: ${sql}`);
};

describe('stock names what exists', () => {
  it('refuses a stock line or a movement of an unknown item, location, inventory or import', async () => {
    expect(
      await fails(`INSERT INTO stock_lines (location_id, item_ref, bin, qty) VALUES (1, 'NO-SUCH-ITEM', 'A', 1)`),
    ).toMatch(/item NO-SUCH-ITEM which does not exist/);
    expect(
      await fails(
        `INSERT INTO stock_lines (location_id, item_ref, bin, qty) SELECT 99999, ref, 'A', 1 FROM items LIMIT 1`,
      ),
    ).toMatch(/location 99999/);
    expect(
      await fails(`UPDATE stock_lines SET location_id = 99999 WHERE ctid = (SELECT ctid FROM stock_lines LIMIT 1)`),
    ).toMatch(/location 99999/);
    for (const [column, value, what] of [
      ['location_id', 99999, 'location'],
      ['inventory_id', 99999, 'inventory'],
      ['import_id', 99999, 'import'],
    ] as const) {
      const sql = `INSERT INTO stock_movements (location_id, item_ref, bin, delta, unit_cost, reason, created_by, ${column === 'location_id' ? 'inventory_id' : column})
        SELECT ${column === 'location_id' ? value : 1}, ref, 'A', 1, 1, 'test', 'test', ${column === 'location_id' ? 'NULL' : value} FROM items LIMIT 1`;
      expect(await fails(sql)).toMatch(new RegExp(`${what} 99999`));
    }
  });

  it('an item, location or import that stock names cannot be deleted or renumbered; others can', async () => {
    const [line] = await server.db.query<{ item_ref: string; location_id: number }>(
      'SELECT item_ref, location_id FROM stock_lines LIMIT 1',
    );
    expect(await fails('DELETE FROM items WHERE ref = $1', [line!.item_ref])).toMatch(/still has stock lines/);
    expect(await fails(`UPDATE items SET ref = ref || '-X' WHERE ref = $1`, [line!.item_ref])).toMatch(
      /still has stock lines/,
    );
    expect(await fails('DELETE FROM locations WHERE id = $1', [line!.location_id])).toMatch(/still has stock/);
    // Other changes of a referenced item go on, and an item without stock can go.
    await server.db.query(`UPDATE items SET designation = designation WHERE ref = $1`, [line!.item_ref]);
    await server.db.query(`INSERT INTO items (ref, designation, kind) VALUES ('LONELY', 'x', 'articles')`);
    await server.db.query(`DELETE FROM items WHERE ref = 'LONELY'`);
    await server.db.query(`INSERT INTO locations (code, name) VALUES ('EMPTY', 'x')`);
    await server.db.query(`DELETE FROM locations WHERE code = 'EMPTY'`);
  });
});
