/**
 * The device's snapshot chunks as columns (src/app/db/chunkColumns.ts): every line reads
 * back exactly as the server sent it (absent packs stay absent, empty ones empty, nulls
 * null), every stored column is read back, and the columns are shorter than the objects
 * they replace.
 */
import { describe, expect, it } from 'vitest';
import type { LineDto } from '../../src/core/api/dto';
import { decodeChunk, encodeChunk } from '../../src/app/db/chunkColumns';

const base: LineDto = {
  key: 'VIS-M6|A-01||',
  itemRef: 'VIS-M6',
  designation: 'Vis « tête » hexagonale, M6 — inox',
  kind: 'articles',
  supplier: 'Würth',
  bin: 'A-01',
  lot: null,
  serial: null,
  barcodes: ['3000000000017'],
  unit: 'pcs',
  expectedQty: '12.000',
  unitCost: '0.1250',
  added: false,
};

const lines: LineDto[] = [
  base,
  {
    ...base,
    key: 'VIS-M6|A-02|L24|',
    bin: 'A-02',
    lot: 'L24',
    packs: [{ code: '4000000000012', qty: '12.000' }],
    // An item whose ERP says its pieces are counted in decimals.
    decimals: true,
  },
  { ...base, key: 'VIS-M6|A-03||', bin: 'A-03', packs: [] },
  { ...base, key: 'MOT-1|B-01||SN-9', itemRef: 'MOT-1', serial: 'SN-9', barcodes: [], supplier: null },
  { ...base, key: 'HUILE|C-01||', itemRef: 'HUILE', unit: 'l', expectedQty: '2.125' },
  // A counter on a blind count gets no expected quantity; a line found on the shelf is added.
  { ...base, key: 'NOUV|A-01||', itemRef: 'NOUV', expectedQty: null, added: true },
  // A new reference added without its cost: to be valued (issue 21).
  {
    ...base,
    key: 'NOUV-2|A-01||',
    itemRef: 'NOUV-2',
    expectedQty: '0.000',
    unitCost: '0.0000',
    added: true,
    costMissing: true,
  },
];

describe('snapshot chunks as columns', () => {
  it('reads every line back exactly as it was written', () => {
    const back: LineDto[] = [];
    decodeChunk(encodeChunk(lines), back);
    expect(back).toStrictEqual(lines);
    expect('packs' in back[0]!).toBe(false);
    expect(back[2]!.packs).toEqual([]);
    expect('decimals' in back[0]!).toBe(false);
  });

  it('reads a chunk stored before lines had a decimals column (the unit’s rule, as then)', () => {
    const old = JSON.parse(encodeChunk(lines)) as Record<string, unknown>;
    delete old.decimals;
    const back: LineDto[] = [];
    decodeChunk(JSON.stringify(old), back);
    expect(back.map((l) => 'decimals' in l)).toEqual(lines.map(() => false));
  });

  it('reads a chunk stored before lines had a costMissing column (every cost known, as then)', () => {
    const old = JSON.parse(encodeChunk(lines)) as Record<string, unknown>;
    delete old.costMissing;
    const back: LineDto[] = [];
    decodeChunk(JSON.stringify(old), back);
    expect(back.map((l) => 'costMissing' in l)).toEqual(lines.map(() => false));
    expect(back.map((l) => l.key)).toEqual(lines.map((l) => l.key));
  });

  it('appends to the lines already read, chunk after chunk, in order', () => {
    const back: LineDto[] = [];
    decodeChunk(encodeChunk(lines.slice(0, 2)), back);
    decodeChunk(encodeChunk(lines.slice(2)), back);
    expect(back.map((l) => l.key)).toEqual(lines.map((l) => l.key));
    decodeChunk(encodeChunk([]), back);
    expect(back).toHaveLength(lines.length);
  });

  it('stores one column per field of the line, each read back', () => {
    // Every field present, packs, decimals and costMissing included.
    const full: LineDto = { ...lines[1]!, costMissing: true };
    const columns = Object.keys(JSON.parse(encodeChunk([full])) as object).sort();
    expect(columns).toEqual(Object.keys(full).sort());
    const back: LineDto[] = [];
    decodeChunk(encodeChunk([full]), back);
    expect(Object.keys(back[0]!).sort()).toEqual(columns);
  });

  it('is much shorter than the same lines as JSON objects', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ ...lines[i % lines.length]!, key: `K${i}` }));
    expect(encodeChunk(many).length).toBeLessThan(JSON.stringify(many).length * 0.7);
  });
});
