/**
 * Migration 007 checks "a line belongs to an inventory" once per statement instead of once
 * per row (a foreign key made a 250,000-line snapshot 4 s slower). The rule must hold as
 * the foreign key did, on the real database: a line of an inventory that does not exist
 * is refused and the statement changes nothing, a line cannot be moved to one either, and
 * an inventory that has lines cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { openTestDatabase } from './testDatabase';

let db: Database;
let inventoryId: number;
beforeAll(async () => {
  db = await openTestDatabase();
  const [inv] = await db.query<{ id: number }>(
    `INSERT INTO inventories (name, location_id, kind, status, created_by)
     SELECT 'Intégrité', id, 'articles', 'cancelled', 'test' FROM locations ORDER BY id LIMIT 1 RETURNING id`,
  );
  inventoryId = inv!.id;
});
afterAll(() => db.close());

const insertLines = (ids: readonly number[], prefix: string): Promise<unknown> =>
  db.query(
    `INSERT INTO inventory_lines (inventory_id, line_key, item_ref, designation, kind, bin, unit, expected_qty, unit_cost)
     SELECT id, $2 || ord, 'REF', 'Vis', 'articles', 'A-1', 'pcs', 1, 1 FROM unnest($1::text[]::int[]) WITH ORDINALITY AS x(id, ord)`,
    [ids.map(String), prefix],
  );

const countLines = async (prefix: string): Promise<number> =>
  (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory_lines WHERE line_key LIKE $1', [
      `${prefix}%`,
    ])
  )[0]!.n;

describe('a line belongs to an inventory (migration 007)', () => {
  it('takes lines of an inventory that exists, however many in one statement', async () => {
    await insertLines(
      Array.from({ length: 500 }, () => inventoryId),
      'ok-',
    );
    expect(await countLines('ok-')).toBe(500);
  });

  it('refuses a statement with one line of a missing inventory, and writes none of its lines', async () => {
    await expect(insertLines([inventoryId, inventoryId + 1_000_000, inventoryId], 'bad-')).rejects.toMatchObject({
      code: '23503',
    });
    expect(await countLines('bad-')).toBe(0);
  });

  it('refuses to move a line to a missing inventory', async () => {
    await expect(
      db.query(`UPDATE inventory_lines SET inventory_id = $1 WHERE line_key = 'ok-1'`, [inventoryId + 1_000_000]),
    ).rejects.toMatchObject({ code: '23503' });
    expect(await countLines('ok-')).toBe(500);
  });

  it('refuses to delete an inventory that has lines', async () => {
    await expect(db.query('DELETE FROM inventories WHERE id = $1', [inventoryId])).rejects.toMatchObject({
      code: '23503',
    });
    const [still] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inventories WHERE id = $1', [
      inventoryId,
    ]);
    expect(still!.n).toBe(1);
  });
});
