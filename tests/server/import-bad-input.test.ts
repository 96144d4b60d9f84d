/**
 * Bad stock files (issue 18): each gets a message naming its row and column, and the
 * database is unchanged — a file refused outright leaves no trace at all; a file whose
 * rows are wrong leaves only its entry in the import log (what was sent, and why it was
 * refused), and it cannot be imported.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportErrorCode } from '../../src/core/import/issues';
import { csvBytes, FRENCH_EXCEL, FRENCH_EXCEL_UTF8, xlsxBytes, type CellValue } from '../support/stockFiles';
import { changedTables, dumpTables } from './fuzz/dump';
import { startTestServer, type TestServer } from './harness';
import { commitRaw, CSV_TYPE, importFile, preview, upload, uploadRaw, XLSX_TYPE } from './importClient';
import { expectError } from './support';

const HEADERS = [
  'reference',
  'designation',
  'type',
  'emplacement',
  'serie',
  'unite',
  'quantite',
  'cout_unitaire',
  'code-barres',
];
const GOOD: CellValue[] = ['OK-1', 'Article correct', 'articles', 'A-01', null, 'pcs', 5, 2, null];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ empty: true });
  // A catalogue to protect: one item with a barcode, one serial-tracked item.
  await importFile(
    server,
    csvBytes(
      HEADERS,
      [
        ['BASE', 'Article en stock', 'articles', 'A-01', null, 'pcs', 10, 1.5, '3760000000017'],
        ['SERIE', 'Machine suivie', 'articles', 'B-01', 'SN-1', 'pcs', 1, 300, null],
      ],
      FRENCH_EXCEL,
    ),
    { location: 'DEP-01' },
  );
});
afterAll(async () => server.close());

const dump = async (): Promise<Map<string, string>> => {
  const d = await dumpTables(server.db);
  d.delete('sessions');
  return d;
};

/** A file refused at the door: 4xx with this code, and not one row changed anywhere. */
async function refusedAtUpload(
  bytes: Uint8Array,
  code: string,
  options: { fileName?: string; type?: string; status?: number } = {},
): Promise<string> {
  const before = await dump();
  const res = await uploadRaw(server, bytes, { location: 'DEP-01', ...options });
  const error = expectError(res, options.status ?? 422, code);
  expect(changedTables(before, await dump())).toEqual([]);
  return error.message;
}

/**
 * A file whose rows are wrong: the preview lists the error at this row and column, the
 * import is refused, and nothing changed but the import log's entry for the file.
 */
async function refusedRows(
  rows: readonly (readonly CellValue[])[],
  expected: { code: ImportErrorCode; row: number; header: string | null },
  file: Promise<Uint8Array> | Uint8Array = csvBytes(HEADERS, rows, FRENCH_EXCEL),
  type = CSV_TYPE,
): Promise<string> {
  const before = await dump();
  const info = await upload(server, await file, {
    location: 'DEP-01',
    type,
    fileName: type === CSV_TYPE ? 'stock.csv' : 'stock.xlsx',
  });
  const p = await preview(server, info);
  const hit = p.errors.find((e) => e.code === expected.code);
  expect(hit, JSON.stringify(p.errors)).toBeDefined();
  expect({ row: hit?.row, header: hit?.header }).toEqual({ row: expected.row, header: expected.header });
  expect(hit?.message.length).toBeGreaterThan(10);
  expectError(await commitRaw(server, info.id, p.token), 409, 'import_has_errors');
  expect(changedTables(before, await dump())).toEqual(['imports']);
  return hit?.message ?? '';
}

describe('bad stock files change nothing', () => {
  it('wrong encoding: UTF-8 with one line saved in Windows-1252', async () => {
    const utf8 = new TextEncoder().encode('reference;designation;quantite\r\nA;Clé;1\r\n');
    const latin = Uint8Array.from(Buffer.from('B;Clé à molette;2\r\n', 'latin1'));
    const message = await refusedAtUpload(Uint8Array.from([...utf8, ...latin]), 'bad_encoding');
    expect(message).toMatch(/line 3/);
  });

  it('duplicate keys: the same stock line twice', async () => {
    await refusedRows([GOOD, ['OK-2', 'x', 'articles', 'A-02', null, 'pcs', 1, 1, null], GOOD], {
      code: 'duplicate_line',
      row: 4,
      header: 'reference',
    });
  });

  it('a serial number with a quantity other than 0 or 1', async () => {
    await refusedRows([GOOD, ['SERIE', 'Machine suivie', 'articles', 'B-01', 'SN-2', 'pcs', 2, 300, null]], {
      code: 'serial_quantity',
      row: 3,
      header: 'quantite',
    });
  });

  it('decimals on a whole-number unit', async () => {
    await refusedRows([['OK-1', 'Article correct', 'articles', 'A-01', null, 'pcs', 1.5, 2, null]], {
      code: 'whole_quantity',
      row: 2,
      header: 'quantite',
    });
  });

  it('negative stock', async () => {
    await refusedRows([GOOD, ['NEG', 'Négatif', 'articles', 'A-03', null, 'pcs', -3, 2, null]], {
      code: 'negative_quantity',
      row: 3,
      header: 'quantite',
    });
  });

  it('an unknown kind', async () => {
    await refusedRows([['K', 'Fourniture', 'consommable', 'A-01', null, 'pcs', 1, 1, null]], {
      code: 'unknown_kind',
      row: 2,
      header: 'type',
    });
  });

  it('one barcode on two items, in the file', async () => {
    await refusedRows(
      [
        ['X-1', 'Un', 'articles', 'A-01', null, 'pcs', 1, 1, '3760000000024'],
        ['X-2', 'Deux', 'articles', 'A-01', null, 'pcs', 1, 1, '3760000000024'],
      ],
      { code: 'barcode_two_items', row: 3, header: 'code-barres' },
    );
  });

  it('a barcode the catalogue already gives to another item', async () => {
    await refusedRows([['X-3', 'Trois', 'articles', 'A-01', null, 'pcs', 1, 1, '3760000000017']], {
      code: 'barcode_taken',
      row: 2,
      header: 'code-barres',
    });
  });

  it('a cell starting with "=" (a formula)', async () => {
    await refusedRows([GOOD, ['F', '=HYPERLINK("http://x")', 'articles', 'A-01', null, 'pcs', 1, 1, null]], {
      code: 'formula_cell',
      row: 3,
      header: 'designation',
    });
  });

  it('a truncated CSV: the last row cut short', async () => {
    const whole = csvBytes(
      HEADERS,
      [GOOD, ['OK-2', 'Deux', 'articles', 'A-02', null, 'pcs', 4, 1, null]],
      FRENCH_EXCEL,
    );
    const cut = whole.subarray(0, whole.length - 12);
    await refusedRows([], { code: 'wrong_cell_count', row: 3, header: null }, cut);
  });

  it('a truncated CSV: a quoted cell never closed', async () => {
    const text = 'reference;designation;quantite\r\nA;"Vis; 4 mm;3\r\n';
    await refusedAtUpload(new TextEncoder().encode(text), 'unclosed_quote');
  });

  it('a truncated XLSX', async () => {
    const whole = await xlsxBytes(HEADERS, [GOOD]);
    await refusedAtUpload(whole.subarray(0, Math.floor(whole.length * 0.7)), 'damaged_xlsx', {
      fileName: 'stock.xlsx',
      type: XLSX_TYPE,
    });
  });

  it('an XLSX that is not one: another ZIP, an old .xls, a PDF, a binary file', async () => {
    const zip = new JSZip();
    zip.file('manifest.json', '{}');
    const other = await zip.generateAsync({ type: 'uint8array' });
    const xlsx = { fileName: 'stock.xlsx', type: XLSX_TYPE };
    await refusedAtUpload(other, 'not_xlsx', xlsx);
    await refusedAtUpload(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old_xls', xlsx);
    await refusedAtUpload(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n'), 'not_a_spreadsheet', xlsx);
    await refusedAtUpload(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0]), 'not_a_spreadsheet', xlsx);
  });

  it('a 500 MB file is refused before it is read (413)', async () => {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.app.server.address() as AddressInfo;
    const token = await server.token('superviseur');
    const before = await dump();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/imports?fileName=stock.csv',
          headers: { authorization: `Bearer ${token}`, 'content-type': CSV_TYPE, 'content-length': 500 * 1024 * 1024 },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.write(Buffer.alloc(1024 * 1024, 0x41));
    });
    expect(status).toBe(413);
    expect(changedTables(before, await dump())).toEqual([]);
  });

  it('a reference described two ways', async () => {
    await refusedRows(
      [
        ['D', 'Désignation une', 'articles', 'A-01', null, 'pcs', 1, 1, null],
        ['D', 'Désignation deux', 'articles', 'A-02', null, 'pcs', 1, 1, null],
      ],
      { code: 'conflicting_item', row: 3, header: 'designation' },
    );
  });

  it('a barcode a spreadsheet turned into a number in scientific notation', async () => {
    await refusedRows([['E', 'EAN perdu', 'articles', 'A-01', null, 'pcs', 1, 1, '3,76E+12']], {
      code: 'scientific_number',
      row: 2,
      header: 'code-barres',
    });
  });

  it('a number that reads two ways ("1.234" in a file of decimal commas)', async () => {
    await refusedRows([['A', 'Ambigu', 'articles', 'A-01', null, 'kg', '1.234', 1, null]], {
      code: 'ambiguous_number',
      row: 2,
      header: 'quantite',
    });
  });

  it('an invisible or direction-changing character in a reference', async () => {
    const rows = [['AB\u202eC', 'Inversé', 'articles', 'A-01', null, 'pcs', 1, 1, null]];
    await refusedRows(
      rows,
      { code: 'invisible_character', row: 2, header: 'reference' },
      csvBytes(HEADERS, rows, FRENCH_EXCEL_UTF8),
    );
  });

  it('a serial-tracked item without its serial number', async () => {
    await refusedRows([['SERIE', 'Machine suivie', 'articles', 'B-02', null, 'pcs', 1, 300, null]], {
      code: 'serial_required',
      row: 2,
      header: 'serie',
    });
  });

  it('a spreadsheet error in an XLSX cell (#N/A)', async () => {
    const zip = await xlsxBytes(HEADERS, [['NA', 'Erreur', 'articles', 'A-01', null, 'pcs', 1, 1, null]]);
    const opened = await JSZip.loadAsync(zip);
    const sheet = (await opened.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    opened.file('xl/worksheets/sheet1.xml', sheet.replace('<c r="H2"><v>1</v></c>', '<c r="H2" t="e"><v>#N/A</v></c>'));
    await refusedRows(
      [],
      { code: 'error_cell', row: 2, header: 'cout_unitaire' },
      opened.generateAsync({ type: 'uint8array' }),
      XLSX_TYPE,
    );
  });

  it('no quantity column to replace the stock with: refused before any row is read', async () => {
    const info = await upload(server, csvBytes(['reference', 'designation'], [['A', 'B']], FRENCH_EXCEL), {
      location: 'DEP-01',
    });
    const res = await server.call('POST', `/api/imports/${info.id}/preview`, {
      token: await server.token('superviseur'),
      body: info.suggested,
    });
    expectError(res, 400, 'missing_column');
  });
});
