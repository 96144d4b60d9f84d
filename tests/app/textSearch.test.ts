/**
 * The count list's text search (count/textSearch.ts through searchIndex.ts and filter.ts):
 * the lines a search lists are exactly those whose own text holds every word, as one
 * `includes` per line and word decides — across the packed blocks' edges, for texts shared
 * by an item's lines, with words in any order or repeated, accents folded, and for lines
 * added after a search (the last, partial block joined again). A match may not span two
 * lines' texts, nor a line count twice.
 */
import { describe, expect, it } from 'vitest';
import type { LineDto } from '../../src/core/api/dto';
import { filterLines, fold, NO_FILTER, rawSearchText } from '../../src/app/count/filter';
import { emptyIndexes, haystackOf, type IndexedLines } from '../../src/app/count/searchIndex';

const line = (i: number): LineDto => {
  // Three bins per item: three lines with one search text.
  const item = Math.floor(i / 3);
  return {
    key: `K${i}`,
    itemRef: `ART-${String(item).padStart(6, '0')}`,
    designation: item % 11 === 0 ? `Écrou à créneau ${item % 7}` : `Vis tête ${item % 13} mm`,
    kind: 'articles',
    supplier: null,
    bin: `B-${i % 3}`,
    lot: item % 17 === 0 ? `LOT${item}` : null,
    serial: null,
    barcodes: item % 5 === 0 ? [] : [`${3000000000000 + item}`, `P${item}`],
    unit: 'pcs',
    expectedQty: '1.000',
    unitCost: '1.0000',
    added: false,
  };
};

const naive = (lines: readonly LineDto[], text: string): number[] => {
  const words = fold(text).split(/\s+/).filter(Boolean);
  const out: number[] = [];
  lines.forEach((l, i) => {
    const t = fold(rawSearchText(l));
    if (words.every((w) => t.includes(w))) out.push(i);
  });
  return out;
};

const searched = (open: IndexedLines, text: string): number[] =>
  filterLines(
    open.lines,
    () => haystackOf(open),
    { ...NO_FILTER, text },
    () => false,
  );

const QUERIES = [
  'a',
  'ART-00',
  'art-001234',
  '001234',
  'ecrou',
  'ÉCROU creneau',
  'creneau ecrou',
  'vis 7',
  '7 vis 7',
  'mm vis',
  'lot',
  'p4096',
  '3000000001365',
  '\n',
  'nowhere',
  // A word across two fields (the separator) or two lines' texts: none.
  'mm\u0001art',
  '\u0001\u0001art',
  '-000000',
];

describe('text search', () => {
  it('lists exactly the lines whose text holds every word, over several blocks', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => line(i));
    const open: IndexedLines = { lines, lazy: emptyIndexes() };
    for (const q of QUERIES) expect(searched(open, q), q).toEqual(naive(lines, q));
    // Some queries find many lines, some one item's three, some none: the cases are real.
    expect(naive(lines, 'a').length).toBe(lines.length);
    expect(naive(lines, 'art-001234')).toHaveLength(3);
    expect(naive(lines, 'nowhere')).toHaveLength(0);
  });

  it('narrows a search typed further to what the previous keystroke found, and only then', () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => line(i));
    const open: IndexedLines = { lines, lazy: emptyIndexes() };
    // Typed one key at a time, erased, typed otherwise: each step as a search from scratch.
    const steps = ['A', 'AR', 'ART-00', 'ART-001', 'ART-0012', 'ART-00123', 'ART-0012', 'ART-001', 'art-0012 vis'];
    steps.push('art-0012 vis 1', 'vis 1', 'vis 12', 'ecrou vis 12', 'creneau ecrou', 'ecrou', 'ecrou 4', 'crou 4');
    for (const q of steps) expect(searched(open, q), q).toEqual(naive(lines, q));
    // Lines added between two keystrokes are searched too.
    expect(searched(open, 'ART-0099')).toEqual(naive(lines, 'ART-0099'));
    for (let i = 30_000; i < 30_100; i++) lines.push({ ...line(i), itemRef: `ART-0099${i}` });
    expect(searched(open, 'ART-00993')).toEqual(naive(lines, 'ART-00993'));
    expect(naive(lines, 'ART-00993').length).toBeGreaterThan(100);
  });

  it('finds the lines added after a search, in a block joined again', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => line(i));
    const open: IndexedLines = { lines, lazy: emptyIndexes() };
    expect(searched(open, 'ART-0016')).toEqual(naive(lines, 'ART-0016'));
    for (let i = 5_000; i < 9_000; i++) {
      lines.push(line(i));
      if (i % 997 === 0) expect(searched(open, 'ART-0016'), `after ${i}`).toEqual(naive(lines, 'ART-0016'));
    }
    for (const q of QUERIES) expect(searched(open, q), q).toEqual(naive(lines, q));
    expect(naive(lines, 'ART-0016').length).toBeGreaterThan(30);
  });
});
