/** One row read through a mapping: what it says, or every problem with its column. */
import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../src/core/import/mapping';
import { readRow, type Cell, type RowContext } from '../../src/core/import/row';

const HEADERS = [
  'ref',
  'désignation',
  'lieu',
  'emplacement',
  'lot',
  'série',
  'unité',
  'quantité',
  'coût unitaire',
  'EAN',
  'EAN colis',
  'qté colis',
];
const ctx: RowContext = {
  mapping: suggestMapping(HEADERS).mapping,
  decimal: ',',
  defaultLocation: 'DEP-01',
  defaultBin: 'GENERAL',
  requireQty: true,
};
const row = (cells: Cell[], c: Partial<RowContext> = {}) => readRow(7, cells, { ...ctx, ...c });

describe('readRow', () => {
  it('reads every field, with the defaults for what the file leaves empty', () => {
    const r = row([
      '[VIS-4] Vis',
      '',
      '',
      '',
      '',
      '',
      'pcs',
      '12',
      '0,0425',
      '3760000000017|3760000000024',
      '13760000000014',
      '12',
    ]);
    expect(r.issues).toEqual([]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      row: 7,
      itemRef: 'VIS-4',
      designation: 'Vis',
      location: 'DEP-01',
      bin: 'GENERAL',
      lot: null,
      serial: null,
      unit: 'pcs',
      qty: 12000n,
      unitCost: 425n,
      barcodes: ['3760000000017', '3760000000024'],
      pack: { code: '13760000000014', qty: 12000n },
    });
  });

  it('XLSX cells: a number cell keeps its digits, in a number field as in a text field', () => {
    const r = row([
      { number: '4711' },
      'Vis',
      '',
      'A1',
      '',
      '',
      '',
      { number: '12.300000000000001' },
      { number: '0.1' },
      { number: '3760000000017' },
      '',
      '',
    ]);
    expect(r.issues).toEqual([]);
    expect(r.rows[0]).toMatchObject({ itemRef: '4711', qty: 12300n, unitCost: 1000n, barcodes: ['3760000000017'] });
  });

  it('names the column of each problem, and reads none of the row', () => {
    const r = row(['', 'Vis', '', '', '', '', '', '-2', 'beaucoup', '', '', '']);
    expect(r.rows).toEqual([]);
    expect(r.issues.map((i) => [i.code, i.header])).toEqual([
      ['required', 'ref'],
      ['negative_quantity', 'quantité'],
      ['invalid_number', 'coût unitaire'],
    ]);
  });

  it('an empty quantity is an error when replacing stock, not for the catalogue', () => {
    const cells = ['A', 'x', '', '', '', '', '', '', '', '', '', ''];
    expect(row(cells).issues.map((i) => i.code)).toEqual(['required']);
    expect(row(cells, { requireQty: false }).issues).toEqual([]);
  });

  it('several serial numbers in one cell (ERPNext): one line of one each', () => {
    const r = row(['M', 'Machine', '', 'B1', '', 'SN1\nSN2, SN3', '', '3', '', '', '', '']);
    expect(r.issues).toEqual([]);
    expect(r.rows.map((x) => [x.serial, x.qty])).toEqual([
      ['SN1', 1000n],
      ['SN2', 1000n],
      ['SN3', 1000n],
    ]);
    expect(row(['M', 'Machine', '', 'B1', '', 'SN1\nSN2', '', '3', '', '', '', '']).issues.map((i) => i.code)).toEqual([
      'serial_quantity',
    ]);
    expect(row(['M', 'Machine', '', 'B1', '', 'SN1, SN1', '', '2', '', '', '', '']).issues.map((i) => i.code)).toEqual([
      'duplicate_line',
    ]);
  });

  it('a serial number is 0 or 1; a pack barcode needs its quantity', () => {
    expect(row(['M', 'x', '', 'B1', '', 'SN1', '', '2', '', '', '', '']).issues.map((i) => i.code)).toEqual([
      'serial_quantity',
    ]);
    expect(row(['M', 'x', '', 'B1', '', '', '', '2', '', '', '13760000000014', '']).issues.map((i) => i.code)).toEqual([
      'pack_qty_required',
    ]);
  });

  it('a cost with more decimals than money keeps is rounded, with a warning', () => {
    const r = row(['A', 'x', '', '', '', '', '', '1', '12,345678', '', '', '']);
    expect(r.rows[0]?.unitCost).toBe(123457n);
    expect(r.issues.map((i) => i.code)).toEqual(['cost_rounded']);
  });

  it('a barcode with a wrong check digit is kept, with a warning', () => {
    const r = row(['A', 'x', '', '', '', '', '', '1', '', '3760000000012', '', '']);
    expect(r.rows[0]?.barcodes).toEqual(['3760000000012']);
    expect(r.issues.map((i) => i.code)).toEqual(['check_digit']);
  });

  it('a spreadsheet error in a cell', () => {
    expect(row(['A', 'x', '', '', '', '', '', { error: '#N/A' }, '', '', '', '']).issues.map((i) => i.code)).toEqual([
      'error_cell',
    ]);
  });
});
