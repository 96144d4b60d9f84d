/**
 * Loading a shop's own stock (issue 18) through the API, on an empty database as a new
 * shop has it: CSV as French Excel and English tools save it, XLSX, preview figures,
 * replace and items-only modes, the same file twice, a counted location refusing it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocationDto, StockLineDto } from '../../src/core/api/dto';
import type { MovementDto } from '../../src/core/outbound';
import {
  csvBytes,
  ENGLISH,
  FRENCH_EXCEL,
  FRENCH_EXCEL_UTF8,
  UNICODE_TEXT,
  xlsxBytes,
  type CellValue,
} from '../support/stockFiles';
import { startTestServer, type TestServer } from './harness';
import { commit, commitRaw, importFile, preview, upload, XLSX_TYPE } from './importClient';
import { expectError } from './support';
import { changedTables, dumpTables } from './fuzz/dump';

const HEADERS = [
  'Référence',
  'Désignation',
  'Type',
  'Fournisseur',
  'Emplacement',
  'Lot',
  'Série',
  'Unité',
  'Quantité',
  'Coût unitaire',
  'Code-barres',
];
const ROWS: CellValue[][] = [
  ['VIS-4', 'Vis à bois 4 mm', 'articles', 'Würth', 'A-01', null, null, 'pcs', 120, 0.0425, '3760000000017'],
  ['VIS-4', 'Vis à bois 4 mm', 'articles', 'Würth', 'A-02', null, null, 'pcs', 30, 0.0425, '3760000000017'],
  ['CABLE', 'Câble 2,5 mm² « rouge »', 'articles', null, 'B-01', null, null, 'm', 12.5, 1.2, null],
  ['PEINT', 'Peinture œuf', 'articles', 'Tollens', 'B-02', 'L2026-07', null, 'l', 3.75, 18.9, '3760000000024'],
  ['PERC', 'Perceuse 18 V', 'articles', 'Makita', 'C-01', null, 'SN-001', 'pcs', 1, 129, null],
  ['PERC', 'Perceuse 18 V', 'articles', 'Makita', 'C-01', null, 'SN-002', 'pcs', 1, 129, null],
];

async function stockOf(server: TestServer, code: string): Promise<StockLineDto[]> {
  const token = await server.token('superviseur');
  const locations = (await server.call('GET', '/api/locations', { token })).json<LocationDto[]>();
  const loc = locations.find((l) => l.code === code);
  expect(loc, `location ${code}`).toBeDefined();
  return (await server.call('GET', `/api/stock?locationId=${loc?.id}`, { token })).json<StockLineDto[]>();
}

const dumpWithoutSessions = async (server: TestServer): Promise<Map<string, string>> => {
  const d = await dumpTables(server.db);
  d.delete('sessions');
  return d;
};

describe('importing a stock file into an empty database', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ empty: true });
  });
  afterEach(async () => server.close());

  it('reads a CSV saved by a French Excel (Windows-1252, ";", decimal comma) and imports it all', async () => {
    const bytes = csvBytes(HEADERS, ROWS, FRENCH_EXCEL);
    const info = await upload(server, bytes, { location: 'DEP-01' });
    expect(info.encoding).toBe('windows-1252');
    expect(info.separator).toBe(';');
    expect(info.suggested.decimal).toBe(',');
    expect(info.suggested.mapping.map((m) => m.field)).toEqual([
      'itemRef',
      'designation',
      'kind',
      'supplier',
      'bin',
      'lot',
      'serial',
      'unit',
      'qty',
      'unitCost',
      'barcode',
    ]);
    expect(info.sample[0]?.[1]).toBe('Vis à bois 4 mm');
    const p = await preview(server, info);
    expect(p.errors).toEqual([]);
    expect(p.rows).toBe(6);
    expect(p.locations).toEqual([{ code: 'DEP-01', name: 'DEP-01', isNew: true, frozenBy: null }]);
    expect(p.items).toEqual({ new: 4, changed: 0, unchanged: 0, missing: 0 });
    expect(p.lines).toEqual({ new: 6, changed: 0, unchanged: 0, missing: 0 });
    expect(p.movements).toBe(6);
    expect(p.valueBefore).toBe('0.0000');
    // 120×0.0425 + 30×0.0425 + 12.5×1.2 + 3.75×18.9 + 129 + 129 = 5.1 + 1.275 + 15 + 70.875 + 258
    expect(p.valueAfter).toBe('350.2500');
    const before = await dumpWithoutSessions(server);
    expect(changedTables(before, await dumpWithoutSessions(server))).toEqual([]);
    const result = await commit(server, info.id, p.token);
    expect(result.movements).toBe(6);
    const stock = await stockOf(server, 'DEP-01');
    expect(stock.map((l) => [l.itemRef, l.designation, l.bin, l.lot, l.serial, l.unit, l.qty, l.unitCost])).toEqual([
      ['VIS-4', 'Vis à bois 4 mm', 'A-01', null, null, 'pcs', '120.000', '0.0425'],
      ['VIS-4', 'Vis à bois 4 mm', 'A-02', null, null, 'pcs', '30.000', '0.0425'],
      ['CABLE', 'Câble 2,5 mm² « rouge »', 'B-01', null, null, 'm', '12.500', '1.2000'],
      ['PEINT', 'Peinture œuf', 'B-02', 'L2026-07', null, 'l', '3.750', '18.9000'],
      ['PERC', 'Perceuse 18 V', 'C-01', null, 'SN-001', 'pcs', '1.000', '129.0000'],
      ['PERC', 'Perceuse 18 V', 'C-01', null, 'SN-002', 'pcs', '1.000', '129.0000'],
    ]);
    const items = await server.db.query<{ ref: string; tracking: string; decimals: boolean; supplier: string | null }>(
      'SELECT ref, tracking, decimals, supplier FROM items ORDER BY ref',
    );
    expect(items).toEqual([
      { ref: 'CABLE', tracking: 'none', decimals: true, supplier: null },
      { ref: 'PEINT', tracking: 'lot', decimals: true, supplier: 'Tollens' },
      { ref: 'PERC', tracking: 'serial', decimals: false, supplier: 'Makita' },
      { ref: 'VIS-4', tracking: 'none', decimals: false, supplier: 'Würth' },
    ]);
    const barcodes = await server.db.query<{ barcode: string; item_ref: string }>(
      'SELECT barcode, item_ref FROM item_barcodes ORDER BY barcode',
    );
    expect(barcodes).toEqual([
      { barcode: '3760000000017', item_ref: 'VIS-4' },
      { barcode: '3760000000024', item_ref: 'PEINT' },
    ]);
    const moves = await server.db.query<{ n: number; reasons: string; import_ids: string }>(
      `SELECT count(*)::int AS n, string_agg(DISTINCT reason, ',') AS reasons, string_agg(DISTINCT import_id::text, ',') AS import_ids FROM stock_movements`,
    );
    expect(moves).toEqual([{ n: 6, reasons: 'import', import_ids: String(info.id) }]);
    // The ERP pulls them from the movements feed, valued at the imported costs.
    const feed = await server.call('GET', '/api/movements?after=0', { token: await server.token('superviseur') });
    expect(feed.status, feed.body).toBe(200);
    const pulled = feed.json<{ movements: MovementDto[] }>().movements;
    expect(pulled.map((m) => [m.reason, m.importId, m.itemRef, m.quantity, m.unitCost, m.value])).toEqual(
      expect.arrayContaining([
        ['import', info.id, 'VIS-4', '120.000', '0.0425', '5.1000'],
        ['import', info.id, 'PEINT', '3.750', '18.9000', '70.8750'],
      ]),
    );
    expect(pulled).toHaveLength(6);
  });

  it('reads the same stock from UTF-8 with a BOM, from an English CSV and from UTF-16 "Unicode text"', async () => {
    for (const [dialect, decimal] of [
      [FRENCH_EXCEL_UTF8, ','],
      [ENGLISH, '.'],
      [UNICODE_TEXT, ','],
    ] as const) {
      const info = await upload(server, csvBytes(HEADERS, ROWS, dialect), { location: 'DEP-01' });
      expect(info.suggested.decimal).toBe(decimal);
      const p = await preview(server, info);
      expect(p.errors).toEqual([]);
      expect(p.valueAfter).toBe('350.2500');
    }
  });

  it('reads an XLSX workbook (shared strings, number cells) the same way', async () => {
    const info = await upload(server, await xlsxBytes(HEADERS, ROWS), {
      fileName: 'Stock.xlsx',
      type: XLSX_TYPE,
      location: 'DEP-01',
    });
    expect(info.format).toBe('xlsx');
    expect(info.sheetName).toBe('Stock');
    const p = await preview(server, info);
    expect(p.errors).toEqual([]);
    expect(p.valueAfter).toBe('350.2500');
    await commit(server, info.id, p.token);
    expect((await stockOf(server, 'DEP-01')).map((l) => l.qty)).toEqual([
      '120.000',
      '30.000',
      '12.500',
      '3.750',
      '1.000',
      '1.000',
    ]);
  });

  it('keeps each file as it came: a CSV gzipped (smaller), an XLSX as it is; both read back to the same bytes', async () => {
    const csv = csvBytes(HEADERS, Array.from({ length: 200 }, () => ROWS).flat(), FRENCH_EXCEL);
    const xlsx = await xlsxBytes(HEADERS, ROWS);
    const a = await upload(server, csv, { location: 'DEP-01' });
    const b = await upload(server, xlsx, { fileName: 'Stock.xlsx', type: XLSX_TYPE, location: 'DEP-01' });
    const stored = await server.db.query<{ id: number; encoding: string; stored: number; size: number }>(
      'SELECT id, content_encoding AS encoding, length(content) AS stored, size FROM imports WHERE id = ANY($1::int[]) ORDER BY id',
      [[String(a.id), String(b.id)]],
    );
    expect(stored.map((r) => r.encoding)).toEqual(['gzip', 'identity']);
    expect(stored[0]!.stored).toBeLessThan(stored[0]!.size / 4);
    expect(stored[1]!.stored).toBe(xlsx.byteLength);
    // Read back (a preview reads the stored file): the same rows as the first upload saw.
    for (const info of [a, b]) {
      const again = (
        await server.call('GET', `/api/imports/${info.id}?location=DEP-01`, {
          token: await server.token('superviseur'),
        })
      ).json<typeof info>();
      expect(again.sha256).toBe(info.sha256);
      expect(again.sample).toEqual(info.sample);
    }
    expect((await preview(server, a)).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'duplicate_line' })]),
    );
  });

  it('imports the same file twice: the second changes nothing', async () => {
    const bytes = csvBytes(HEADERS, ROWS, FRENCH_EXCEL);
    await importFile(server, bytes, { location: 'DEP-01' });
    const before = await dumpWithoutSessions(server);
    const info = await upload(server, bytes, { location: 'DEP-01' });
    const p = await preview(server, info);
    expect(p.items).toEqual({ new: 0, changed: 0, unchanged: 4, missing: 0 });
    expect(p.lines).toEqual({ new: 0, changed: 0, unchanged: 6, missing: 0 });
    expect(p.movements).toBe(0);
    expect(p.valueBefore).toBe(p.valueAfter);
    await commit(server, info.id, p.token);
    // Only the import log records the second file.
    expect(changedTables(before, await dumpWithoutSessions(server))).toEqual(['import_mappings', 'imports']);
  });

  it('replaces a location’s stock: changed lines move, lines missing from the file go to 0, each a movement', async () => {
    await importFile(server, csvBytes(HEADERS, ROWS, FRENCH_EXCEL), { location: 'DEP-01' });
    const next = ROWS.filter((r) => r[4] !== 'B-01').map((r) =>
      r[4] === 'A-01' ? [...r.slice(0, 8), 100, ...r.slice(9)] : r,
    );
    const info = await upload(server, csvBytes(HEADERS, next, FRENCH_EXCEL), { location: 'DEP-01' });
    const p = await preview(server, info);
    expect(p.lines).toEqual({ new: 0, changed: 1, unchanged: 4, missing: 1 });
    expect(p.items).toEqual({ new: 0, changed: 0, unchanged: 3, missing: 1 });
    expect(p.movements).toBe(2);
    await commit(server, info.id, p.token);
    const stock = await stockOf(server, 'DEP-01');
    expect(stock.find((l) => l.bin === 'A-01')?.qty).toBe('100.000');
    expect(stock.find((l) => l.bin === 'B-01')?.qty).toBe('0.000');
    const moves = await server.db.query<{ item_ref: string; bin: string; delta: string }>(
      `SELECT item_ref, bin, delta::text FROM stock_movements WHERE import_id = $1 ORDER BY bin`,
      [info.id],
    );
    expect(moves).toEqual([
      { item_ref: 'VIS-4', bin: 'A-01', delta: '-20.000' },
      { item_ref: 'CABLE', bin: 'B-01', delta: '-12.500' },
    ]);
  });

  it('items only: the catalogue is loaded and changed, the stock is not touched', async () => {
    await importFile(server, csvBytes(HEADERS, ROWS, FRENCH_EXCEL), { location: 'DEP-01' });
    const stockBefore = await stockOf(server, 'DEP-01');
    const catalogue = [
      ['VIS-4', 'Vis à bois 4 mm inox', null, null, null, null, null, null, null, 0.05, '3760000000031'],
      ['NEUF', 'Article neuf', 'pièces', null, null, null, null, 'kg', null, 7, null],
    ];
    const info = await upload(server, csvBytes(HEADERS, catalogue, FRENCH_EXCEL), { location: 'DEP-01' });
    const p = await preview(server, info, { mode: 'items' });
    expect(p.errors).toEqual([]);
    expect(p.items).toEqual({ new: 1, changed: 1, unchanged: 0, missing: 3 });
    expect(p.movements).toBe(0);
    // The cost of VIS-4 moves from 0.0425 to 0.05 on 150 pieces: +1.125
    expect(Number(p.valueAfter) - Number(p.valueBefore)).toBeCloseTo(1.125, 4);
    await commit(server, info.id, p.token);
    expect(await stockOf(server, 'DEP-01')).toEqual(
      stockBefore.map((l) =>
        l.itemRef === 'VIS-4' ? { ...l, designation: 'Vis à bois 4 mm inox', unitCost: '0.0500' } : l,
      ),
    );
    const [neuf] = await server.db.query<{ kind: string; unit: string; decimals: boolean }>(
      `SELECT kind, unit, decimals FROM items WHERE ref = 'NEUF'`,
    );
    expect(neuf).toEqual({ kind: 'pieces', unit: 'kg', decimals: true });
    const codes = await server.db.query<{ barcode: string }>(
      `SELECT barcode FROM item_barcodes WHERE item_ref = 'VIS-4' ORDER BY 1`,
    );
    expect(codes.map((c) => c.barcode)).toEqual(['3760000000017', '3760000000031']);
  });

  it('a newer preview makes the older one stale; an imported file cannot be imported again', async () => {
    const info = await upload(server, csvBytes(HEADERS, ROWS, FRENCH_EXCEL), { location: 'DEP-01' });
    const first = await preview(server, info);
    const second = await preview(server, info);
    expectError(await commitRaw(server, info.id, first.token), 409, 'preview_stale');
    await commit(server, info.id, second.token);
    expectError(await commitRaw(server, info.id, second.token), 409, 'import_done');
  });
});

describe('an import and a counted location', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  it('refuses to replace the stock of a location being counted (423), and changes nothing', async () => {
    const token = await server.token('superviseur');
    const locations = (await server.call('GET', '/api/locations', { token })).json<LocationDto[]>();
    const dep = locations.find((l) => l.code === 'DEP-01');
    const created = await server.call('POST', '/api/inventories', {
      token,
      body: { name: 'Inventaire 2026', locationId: dep?.id, kind: 'articles' },
    });
    expect(created.status, created.body).toBe(201);
    // The demo's catalogue already has these barcodes: the rows here carry none.
    const rows = ROWS.map((r) => [...r.slice(0, 10), null]);
    const info = await upload(server, csvBytes(HEADERS, rows, FRENCH_EXCEL), { location: 'DEP-01' });
    const p = await preview(server, info);
    expect(p.errors.map((e) => e.code)).toEqual(['location_frozen']);
    expect(p.locations[0]?.frozenBy?.name).toBe('Inventaire 2026');
    const before = await dumpWithoutSessions(server);
    expectError(await commitRaw(server, info.id, p.token), 409, 'import_has_errors');
    expect(changedTables(before, await dumpWithoutSessions(server))).toEqual([]);
  });
});
