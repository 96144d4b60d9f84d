/**
 * The planner's statistics follow the bulk writes (server/db/statistics.ts): the embedded
 * database runs no autovacuum, and with the statistics of an empty table the planner read a
 * whole 250,000-line inventory for each push of counts. After a snapshot, an import and an
 * apply, the tables they filled must be analysed: pg_class.reltuples is the planner's row
 * count, exact for tables this small (ANALYZE then reads every row).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { csvBytes, FRENCH_EXCEL, type CellValue } from '../support/stockFiles';
import { startTestServer, type TestServer } from './harness';
import { importFile } from './importClient';
import { createInventory, event, getLines, push } from './support';

/** What the planner believes (-1: never analysed) beside what the table holds. */
async function believed(db: Database, table: string): Promise<{ planner: number; rows: number }> {
  const [row] = await db.query<{ planner: number; rows: number }>(
    `SELECT (SELECT reltuples::float8 FROM pg_class WHERE oid = $1::regclass) AS planner,
            (SELECT count(*)::int FROM ${table}) AS rows`,
    [table],
  );
  return row!;
}

let server: TestServer;
afterEach(() => server.close());

describe('planner statistics after bulk writes', () => {
  it('a new inventory’s snapshot: inventory_lines analysed before the answer', async () => {
    server = await startTestServer();
    expect((await believed(server.db, 'inventory_lines')).rows).toBe(0);
    await createInventory(server, { name: 'Stats', locationId: 1, kind: 'articles' });
    const lines = await believed(server.db, 'inventory_lines');
    expect(lines.rows).toBeGreaterThan(100);
    expect(lines.planner).toBe(lines.rows);
  });

  it('the snapshot’s ANALYZE samples 3,000 rows (target 10), and only for itself', async () => {
    server = await startTestServer();
    await createInventory(server, { name: 'Stats', locationId: 1, kind: 'articles' });
    const [keys] = await server.db.query<{ bounds: number }>(
      `SELECT array_length(histogram_bounds::text::text[], 1) AS bounds FROM pg_stats
       WHERE tablename = 'inventory_lines' AND attname = 'line_key'`,
    );
    // Every key differs: the histogram has target + 1 bounds (101 at the default target).
    expect(keys?.bounds).toBe(11);
    const [setting] = await server.db.query<{ default_statistics_target: string }>('SHOW default_statistics_target');
    expect(setting?.default_statistics_target).toBe('100');
  });

  it('an apply: stock_movements analysed', async () => {
    server = await startTestServer();
    const sup = await server.token('superviseur');
    const inv = await createInventory(server, { name: 'Stats', locationId: 1, kind: 'articles' });
    const lines = (await getLines(server, inv.id)).filter((l) => !l.serial).slice(0, 30);
    await push(
      server,
      sup,
      inv.id,
      'dev-stats',
      lines.map((l, i) => event(l.key, i + 1000, i + 1)),
    );
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(200);
    expect((await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup })).status).toBe(200);
    const movements = await believed(server.db, 'stock_movements');
    expect(movements.rows).toBeGreaterThan(0);
    expect(movements.planner).toBe(movements.rows);
  });

  it('an apply analyses only the tables it added rows to: a new reference found on the shelf, the catalogue too', async () => {
    server = await startTestServer();
    const sup = await server.token('superviseur');
    // The planner's view of the catalogue made stale on purpose: one item more than it believes.
    await server.db.exec('ANALYZE items, item_barcodes, bins, stock_lines');
    await server.db.query(
      `INSERT INTO items (ref, designation, kind, unit, tracking, unit_cost)
       VALUES ('STATS-STALE', 'Pas encore analysé', 'articles', 'pcs', 'none', 1)`,
    );
    const counted = async (added: boolean): Promise<void> => {
      const inv = await createInventory(server, { name: `Stats ${added}`, locationId: 1, kind: 'articles' });
      const line = (await getLines(server, inv.id)).find((l) => !l.serial)!;
      const keys = [line.key];
      if (added) {
        const res = await server.call('POST', `/api/inventories/${inv.id}/lines`, {
          token: sup,
          body: { itemRef: 'STATS-NEW', designation: 'Trouvé en rayon', bin: 'STATS-BIN', unitCost: '2.5' },
        });
        expect(res.status, res.body).toBe(201);
        keys.push(res.json<{ key: string }>().key);
      }
      await push(
        server,
        sup,
        inv.id,
        `dev-stats-${added}`,
        keys.map((k, i) => event(k, 1000 + i, i + 1)),
      );
      expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(
        200,
      );
      expect((await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup })).status).toBe(200);
    };
    // Counted quantities only update stock lines: no row count changes but the movements'.
    await counted(false);
    const items = await believed(server.db, 'items');
    expect(items.planner).toBe(items.rows - 1);
    const movements = await believed(server.db, 'stock_movements');
    expect(movements.planner).toBe(movements.rows);
    // A new reference enters items, its stock line stock_lines, its bin bins: each analysed.
    await counted(true);
    for (const table of ['items', 'stock_lines', 'bins', 'stock_movements']) {
      const t = await believed(server.db, table);
      expect(t.planner, table).toBe(t.rows);
    }
  });

  it('an import into an empty database: stock_lines and items analysed', async () => {
    server = await startTestServer({ empty: true });
    expect((await believed(server.db, 'stock_lines')).planner).toBeLessThanOrEqual(0);
    const rows: CellValue[][] = Array.from({ length: 40 }, (_, i) => [
      `REF-${i}`,
      `Article ${i}`,
      'articles',
      null,
      `A-${i % 4}`,
      null,
      null,
      'pcs',
      i + 1,
      1.5,
      null,
    ]);
    const headers = ['Référence', 'Désignation', 'Type', 'Fournisseur', 'Emplacement', 'Lot', 'Série', 'Unité'];
    await importFile(server, csvBytes([...headers, 'Quantité', 'Coût unitaire', 'Code-barres'], rows, FRENCH_EXCEL), {
      location: 'DEP-01',
    });
    for (const table of ['stock_lines', 'items']) {
      const t = await believed(server.db, table);
      expect(t.rows, table).toBe(40);
      expect(t.planner, table).toBe(40);
    }
  });
});
