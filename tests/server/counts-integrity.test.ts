/**
 * Migration 020 checks "a count event, and a register, belong to an inventory" once per
 * statement instead of once per row. The rule must hold as the foreign keys did, on the
 * real database: an event or register of an inventory that does not exist is refused and
 * the statement writes none of its rows, neither can be moved to one, a push's upsert of
 * registers still goes through, and an inventory that holds counts cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { openTestDatabase } from './testDatabase';

let db: Database;
let inventoryId: number;
const missing = (): number => inventoryId + 1_000_000;

beforeAll(async () => {
  db = await openTestDatabase();
  const [inv] = await db.query<{ id: number }>(
    `INSERT INTO inventories (name, location_id, kind, status, created_by)
     SELECT 'Intégrité des comptages', id, 'articles', 'cancelled', 'test' FROM locations ORDER BY id LIMIT 1
     RETURNING id`,
  );
  inventoryId = inv!.id;
});
afterAll(() => db.close());

const insertEvents = (ids: readonly number[], device: string): Promise<unknown> =>
  db.query(
    `INSERT INTO count_events (id, inventory_id, line_key, device_id, qty, seq, counter, at, late, received_by)
     SELECT gen_random_uuid(), id, 'L' || ord, $2, 1, ord, 'test', '2026-12-04T00:00:00Z', false, 'test'
     FROM unnest($1::text[]::int[]) WITH ORDINALITY AS x(id, ord)`,
    [ids.map(String), device],
  );

const upsertRegisters = (ids: readonly number[], device: string, seq: number): Promise<unknown> =>
  db.query(
    `INSERT INTO count_registers (inventory_id, line_key, device_id, round, qty, seq, counter, at, event_id)
     SELECT id, 'L' || ord, $2, 0, $3::int, $3::int, 'test', '2026-12-04T00:00:00Z', gen_random_uuid()
     FROM unnest($1::text[]::int[]) WITH ORDINALITY AS x(id, ord)
     ON CONFLICT (inventory_id, line_key, device_id, round) DO UPDATE SET qty = excluded.qty, seq = excluded.seq`,
    [ids.map(String), device, seq],
  );

const rows = async (table: 'count_events' | 'count_registers', device: string): Promise<number> =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE device_id = $1`, [device]))[0]!.n;

const many = (n: number): number[] => Array.from({ length: n }, () => inventoryId);

describe('a count event belongs to an inventory (migration 020)', () => {
  it('takes events of an inventory that exists, however many in one statement', async () => {
    await insertEvents(many(500), 'ok');
    expect(await rows('count_events', 'ok')).toBe(500);
  });

  it('refuses a statement with one event of a missing inventory, and writes none of its events', async () => {
    await expect(insertEvents([inventoryId, missing(), inventoryId], 'bad')).rejects.toMatchObject({ code: '23503' });
    expect(await rows('count_events', 'bad')).toBe(0);
  });

  it('refuses to move an event to a missing inventory', async () => {
    await expect(
      db.query(`UPDATE count_events SET inventory_id = $1 WHERE device_id = 'ok' AND line_key = 'L1'`, [missing()]),
    ).rejects.toMatchObject({ code: '23503' });
    const [moved] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM count_events WHERE inventory_id = $1 AND device_id = $2',
      [inventoryId, 'ok'],
    );
    expect(moved!.n).toBe(500);
  });
});

describe('a count register belongs to an inventory (migration 020)', () => {
  it('takes registers, and the upsert of a later push updates them in place', async () => {
    await upsertRegisters(many(300), 'ok', 1);
    await upsertRegisters(many(300), 'ok', 2);
    const [r] = await db.query<{ n: number; seq: number }>(
      `SELECT count(*)::int AS n, min(seq)::int AS seq FROM count_registers WHERE device_id = 'ok'`,
    );
    expect(r).toEqual({ n: 300, seq: 2 });
  });

  it('refuses a statement with one register of a missing inventory, and writes none of them', async () => {
    await expect(upsertRegisters([inventoryId, missing()], 'bad', 1)).rejects.toMatchObject({ code: '23503' });
    expect(await rows('count_registers', 'bad')).toBe(0);
  });

  it('refuses to move a register to a missing inventory', async () => {
    await expect(
      db.query(`UPDATE count_registers SET inventory_id = $1 WHERE device_id = 'ok' AND line_key = 'L1'`, [missing()]),
    ).rejects.toMatchObject({ code: '23503' });
    expect(await rows('count_registers', 'ok')).toBe(300);
  });
});

describe('an inventory keeps its counts (migration 020)', () => {
  // Renumbering is refused by the schema itself: inventories.id is GENERATED ALWAYS.
  it('refuses to delete an inventory that holds counts', async () => {
    await expect(db.query('DELETE FROM inventories WHERE id = $1', [inventoryId])).rejects.toMatchObject({
      code: '23503',
    });
    const [still] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inventories WHERE id = $1', [
      inventoryId,
    ]);
    expect(still!.n).toBe(1);
  });

  it('lets an inventory that holds no counts be deleted', async () => {
    const [inv] = await db.query<{ id: number }>(
      `INSERT INTO inventories (name, location_id, kind, status, created_by)
       SELECT 'Vide', id, 'articles', 'cancelled', 'test' FROM locations ORDER BY id LIMIT 1 RETURNING id`,
    );
    await db.query('DELETE FROM inventories WHERE id = $1', [inv!.id]);
    const [gone] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inventories WHERE id = $1', [inv!.id]);
    expect(gone!.n).toBe(0);
  });
});
