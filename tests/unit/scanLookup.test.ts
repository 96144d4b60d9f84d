/** The scan index (src/core/scanLookup.ts): which lines a scan names, at 100,000+ lines. */
import { describe, expect, it } from 'vitest';
import { GS, scanQuery } from '../../src/core/gs1';
import { formatQty } from '../../src/core/quantity';
import { CodeIndex, type IndexedLine } from '../../src/core/scanLookup';

const line = (itemRef: string, barcodes: string[], extra: Partial<IndexedLine> = {}): IndexedLine => ({
  itemRef,
  barcodes,
  lot: null,
  serial: null,
  ...extra,
});

describe('CodeIndex', () => {
  const lines: IndexedLine[] = [
    line('ART-1', ['3760000000017', '3770000000016'], { packs: [{ code: '3770000000016', qty: '12.000' }] }),
    line('ART-1', ['3760000000017', '3770000000016'], { packs: [{ code: '3770000000016', qty: '12.000' }] }),
    line('PCE-7', ['PCE-7']),
    line('LOT-1', ['03453120000011'], { lot: 'L1' }),
    line('LOT-1', ['03453120000011'], { lot: 'L2' }),
    line('SER-1', ['0012345678905'], { serial: 'S1' }),
  ];
  const index = new CodeIndex(lines);
  const find = (text: string, gs1 = false) => index.find(lines, scanQuery(text, gs1));

  it('finds every line of a barcode, a unit counting 1 and a carton its pack', () => {
    expect(find('3760000000017')).toMatchObject({ kind: 'lines', lines: [0, 1] });
    const unit = find('3760000000017');
    const carton = find('3770000000016');
    if (unit.kind !== 'lines' || carton.kind !== 'lines') throw new Error('not found');
    expect(formatQty(unit.pack)).toBe('1.000');
    expect(formatQty(carton.pack)).toBe('12.000');
  });

  it('finds a pièce by its reference, whatever the case, and a product by another length of its GTIN', () => {
    expect(find('pce-7')).toMatchObject({ kind: 'lines', lines: [2] });
    expect(find('012345678905')).toMatchObject({ kind: 'lines', lines: [5] }); // UPC-A of an EAN-13
    expect(find('ART-1')).toMatchObject({ kind: 'lines', lines: [0, 1] });
  });

  it('narrows a GS1 label to its lot or serial, and offers the item when the lot is not in the list', () => {
    expect(find(`]C1010345312000001110L2`)).toMatchObject({ kind: 'lines', lines: [4] });
    expect(find('(01)00012345678905(21)S1')).toMatchObject({ kind: 'lines', lines: [5] });
    expect(find(`010345312000001110L9${GS}`)).toEqual({
      kind: 'unknown',
      query: { code: '03453120000011', lot: 'L9', serial: null, expiry: null },
      item: { itemRef: 'LOT-1', barcode: '03453120000011' },
    });
  });

  it('matches a UPC-E in its 8 printed digits and in its expanded 12- or 13-digit form, either way round', () => {
    const upc: IndexedLine[] = [line('UPCE-1', ['04252614']), line('UPCE-2', ['012345000065'])];
    const idx = new CodeIndex(upc);
    for (const scanned of ['04252614', '042100005264', '0042100005264'])
      expect(idx.find(upc, scanQuery(scanned))).toMatchObject({ kind: 'lines', lines: [0] });
    for (const scanned of ['01234565', '012345000065', '0012345000065'])
      expect(idx.find(upc, scanQuery(scanned))).toMatchObject({ kind: 'lines', lines: [1] });
  });

  it("offers the catalogue's own code for an item on one line, and counts a carton found on one line", () => {
    const one: IndexedLine[] = [
      line('ONE-1', ['4006381333931'], { lot: 'L1' }),
      line('BOX-1', ['4006381333948', '14006381333945'], { packs: [{ code: '14006381333945', qty: '6.000' }] }),
    ];
    const idx = new CodeIndex(one);
    expect(idx.find(one, scanQuery('(01)04006381333931(10)L9'))).toEqual({
      kind: 'unknown',
      query: { code: '04006381333931', lot: 'L9', serial: null, expiry: null },
      item: { itemRef: 'ONE-1', barcode: '4006381333931' },
    });
    const carton = idx.find(one, scanQuery('14006381333945'));
    const unit = idx.find(one, scanQuery('4006381333948'));
    if (carton.kind !== 'lines' || unit.kind !== 'lines') throw new Error('not found');
    expect([carton.lines, formatQty(carton.pack), unit.lines, formatQty(unit.pack)]).toEqual([
      [1],
      '6.000',
      [1],
      '1.000',
    ]);
  });

  it('says unknown for a code no line has', () => {
    expect(find('9780764544200')).toMatchObject({ kind: 'unknown', item: null });
  });

  it('indexes 150,000 lines and answers from them (a line added later too)', () => {
    const many: IndexedLine[] = [];
    for (let i = 0; i < 150_000; i++) many.push(line(`ART-${i}`, [`37${String(i).padStart(10, '0')}0`]));
    const big = new CodeIndex(many);
    expect(big.size).toBe(300_000);
    expect(big.find(many, scanQuery('370000123456' + '0'))).toMatchObject({ kind: 'lines', lines: [123_456] });
    many.push(line('NEW-1', ['NEWCODE']));
    big.add(many[many.length - 1]!, many.length - 1);
    expect(big.find(many, scanQuery('newcode'))).toMatchObject({ kind: 'lines', lines: [150_000] });
  });
});
