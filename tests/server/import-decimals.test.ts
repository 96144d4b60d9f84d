/**
 * Whether an item's quantities take decimals is the item's own, from its ERP: an imported
 * "Quantités décimales" column travels to the snapshot, to the counting phone (LineDto),
 * and to the server's check of every count; where the file says nothing the unit decides,
 * by the same rule in SQL as in core.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LineDto, LocationDto } from '../../src/core/api/dto';
import { unitAllowsDecimals } from '../../src/core/line';
import { csvBytes, FRENCH_EXCEL } from '../support/stockFiles';
import { startTestServer, type TestServer } from './harness';
import { importFile } from './importClient';
import { event, expectError, push } from './support';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ empty: true });
});
afterEach(async () => server.close());

describe('decimals, the item’s own', () => {
  it('the database’s rule for a unit is core’s', async () => {
    const units = ['kg', 'KG', 'g', 'l', 'ml', 'm', 'm2', 'm3', 't', 'pcs', 'u', 'carton', 'M', 'mm', 'lot', ''];
    const rows = await server.db.query<{ unit: string; decimals: boolean }>(
      'SELECT u AS unit, decompte_unit_decimals(u) AS decimals FROM unnest($1::text[]) AS u',
      [units],
    );
    expect(rows.map((r) => [r.unit, r.decimals])).toEqual(units.map((u) => [u, unitAllowsDecimals(u)]));
  });

  it('an imported flag reaches the counting phone and the server’s check of counts', async () => {
    const headers = ['reference', 'designation', 'emplacement', 'unite', 'decimales', 'quantite', 'cout_unitaire'];
    await importFile(
      server,
      csvBytes(
        headers,
        [
          ['TUBE', 'Tube cuivre au mètre', 'A-01', 'pcs', 'oui', 2.5, 4],
          ['SAC', 'Sac de ciment', 'A-02', 'kg', 'non', 25, 9],
          ['VIS', 'Vis', 'A-03', 'pcs', null, 10, 0.1],
        ],
        FRENCH_EXCEL,
      ),
      { location: 'DEP-01' },
    );
    const token = await server.token('superviseur');
    const dep = (await server.call('GET', '/api/locations', { token }))
      .json<LocationDto[]>()
      .find((l) => l.code === 'DEP-01');
    const created = await server.call('POST', '/api/inventories', {
      token,
      body: { name: 'Décimales', locationId: dep?.id, kind: 'articles' },
    });
    expect(created.status, created.body).toBe(201);
    const id = created.json<{ id: number }>().id;
    const lines = (await server.call('GET', `/api/inventories/${id}/lines`, { token })).json<LineDto[]>();
    const by = (ref: string): LineDto => lines.find((l) => l.itemRef === ref)!;
    expect([by('TUBE').decimals, by('SAC').decimals, 'decimals' in by('VIS')]).toEqual([true, false, false]);

    const counter = await server.token('compteur');
    await push(server, counter, id, 'phone-1', [event(by('TUBE').key, '1.5', 1)]);
    const refused = await server.call('POST', `/api/inventories/${id}/counts`, {
      token: counter,
      body: { deviceId: 'phone-1', events: [event(by('SAC').key, '2.5', 2)] },
    });
    expectError(refused, 400, 'invalid_quantity');
  });
});
