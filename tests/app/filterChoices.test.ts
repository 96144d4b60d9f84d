/**
 * The filters' choices (count/filter.ts filterChoices): every supplier and bin of the lines,
 * and the location's empty bins, each once, in French order (accents and case as a French
 * reader sorts them, not code points); no empty choice.
 */
import { describe, expect, it } from 'vitest';
import type { LineDto } from '../../src/core/api/dto';
import { filterChoices } from '../../src/app/count/filter';

const line = (i: number, supplier: string | null, bin: string): LineDto => ({
  key: `K${i}`,
  itemRef: `ART-${i}`,
  designation: 'Vis',
  kind: 'articles',
  supplier,
  bin,
  lot: null,
  serial: null,
  barcodes: [],
  unit: 'pcs',
  expectedQty: '1.000',
  unitCost: '1.0000',
  added: false,
});

describe('filterChoices', () => {
  it('lists each supplier and bin once, empty bins too, in French order', () => {
    const suppliers = ['Zénith', 'écrous Martin', null, 'Éclair', 'Acier', 'abc', 'Zénith', ''];
    const bins = ['B-02', 'a-01', 'B-02', 'É-03', 'C-01', 'e-02', 'B-10', 'B-2'];
    const lines = suppliers.map((s, i) => line(i, s, bins[i]!));
    const choices = filterChoices(lines, ['Z-VIDE', 'B-02', '']);
    expect(choices.suppliers).toEqual(['abc', 'Acier', 'Éclair', 'écrous Martin', 'Zénith']);
    expect(choices.bins).toEqual(['a-01', 'B-02', 'B-10', 'B-2', 'C-01', 'e-02', 'É-03', 'Z-VIDE']);
  });

  it('agrees with one set and sort per field over 20,000 generated lines', () => {
    const letters = ['a', 'A', 'é', 'É', 'e', 'z', 'Œ', 'o', '-', '1', '10', '2'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const word = (): string =>
      Array.from({ length: 1 + (next() % 4) }, () => letters[next() % letters.length]).join('');
    const lines = Array.from({ length: 20_000 }, (_, i) => line(i, next() % 5 === 0 ? null : word(), word()));
    const empty = Array.from({ length: 50 }, word);
    const order = new Intl.Collator('fr').compare;
    const distinct = (values: (string | null)[]): string[] =>
      [...new Set(values.filter((v): v is string => !!v))].sort(order);
    expect(filterChoices(lines, empty)).toEqual({
      suppliers: distinct(lines.map((l) => l.supplier)),
      bins: distinct([...empty, ...lines.map((l) => l.bin)]),
    });
  });
});
