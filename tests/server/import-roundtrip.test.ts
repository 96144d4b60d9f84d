/**
 * The round trip a shop makes on its first day: the stock.csv of a before ZIP (the demo's
 * 600 lines: lots, serial numbers, decimal units, designations a spreadsheet would run as
 * formulas) imported into an empty database, then exported again: the same rows and
 * values, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { lineFromDto, type LineDto, type LocationDto, type StockLineDto } from '../../src/core/api/dto';
import { buildBeforeExport } from '../../src/core/export/build';
import { FRENCH_CSV } from '../../src/core/export/csv';
import { readExport } from '../../src/core/export/read';
import { stockCsv, stockRowsFromLines } from '../../src/core/export/stock';
import { zipExport } from '../../src/core/export/zip';
import { money } from '../../src/core/money';
import { qty } from '../../src/core/quantity';
import { decimalToScaled } from '../../src/core/api/dto';
import { startTestServer, type TestServer } from './harness';
import { commit, preview, upload } from './importClient';
import { createInventory } from './support';

async function locationOf(server: TestServer, code: string): Promise<LocationDto> {
  const all = (await server.call('GET', '/api/locations', { token: await server.token('superviseur') })).json<
    LocationDto[]
  >();
  const loc = all.find((l) => l.code === code);
  if (!loc) throw new Error(`no location ${code}`);
  return loc;
}

async function stockCsvOf(server: TestServer, loc: LocationDto): Promise<Uint8Array> {
  const res = await server.call('GET', `/api/stock?locationId=${loc.id}`, { token: await server.token('superviseur') });
  const rows = res.json<StockLineDto[]>().map((l) => ({
    ...l,
    qty: qty(decimalToScaled(l.qty, 3)),
    unitCost: money(decimalToScaled(l.unitCost, 4)),
  }));
  return stockCsv(rows, FRENCH_CSV).file.bytes;
}

describe('a before ZIP’s stock.csv imported into an empty database', () => {
  it('exports back the same rows and values, byte for byte', async () => {
    const demo = await startTestServer();
    let original: Uint8Array;
    let lineCount: number;
    try {
      const dep = await locationOf(demo, 'DEP-01');
      const inv = await createInventory(demo, { name: 'Avant', locationId: dep.id, kind: 'pieces' });
      const res = await demo.call('GET', `/api/inventories/${inv.id}/lines`, {
        token: await demo.token('superviseur'),
      });
      const lines = res.json<LineDto[]>().map(lineFromDto);
      lineCount = lines.length;
      expect(lines.some((l) => l.serial !== null)).toBe(true);
      expect(lines.some((l) => l.lot !== null)).toBe(true);
      const files = await buildBeforeExport(
        {
          phase: 'before',
          inventory: { id: inv.id, name: inv.name, kind: inv.kind, status: inv.status },
          location: { id: dep.id, code: dep.code, name: dep.name },
          generatedBy: 'superviseur',
          generatedAt: '2026-12-03T10:00:00.000Z',
        },
        stockRowsFromLines(lines),
      );
      const zip = await zipExport(files, '2026-12-03T10:00:00.000Z');
      const opened = await readExport(zip);
      if (!opened.ok) throw new Error(opened.error.message);
      const csv = opened.value.files.get('stock.csv');
      if (!csv) throw new Error('no stock.csv in the before ZIP');
      original = csv;
    } finally {
      await demo.close();
    }

    const empty = await startTestServer({ empty: true });
    try {
      const info = await upload(empty, original, { fileName: 'stock.csv', location: 'DEP-01' });
      expect(info.preset).toBe('decompte');
      const p = await preview(empty, info);
      expect(p.errors).toEqual([]);
      expect(p.lines.new).toBe(lineCount);
      await commit(empty, info.id, p.token);
      const exported = await stockCsvOf(empty, await locationOf(empty, 'DEP-01'));
      expect(new TextDecoder().decode(exported)).toBe(new TextDecoder().decode(original));
    } finally {
      await empty.close();
    }
  });
});
