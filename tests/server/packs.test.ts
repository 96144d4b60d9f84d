/**
 * Pack barcodes (a carton of 12) in the snapshot, on the real database: each line carries
 * its item's pack barcodes and quantities as the catalogue said when counting started
 * (a later catalogue change does not reach a running count), a line added with Ajouter
 * réf. carries them too, and migration 004 gives them to lines of older snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineDto, LocationDto } from '../../src/core/api/dto';
import { loadMigrations, migrate } from '../../src/server/db/migrate';
import { startTestServer, type TestServer } from './harness';
import { openTestDatabase } from './testDatabase';
import { createInventory, getLines } from './support';

let server: TestServer;
let sup: string;
beforeAll(async () => {
  server = await startTestServer();
  sup = await server.token('superviseur');
});
afterAll(() => server.close());

describe('pack barcodes in the snapshot', () => {
  it('are copied into each line, only for barcodes that are not one unit, and stay as they were', async () => {
    const locations = (await server.call('GET', '/api/locations', { token: sup })).json<LocationDto[]>();
    const dep = locations.find((l) => l.code === 'DEP-01')!;
    const packRows = await server.db.query<{ barcode: string; item_ref: string; pack_qty: string }>(
      'SELECT barcode, item_ref, pack_qty::text AS pack_qty FROM item_barcodes WHERE pack_qty <> 1',
    );
    const packsByItem = new Map<string, { code: string; qty: string }[]>();
    for (const r of packRows) packsByItem.set(r.item_ref, [{ code: r.barcode, qty: r.pack_qty }]);

    const inv = await createInventory(server, { name: 'Cartons', locationId: dep.id, kind: 'articles' });
    // A catalogue change after the snapshot does not reach the count in progress.
    await server.db.query('UPDATE item_barcodes SET pack_qty = 24 WHERE pack_qty = 12');
    const lines = await getLines(server, inv.id);
    const withPacks = lines.filter((l) => (l.packs ?? []).length > 0);
    expect(withPacks.length).toBeGreaterThan(0);
    expect(withPacks.length).toBeLessThan(lines.length);
    for (const l of lines) {
      expect(l.packs).toEqual(packsByItem.get(l.itemRef) ?? []);
      for (const p of l.packs ?? []) {
        expect(p.qty).toBe('12.000');
        expect(l.barcodes).toContain(p.code);
      }
    }

    // Ajouter réf. by a carton's barcode: the new line knows the carton (as the catalogue says now).
    const carton = withPacks[0]!;
    const res = await server.call('POST', `/api/inventories/${inv.id}/lines`, {
      token: sup,
      body: { barcode: carton.packs![0]!.code, bin: 'Z-NEUF-1', lot: carton.lot, serial: carton.serial },
    });
    expect(res.status, res.body).toBe(201);
    const added = res.json<LineDto>();
    expect(added.itemRef).toBe(carton.itemRef);
    expect(added.packs).toEqual([{ code: carton.packs![0]!.code, qty: '24.000' }]);
    expect((await getLines(server, inv.id)).find((l) => l.key === added.key)?.packs).toEqual(added.packs);
  });

  it('are given by migration 004 to the lines of snapshots taken before it', async () => {
    const db = await openTestDatabase({ empty: true });
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < 4),
      );
      await db.exec(`
        INSERT INTO locations (code, name) VALUES ('L', 'Lieu');
        INSERT INTO items (ref, designation, kind) VALUES ('A', 'Vis', 'articles'), ('B', 'Écrou', 'articles');
        INSERT INTO item_barcodes (barcode, item_ref, pack_qty) VALUES
          ('3760000000017', 'A', 1), ('3770000000016', 'A', 6), ('3760000000024', 'B', 1);
        INSERT INTO inventories (name, location_id, kind, status, created_by)
          SELECT 'Ancien', id, 'articles', 'counting', 'x' FROM locations;
        INSERT INTO inventory_lines (inventory_id, line_key, item_ref, designation, kind, bin, unit, expected_qty, unit_cost)
          SELECT id, k, k, k, 'articles', 'A-1', 'pcs', 1, 1 FROM inventories, (VALUES ('A'), ('B')) v(k);
      `);
      expect(await migrate(db)).toEqual(
        loadMigrations()
          .filter((m) => m.version >= 4)
          .map((m) => m.name),
      );
      const rows = await db.query<{ item_ref: string; packs: unknown }>(
        'SELECT item_ref, packs FROM inventory_lines ORDER BY item_ref',
      );
      expect(rows).toEqual([
        { item_ref: 'A', packs: [{ code: '3770000000016', qty: '6.000' }] },
        { item_ref: 'B', packs: [] },
      ]);
    } finally {
      await db.close();
    }
  });
});
