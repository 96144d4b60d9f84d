/**
 * The download worker's reader of the columns answer (download/chunkArray.ts): fed the
 * JSON array of chunks in pieces cut anywhere — inside a string, a column, the separator,
 * the `{"key"` that starts a chunk — it hands out exactly the chunks of the whole text, in
 * order, each decoding (db/chunkColumns.ts) to the lines it was made of, with their keys,
 * bins (chunkBins) and whether the copy is blind; also when a text field holds what looks like a
 * chunk's start or a field's name, and when the fields are laid out otherwise than the
 * server lays them (read whole then). An answer cut short is an error, never fewer lines.
 */
import { describe, expect, it } from 'vitest';
import type { LineDto } from '../../src/core/api/dto';
import { decodeChunk, encodeChunk } from '../../src/app/db/chunkColumns';
import { ChunkArrayReader, chunkBins, type ChunkText } from '../../src/app/download/chunkArray';

const line = (i: number, designation = `Article ${i}`, blind = false): LineDto => ({
  key: `K${i}`,
  itemRef: `REF-${i}`,
  designation,
  kind: 'articles',
  supplier: i % 3 === 0 ? null : 'Fournisseur',
  bin: `A-${i % 5}`,
  lot: null,
  serial: null,
  barcodes: [`${3000000000000 + i}`],
  packs: i % 4 === 0 ? [{ code: `P${i}`, qty: '12' }] : [],
  unit: 'pcs',
  expectedQty: blind ? null : `${i}.000`,
  unitCost: '1.5000',
  added: i % 7 === 0,
  ...(i % 6 === 0 ? { decimals: true } : {}),
  ...(i % 7 === 0 ? { costMissing: true } : {}),
});

/** A chunk as PostgreSQL writes it (repos/lines.ts): `{"key":[…], "…"],"itemRef":[…]…}`, json_agg's ", " between values. */
const serverChunk = (lines: readonly LineDto[], colon = ':', comma = ','): string => {
  const columns = JSON.parse(encodeChunk(lines)) as Record<string, unknown[]>;
  return `{${Object.entries(columns)
    .map(([name, values]) => `"${name}"${colon}[${values.map((v) => JSON.stringify(v)).join(', ')}]`)
    .join(comma)}}`;
};

/** json_build_object's layout (`{"key" : […], "itemRef" : …}`): not the fields the reader looks for, so read whole. */
const otherChunk = (lines: readonly LineDto[]): string => serverChunk(lines, ' : ', ', ');

const answer = (chunks: readonly string[]): string => `[${chunks.join(',')}]`;

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

function readInPieces(text: string, cuts: readonly number[]): ChunkText[] {
  const reader = new ChunkArrayReader();
  const out: ChunkText[] = [];
  let from = 0;
  for (const to of [...cuts, text.length]) {
    out.push(...reader.push(text.slice(from, to)));
    from = to;
  }
  out.push(...reader.end());
  return out;
}

const linesOf = (chunks: readonly ChunkText[]): LineDto[] => {
  const lines: LineDto[] = [];
  for (const c of chunks) decodeChunk(c.text, lines);
  return lines;
};

describe('reading the columns answer as it arrives', () => {
  const lines = [
    ...Array.from({ length: 300 }, (_, i) => line(i)),
    // Text fields holding a chunk's start, a field's name, separators and brackets: escaped quotes.
    line(300, '{"key":["faux"],"itemRef":[]}, {"key" : "x"}'),
    line(301, 'fin ],"bin":["Z"],"lot":[ }, { ] [ \\ "'),
    line(302, 'Étagère « 3 » — 💡'),
  ];
  const groups = [lines.slice(0, 100), lines.slice(100, 200), lines.slice(200, 299), lines.slice(299)];

  it('hands out every chunk, in order, wherever the pieces are cut, as the lines they were made of', () => {
    // The server's layout, and another (read whole: the same lines).
    for (const text of [answer(groups.map((g) => serverChunk(g))), answer(groups.map(otherChunk))]) {
      const next = random(7);
      for (let round = 0; round < 50; round++) {
        const size = 1 + Math.floor(next() * (round < 10 ? 40 : 4000));
        const cuts: number[] = [];
        for (let at = Math.floor(next() * size); at < text.length; at += 1 + Math.floor(next() * size)) cuts.push(at);
        const chunks = readInPieces(text, cuts);
        expect(chunks.length, `round ${round}`).toBe(groups.length);
        expect(linesOf(chunks), `round ${round}`).toEqual(lines);
      }
      // One character at a time, and all at once.
      const cuts = Array.from({ length: text.length - 1 }, (_, i) => i + 1);
      expect(linesOf(readInPieces(text, cuts))).toEqual(lines);
      const chunks = readInPieces(text, []);
      expect(linesOf(chunks)).toEqual(lines);
      expect(chunks.map((c) => c.keys)).toEqual(groups.map((g) => g.map((l) => l.key)));
      expect(chunks.map((c) => chunkBins(c.text))).toEqual(groups.map((g) => g.map((l) => l.bin)));
      expect(chunks.some((c) => c.blind)).toBe(false);
    }
  });

  it('tells a blind copy (no expected quantity) by its chunks, in either layout', () => {
    const blind = Array.from({ length: 5 }, (_, i) => line(i, `A ${i}`, true));
    for (const chunk of [serverChunk(blind), otherChunk(blind), encodeChunk(blind)]) {
      const [c] = readInPieces(answer([chunk]), [7]);
      expect(c!.blind).toBe(true);
      expect(c!.keys).toEqual(blind.map((l) => l.key));
    }
  });

  it('reads an empty list, and one chunk of one line', () => {
    expect(readInPieces(' []', [1, 2])).toEqual([]);
    expect(linesOf(readInPieces(answer([serverChunk([line(1)])]), [3, 9]))).toEqual([line(1)]);
  });

  it('refuses an answer cut short, one that is not an array, or a chunk whose columns disagree', () => {
    const text = answer(groups.map((g) => serverChunk(g)));
    for (const cut of [0, 1, 100, text.lastIndexOf('{"key"'), text.length - 2, text.length - 1]) {
      const reader = new ChunkArrayReader();
      expect(() => {
        reader.push(text.slice(0, cut));
        reader.end();
      }, `cut at ${cut}`).toThrow(SyntaxError);
    }
    expect(() => new ChunkArrayReader().push('{"error": {}}')).toThrow(SyntaxError);
    const uneven = serverChunk([line(1), line(2)]).replace(
      '"expectedQty":["1.000", "2.000"]',
      '"expectedQty":["1.000"]',
    );
    expect(uneven).not.toBe(serverChunk([line(1), line(2)]));
    expect(() => readInPieces(answer([uneven]), [])).toThrow(SyntaxError);
  });
});
