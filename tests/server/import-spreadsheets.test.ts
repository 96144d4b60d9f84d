/**
 * Files a real spreadsheet saved (tests/fixtures/import, made by LibreOffice Calc): an
 * XLSX whose numbers and EAN codes are number cells, and a Windows-1252 CSV with `;` and
 * decimal points. Both import to the same stock, to the last digit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocationDto, StockLineDto } from '../../src/core/api/dto';
import { startTestServer, type TestServer } from './harness';
import { commit, preview, upload, XLSX_TYPE } from './importClient';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ empty: true });
});
afterEach(async () => server.close());

async function importAndRead(file: string, type: string): Promise<{ stock: StockLineDto[]; codes: string[] }> {
  const info = await upload(server, new Uint8Array(fs.readFileSync(path.join(FIXTURES, file))), {
    fileName: file,
    type,
    location: 'DEP-01',
  });
  const p = await preview(server, info);
  expect(p.errors).toEqual([]);
  await commit(server, info.id, p.token);
  const token = await server.token('superviseur');
  const dep = (await server.call('GET', '/api/locations', { token }))
    .json<LocationDto[]>()
    .find((l) => l.code === 'DEP-01');
  const stock = (await server.call('GET', `/api/stock?locationId=${dep?.id}`, { token })).json<StockLineDto[]>();
  const codes = (await server.db.query<{ barcode: string }>('SELECT barcode FROM item_barcodes ORDER BY 1')).map(
    (r) => r.barcode,
  );
  return { stock, codes };
}

const EXPECTED = [
  ['VIS-4', 'Vis à bois 4 mm', 'articles', 'A-01', null, null, 'pcs', '120.000', '0.0425'],
  ['CABLE', 'Câble 2,5 mm² « rouge »', 'articles', 'B-01', null, null, 'm', '12.500', '1.2000'],
  ['PEINT', 'Peinture œuf', 'articles', 'B-02', 'L2026-07', null, 'l', '3.750', '18.9000'],
  ['PERC', 'Perceuse 18 V', 'articles', 'C-01', null, 'SN-001', 'pcs', '1.000', '129.0000'],
  ['JOINT', 'Joint 012', 'pieces', 'C-02', null, null, 'pcs', '1200.000', '0.0800'],
];
const row = (s: StockLineDto) => [s.itemRef, s.designation, s.kind, s.bin, s.lot, s.serial, s.unit, s.qty, s.unitCost];
const sorted = <T>(rows: T[]): T[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('files saved by LibreOffice Calc', () => {
  it('an XLSX: numbers and EAN-13 codes as number cells', async () => {
    const { stock, codes } = await importAndRead('libreoffice.xlsx', XLSX_TYPE);
    expect(sorted(stock.map(row))).toEqual(sorted(EXPECTED));
    expect(codes).toEqual(['3790000000011', '3790000000028', '3790000000035']);
  });

  it('a Windows-1252 CSV with ";" and decimal points', async () => {
    const { stock, codes } = await importAndRead('libreoffice-cp1252.csv', 'text/csv');
    expect(sorted(stock.map(row))).toEqual(sorted(EXPECTED));
    expect(codes).toEqual(['3790000000011', '3790000000028', '3790000000035']);
  });
});
