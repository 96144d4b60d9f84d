/**
 * The download worker's reader of the lines answer (download/lineArray.ts): fed the JSON
 * array in pieces cut anywhere — inside a string, a number, the separator, the `{"key"`
 * that starts an element — it hands out exactly the lines JSON.parse reads from the whole
 * text, in order, also when a text field holds what looks like an element's start; and an
 * answer cut short is an error, never fewer lines.
 */
import { describe, expect, it } from 'vitest';
import type { LineDto } from '../../src/core/api/dto';
import { LineArrayReader } from '../../src/app/download/lineArray';

const line = (i: number, designation = `Article ${i}`): LineDto => ({
  key: `K${i}`,
  itemRef: `REF-${i}`,
  designation,
  kind: 'articles',
  supplier: i % 3 === 0 ? null : 'Fournisseur',
  bin: `A-${i % 5}`,
  lot: null,
  serial: null,
  barcodes: [`${3000000000000 + i}`],
  ...(i % 4 === 0 ? { packs: [{ code: `P${i}`, qty: '12' }] } : {}),
  unit: 'pcs',
  expectedQty: i % 2 === 0 ? null : `${i}.000`,
  unitCost: '1.5000',
  added: i % 7 === 0,
  ...(i % 6 === 0 ? { decimals: true } : {}),
});

/** The lines as PostgreSQL writes them (`{"key" : …}`, elements separated by ", "). */
const serverText = (lines: readonly LineDto[]): string =>
  `[${lines.map((l) => JSON.stringify(l).replaceAll('":', '" : ').replaceAll(',"', ', "')).join(', ')}]`;

/** A seeded generator (mulberry32): the same cuts every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readInPieces(text: string, cuts: readonly number[]): LineDto[] {
  const reader = new LineArrayReader();
  const out: LineDto[] = [];
  let from = 0;
  for (const to of [...cuts, text.length]) {
    out.push(...reader.push(text.slice(from, to)));
    from = to;
  }
  out.push(...reader.end());
  return out;
}

describe('reading the lines answer as it arrives', () => {
  const lines = [
    ...Array.from({ length: 300 }, (_, i) => line(i)),
    // Text fields holding the element's start, a separator and brackets: escaped quotes, so no element start.
    line(300, '{"key" : "faux"}, {"key" : "x"}'),
    line(301, 'fin }, { ] [ \\ "'),
    line(302, 'Étagère « 3 » — 💡'),
  ];

  it('hands out every line, in order, wherever the pieces are cut', () => {
    for (const text of [serverText(lines), JSON.stringify(lines)]) {
      const whole = JSON.parse(text) as LineDto[];
      const next = random(7);
      for (let round = 0; round < 50; round++) {
        const size = 1 + Math.floor(next() * (round < 10 ? 40 : 4000));
        const cuts: number[] = [];
        for (let at = Math.floor(next() * size); at < text.length; at += 1 + Math.floor(next() * size)) cuts.push(at);
        expect(readInPieces(text, cuts), `round ${round}`).toEqual(whole);
      }
      // One character at a time, and all at once.
      expect(
        readInPieces(
          text,
          Array.from({ length: text.length - 1 }, (_, i) => i + 1),
        ),
      ).toEqual(whole);
      expect(readInPieces(text, [])).toEqual(whole);
    }
  });

  it('reads an empty list, and one line', () => {
    expect(readInPieces(' []', [1, 2])).toEqual([]);
    expect(readInPieces(serverText([line(1)]), [3, 9])).toEqual([line(1)]);
  });

  it('refuses an answer cut short, or one that is not an array', () => {
    const text = serverText(lines);
    for (const cut of [0, 1, 100, text.lastIndexOf('{"key"'), text.length - 1]) {
      const reader = new LineArrayReader();
      reader.push(text.slice(0, cut));
      expect(() => reader.end(), `cut at ${cut}`).toThrow(SyntaxError);
    }
    expect(() => new LineArrayReader().push('{"error": {}}')).toThrow(SyntaxError);
  });
});
