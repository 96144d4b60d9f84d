/**
 * Cells as spreadsheets write them: numbers in French and English forms (generated, both
 * ways round), texts, yes/no, kinds, Odoo's "[REF] Name", XLSX doubles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  excelNumber,
  readBoolean,
  readKind,
  readNumber,
  readText,
  readTracking,
  splitBarcodes,
  splitProduct,
} from '../../src/core/import/cells';

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
  if (!r.ok) throw new Error(`expected a value, got ${r.error.code}`);
  return r.value;
};
const problem = (r: { ok: boolean; error?: { code: string } }): string | undefined =>
  r.ok ? undefined : r.error?.code;

describe('readNumber', () => {
  it.each([
    ['12,5', ',', '12.5'],
    ['12.5', ',', '12.5'],
    ['1 234,56', ',', '1234.56'],
    ['1\u00a0234,56', ',', '1234.56'],
    ['1\u202f234,56 €', ',', '1234.56'],
    ['1.234,56', ',', '1234.56'],
    ['1,234.56', ',', '1234.56'],
    ['1,234.56', '.', '1234.56'],
    ["1'234.50", '.', '1234.50'],
    ['1.234.567', ',', '1234567'],
    ['1,234,567', '.', '1234567'],
    ['-3', ',', '-3'],
    ['(12,50)', ',', '-12.50'],
    ['-0', ',', '0'],
    ['+7', '.', '7'],
    [',5', ',', '0.5'],
    ['EUR 3,10', ',', '3.10'],
    ['  42  ', '.', '42'],
  ] as const)('%s with decimal %s → %s', (raw, decimal, expected) => {
    expect(value(readNumber(raw, decimal))).toBe(expected);
  });

  it('reads an empty cell as no value', () => {
    expect(value(readNumber(' \u00a0', ','))).toBeNull();
  });

  it.each([
    ['1.234', ',', 'ambiguous_number'],
    ['1,234', '.', 'ambiguous_number'],
    ['3,76E+12', ',', 'scientific_number'],
    ['1e3', '.', 'scientific_number'],
    ['douze', ',', 'invalid_number'],
    ['12,5,3', ',', 'invalid_number'],
    ['1.23.4', ',', 'invalid_number'],
    ['12 kg', ',', 'invalid_number'],
    ['--3', ',', 'invalid_number'],
    ['NaN', '.', 'invalid_number'],
  ] as const)('%s with decimal %s is refused: %s', (raw, decimal, code) => {
    expect(problem(readNumber(raw, decimal))).toBe(code);
  });

  it('reads back any decimal a French or English spreadsheet writes, grouped or not', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(',', '.'),
        fc.constantFrom('', ' ', '\u00a0', '\u202f', 'other'),
        fc.boolean(),
        (scaled, decimals, mark, group, negative) => {
          const text = scaled.toString().padStart(decimals + 1, '0');
          const whole = text.slice(0, text.length - decimals);
          const frac = text.slice(text.length - decimals);
          const other = mark === ',' ? '.' : ',';
          const sep = group === 'other' ? other : group;
          // "other" grouping with no decimals and one group reads two ways: skipped (tested above).
          if (group === 'other' && decimals === 0) return;
          const grouped = sep ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep) : whole;
          const written = `${negative ? '-' : ''}${grouped}${decimals ? mark + frac : ''}`;
          const canonical = `${whole}${decimals ? `.${frac}` : ''}`;
          const expected = negative && /[1-9]/.test(canonical) ? `-${canonical}` : canonical;
          expect(value(readNumber(written, mark))).toBe(expected);
        },
      ),
      { numRuns: 2000, seed: 18 },
    );
  });
});

describe('excelNumber', () => {
  it.each([
    ['12.300000000000001', '12.3'],
    ['0.30000000000000004', '0.3'],
    ['3760123456789', '3760123456789'],
    ['1E-3', '0.001'],
    ['-0', '0'],
    ['120', '120'],
  ])('%s → %s', (raw, expected) => {
    expect(value(excelNumber(raw))).toBe(expected);
  });

  it('refuses a number with more digits than a spreadsheet keeps', () => {
    expect(problem(excelNumber('1.2345678901234567E+20'))).toBe('scientific_number');
  });
});

describe('readText', () => {
  it('trims, empties to null, and takes off our exports’ neutralising quote', () => {
    expect(value(readText('  Vis  ', 200))).toBe('Vis');
    expect(value(readText('\u00a0', 200))).toBeNull();
    expect(value(readText("'=SOMME(A1)", 200))).toBe('=SOMME(A1)');
    expect(value(readText("'-12 joint", 200))).toBe('-12 joint');
    expect(value(readText("'ok", 200))).toBe("'ok");
  });

  it.each([
    ['=1+1', 'formula_cell'],
    ['a\tb', 'control_character'],
    ['a\u0085b', 'control_character'],
  ])('refuses %j: %s', (raw, code) => {
    expect(problem(readText(raw, 200))).toBe(code);
  });

  it('refuses invisible and direction-changing characters in codes, not in names', () => {
    for (const c of ['\u200b', '\u200d', '\u202e', '\u2066', '\ufeff']) {
      expect(problem(readText(`AB${c}C`, 64, true))).toBe('invisible_character');
    }
    expect(value(readText('Café\u200d', 200))).toBe('Café\u200d');
  });

  it('counts length in characters', () => {
    expect(value(readText('é'.repeat(64), 64))).toHaveLength(64);
    expect(problem(readText('é'.repeat(65), 64))).toBe('too_long');
  });
});

describe('words', () => {
  it('yes / no in French and English', () => {
    expect(['Oui', 'o', 'YES', 'vrai', '1', 'x'].map((w) => value(readBoolean(w)))).toEqual(Array(6).fill(true));
    expect(['Non', 'n', 'no', 'Faux', '0'].map((w) => value(readBoolean(w)))).toEqual(Array(5).fill(false));
    expect(problem(readBoolean('peut-être'))).toBe('invalid_boolean');
  });

  it('kinds: articles and pièces, with their everyday names', () => {
    expect(['Articles', 'article', 'Produit', 'items'].map((w) => value(readKind(w)))).toEqual(
      Array(4).fill('articles'),
    );
    expect(['Pièces', 'PIECE', 'pièces détachées', 'Spare parts'].map((w) => value(readKind(w)))).toEqual(
      Array(4).fill('pieces'),
    );
    expect(problem(readKind('Storable Product'))).toBe('unknown_kind');
  });

  it('tracking', () => {
    expect(['aucun', 'Lot', 'par numéro de série', 'serial'].map((w) => value(readTracking(w)))).toEqual([
      'none',
      'lot',
      'serial',
      'serial',
    ]);
    expect(problem(readTracking('FIFO'))).toBe('unknown_tracking');
  });

  it('Odoo’s "[REF] Name", and plain references', () => {
    expect(splitProduct('[FURN_8888] Lampe de bureau')).toEqual({ ref: 'FURN_8888', name: 'Lampe de bureau' });
    expect(splitProduct('[FURN_8888]')).toEqual({ ref: 'FURN_8888', name: null });
    expect(splitProduct('VIS-4')).toEqual({ ref: 'VIS-4', name: null });
  });

  it('several barcodes in one cell', () => {
    expect(splitBarcodes('3760000000017 | 3760000000024,012345678905')).toEqual([
      '3760000000017',
      '3760000000024',
      '012345678905',
    ]);
  });
});
