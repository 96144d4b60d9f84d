/**
 * The stock movements feed (GET /api/movements): every movement once, in id order, with
 * the unit cost it moved at and its value; manual, import and inventory movements; paging
 * and resuming from a cursor; who may read it; bad queries refused. Also the database's
 * side: the unit cost filled for a writer that leaves it out (as the stock import does),
 * the table append-only, and migration 011's backfill of the movements made before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountEventInputDto, RecapDto, StockLineDto } from '../../src/core/api/dto';
import type { MovementDto, MovementsPageDto } from '../../src/core/outbound';
import { loadMigrations, migrate } from '../../src/server/db/migrate';
import { lockMovementFeed } from '../../src/server/repos/movements';
import { startTestServer, type TestServer } from './harness';
import {
  createInventory,
  dbSnapshot,
  expectError,
  formatScaled,
  getLines,
  scaled,
  sumScaled,
  valueOf,
} from './support';
import { openTestDatabase } from './testDatabase';

let server: TestServer;
let sup: string;

beforeAll(async () => {
  server = await startTestServer();
  sup = await server.token('superviseur');
});
afterAll(() => server.close());

async function page(query: string, token = sup): Promise<MovementsPageDto> {
  const res = await server.call('GET', `/api/movements${query}`, { token });
  expect(res.status, res.body).toBe(200);
  return res.json<MovementsPageDto>();
}

/** Every movement after `after`, pulled `limit` at a time as a client resumes from its cursor. */
async function pullAll(after: number, limit: number): Promise<{ movements: MovementDto[]; pages: number }> {
  const movements: MovementDto[] = [];
  let pages = 0;
  for (let cursor = after, more = true; more; pages++) {
    const p = await page(`?after=${cursor}&limit=${limit}`);
    expect(p.movements.length).toBeLessThanOrEqual(limit);
    if (p.movements.length > 0) expect(p.cursor).toBe(p.movements[p.movements.length - 1]!.id);
    else expect(p.cursor).toBe(cursor);
    movements.push(...p.movements);
    cursor = p.cursor;
    more = p.more;
  }
  return { movements, pages };
}

async function move(body: Record<string, unknown>): Promise<void> {
  const res = await server.call('POST', '/api/stock-movements', { token: sup, body });
  expect(res.status, res.body).toBe(201);
}

async function stock(locationId: number): Promise<StockLineDto[]> {
  return (await server.call('GET', `/api/stock?locationId=${locationId}`, { token: sup })).json<StockLineDto[]>();
}

const plain = (s: StockLineDto): boolean => s.unit === 'pcs' && s.lot === null && s.serial === null;

describe('the movements feed', () => {
  let start: number;
  const seen: MovementDto[] = [];

  it('starts where the stock stands: the cursor of an empty feed stays put', async () => {
    const all = await pullAll(0, 10_000);
    start = all.movements.at(-1)?.id ?? 0;
    const empty = await page(`?after=${start}`);
    expect(empty).toEqual({ movements: [], cursor: start, more: false });
    const beyond = await page(`?after=${start + 1000}`);
    expect(beyond).toEqual({ movements: [], cursor: start + 1000, more: false });
  });

  it('lists a manual movement with its unit cost, value, reason and who, and keeps that cost', async () => {
    const line = (await stock(2)).find(plain)!;
    await move({ locationId: 2, itemRef: line.itemRef, bin: line.bin, delta: '5', reason: 'Réception BL 42' });
    // The catalogue's cost changes afterwards: the movement keeps the cost it moved at.
    await server.db.query('UPDATE items SET unit_cost = unit_cost + 1.25 WHERE ref = $1', [line.itemRef]);
    await move({ locationId: 2, itemRef: line.itemRef, bin: line.bin, delta: '-2', reason: 'casse' });
    const p = await page(`?after=${start}`);
    expect(p.more).toBe(false);
    expect(p.movements).toHaveLength(2);
    const [first, second] = p.movements as [MovementDto, MovementDto];
    const newCost = formatScaled(scaled(line.unitCost, 4) + 12_500n, 4);
    expect(first).toEqual({
      id: start + 1,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      location: { id: 2, code: 'MAG-02' },
      itemRef: line.itemRef,
      designation: line.designation,
      unit: 'pcs',
      bin: line.bin,
      lot: null,
      serial: null,
      quantity: '5.000',
      unitCost: line.unitCost,
      value: formatScaled(valueOf('5.000', line.unitCost), 4),
      reason: 'Réception BL 42',
      inventoryId: null,
      importId: null,
      by: 'superviseur',
    });
    expect(second).toMatchObject({ id: start + 2, quantity: '-2.000', unitCost: newCost, reason: 'casse' });
    expect(second.value).toBe(formatScaled(valueOf('-2.000', newCost), 4));
    expect(Date.parse(first.at)).toBeLessThanOrEqual(Date.parse(second.at));
    seen.push(first, second);
  });

  it('refuses a manual movement that claims a reason the server gives its own movements', async () => {
    const line = (await stock(2)).find(plain)!;
    const before = await dbSnapshot(server);
    for (const reason of ['inventory', 'Import', ' INVENTORY ']) {
      const res = await server.call('POST', '/api/stock-movements', {
        token: sup,
        body: { locationId: 2, itemRef: line.itemRef, bin: line.bin, delta: 1, reason },
      });
      expectError(res, 400, 'reserved_reason');
    }
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('lists an import movement written as the stock import does (set-based, no unit cost given)', async () => {
    const lines = (await stock(2)).filter(plain).slice(3, 6);
    await server.db.transaction(async (tx) => {
      await lockMovementFeed(tx);
      await tx.query(
        `INSERT INTO stock_movements (location_id, item_ref, bin, delta, reason, created_by)
         SELECT 2, item_ref, bin, 3, 'import', 'superviseur'
         FROM json_to_recordset($1::json) AS x(item_ref text, bin text)`,
        [JSON.stringify(lines.map((l) => ({ item_ref: l.itemRef, bin: l.bin })))],
      );
    });
    const p = await page(`?after=${seen.at(-1)!.id}`);
    expect(p.movements.map((m) => [m.itemRef, m.reason, m.quantity, m.unitCost, m.inventoryId])).toEqual(
      lines.map((l) => [l.itemRef, 'import', '3.000', l.unitCost, null]),
    );
    seen.push(...p.movements);
  });

  it('lists an inventory’s movements at the cost its recap used; they add up to its difference value', async () => {
    const inv = await createInventory(server, { name: 'Flux ERP', locationId: 2, kind: 'articles' });
    const lines = await getLines(server, inv.id);
    const countable = lines.filter((l) => !l.serial);
    const counted = countable.slice(0, 12);
    // Counted one more than expected (i % 3 === 2 below): it moves for sure. After the
    // snapshot the catalogue's cost changes: the recap, and so the movement, keep the snapshot's.
    const repriced = counted[2]!;
    await server.db.query('UPDATE items SET unit_cost = unit_cost + 7 WHERE ref = $1', [repriced.itemRef]);
    const events: CountEventInputDto[] = counted.map((l, i) => ({
      id: crypto.randomUUID(),
      lineKey: l.key,
      qty: formatScaled(scaled(l.expectedQty, 3) + BigInt((i % 3) - 1) * 1000n, 3).replace(/^-.*/, '0.000'),
      seq: i + 1,
      counter: 'Zoé',
      at: new Date().toISOString(),
    }));
    const pushed = await server.call('POST', `/api/inventories/${inv.id}/counts`, {
      token: sup,
      body: { deviceId: 'phone', events },
    });
    expect(pushed.status, pushed.body).toBe(200);
    const close = await server.call('POST', `/api/inventories/${inv.id}/close`, {
      token: sup,
      body: { uncountedPolicy: 'zero' },
    });
    expect(close.status, close.body).toBe(200);
    const recap = close.json<RecapDto>();
    const applied = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(applied.status, applied.body).toBe(200);

    // Pulled 37 at a time: the zero policy moves every uncounted line, hundreds of them.
    const { movements, pages } = await pullAll(seen.at(-1)!.id, 37);
    expect(pages).toBeGreaterThan(3);
    expect(movements.length).toBe(recap.totals.changedLines);
    const key = (l: { itemRef: string; bin: string; lot: string | null; serial: string | null }): string =>
      `${l.itemRef}|${l.bin}|${l.lot ?? ''}|${l.serial ?? ''}`;
    const recapLine = new Map([...recap.lines, ...recap.uncounted].map((l) => [key(l), l]));
    for (const m of movements) {
      const l = recapLine.get(key(m))!;
      expect([m.reason, m.inventoryId, m.by, m.location.code]).toEqual(['inventory', inv.id, 'superviseur', 'MAG-02']);
      expect([m.quantity, m.unitCost, m.value]).toEqual([l.difference, l.unitCost, l.differenceValue]);
    }
    expect(
      sumScaled(
        movements.map((m) => m.value),
        4,
      ),
    ).toBe(scaled(recap.totals.differenceValue, 4));
    expect(movements.find((m) => key(m) === key(repriced))?.unitCost).toBe(repriced.unitCost);
    seen.push(...movements);
  });

  it('gives every movement once, in order, however it is paged and wherever it resumes', async () => {
    const whole = await page(`?after=${start}&limit=10000`);
    expect(whole.more).toBe(false);
    expect(whole.movements).toEqual(seen);
    const ids = whole.movements.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    for (const limit of [1, 2, 50, 333]) {
      const pulled = await pullAll(start, limit);
      expect(pulled.movements.map((m) => m.id)).toEqual(ids);
      // `more` is exact: a last page that is full says so, no empty page follows.
      expect(pulled.pages).toBe(Math.ceil(ids.length / limit));
    }
    // Resuming from any cursor gives exactly what follows it.
    for (const at of [0, 1, 5, ids.length - 1]) {
      const cursor = ids[at]!;
      expect((await pullAll(cursor, 100)).movements.map((m) => m.id)).toEqual(ids.slice(at + 1));
    }
    // Every value is quantity × unit cost rounded per movement, as core's lineValue.
    for (const m of whole.movements) expect(m.value).toBe(formatScaled(valueOf(m.quantity, m.unitCost), 4));
    // The default page is 1,000 movements, the largest 10,000.
    expect((await page(`?after=${start}`)).movements).toHaveLength(Math.min(1000, ids.length));
    expect((await page(`?after=${start}&limit=99999`)).movements).toHaveLength(ids.length);
  });

  it('is read by supervisors and accountants, and reading changes nothing', async () => {
    const before = await dbSnapshot(server);
    const asAccountant = await page(`?after=${start}&limit=3`, await server.token('comptable'));
    expect(asAccountant.movements.map((m) => m.id)).toEqual(seen.slice(0, 3).map((m) => m.id));
    expectError(
      await server.call('GET', '/api/movements', { token: await server.token('compteur') }),
      403,
      'forbidden',
    );
    expectError(await server.call('GET', '/api/movements'), 401, 'unauthenticated');
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('refuses a bad query with 400 and changes nothing', async () => {
    const before = await dbSnapshot(server);
    for (const query of [
      '?after=-1',
      '?after=abc',
      '?after=01',
      '?after=1.5',
      '?after=1234567890123456',
      '?limit=0',
      '?limit=-5',
      '?limit=100000',
      '?limit=ten',
      '?after=1&after=2',
      '?cursor=3',
      '?after=',
    ]) {
      expectError(await server.call('GET', `/api/movements${query}`, { token: sup }), 400, 'invalid_request');
    }
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

describe('stock_movements in the database', () => {
  it('fills the unit cost from the item for a writer that leaves it out, and refuses an unknown item', async () => {
    const [item] = await server.db.query<{ ref: string; cost: string }>(
      `SELECT ref, unit_cost::text AS cost FROM items ORDER BY ref LIMIT 1`,
    );
    const [row] = await server.db.query<{ cost: string }>(
      `INSERT INTO stock_movements (location_id, item_ref, bin, delta, reason, created_by)
       VALUES (2, $1, 'Z-99', 1, 'import', 'test') RETURNING unit_cost::text AS cost`,
      [item!.ref],
    );
    expect(row?.cost).toBe(item!.cost);
    // A cost given is kept (an inventory's, from its snapshot).
    const [given] = await server.db.query<{ cost: string }>(
      `INSERT INTO stock_movements (location_id, item_ref, bin, delta, reason, created_by, unit_cost)
       VALUES (2, $1, 'Z-99', -1, 'import', 'test', 9.8765) RETURNING unit_cost::text AS cost`,
      [item!.ref],
    );
    expect(given?.cost).toBe('9.8765');
    await expect(
      server.db.query(
        `INSERT INTO stock_movements (location_id, item_ref, bin, delta, reason, created_by)
         VALUES (2, 'NO-SUCH-ITEM', 'Z-99', 1, 'import', 'test')`,
      ),
    ).rejects.toThrow(/NO-SUCH-ITEM which does not exist/);
  });

  it('is append-only: a movement once written never changes', async () => {
    const before = await dbSnapshot(server);
    await expect(server.db.query(`UPDATE stock_movements SET delta = delta + 1`)).rejects.toThrow(/append-only/);
    await expect(server.db.query(`DELETE FROM stock_movements`)).rejects.toThrow(/append-only/);
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

describe('migration 011 on movements made before it', () => {
  it('gives an inventory’s movements their snapshot cost, the others their item’s, 0 for an item gone', async () => {
    const db = await openTestDatabase({ empty: true });
    try {
      const all = loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < 11),
      );
      await db.exec(`
        INSERT INTO locations (code, name) VALUES ('L1', 'Lieu');
        INSERT INTO items (ref, designation, kind, unit_cost) VALUES ('A', 'a', 'articles', 2.5), ('B', 'b', 'articles', 4);
        INSERT INTO inventories (name, location_id, kind, status, created_by) VALUES ('Inv', 1, 'articles', 'applied', 'x');
        INSERT INTO inventory_lines (inventory_id, line_key, item_ref, designation, kind, bin, unit, expected_qty, unit_cost)
          VALUES (1, 'A|X||', 'A', 'a', 'articles', 'X', 'pcs', 3, 1.75);
        INSERT INTO stock_movements (location_id, item_ref, bin, delta, reason, inventory_id, created_by) VALUES
          (1, 'A', 'X', -1, 'inventory', 1, 'x'),
          (1, 'A', 'X', 2, 'réception', NULL, 'x'),
          (1, 'B', 'Y', 1, 'réception', NULL, 'x'),
          (1, 'GONE', 'Y', 1, 'réception', NULL, 'x');
      `);
      expect(await migrate(db)).toContain('011_movement_feed.sql');
      const rows = await db.query<{ item_ref: string; cost: string }>(
        'SELECT item_ref, unit_cost::text AS cost FROM stock_movements ORDER BY id',
      );
      expect(rows.map((r) => [r.item_ref, r.cost])).toEqual([
        ['A', '1.7500'],
        ['A', '2.5000'],
        ['B', '4.0000'],
        ['GONE', '0.0000'],
      ]);
    } finally {
      await db.close();
    }
  });
});
