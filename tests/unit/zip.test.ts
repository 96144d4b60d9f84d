/**
 * The ZIP of an export with entries deflated ahead (by the workers that wrote them, in
 * parts): read back by JSZip with every CRC checked and by Node's own zlib, in the
 * export's order and dates, with the workers' deflated bytes kept as they were.
 */
import { inflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildAfterExport, type DeflateStream } from '../../src/core/export/build';
import { FRENCH_CSV } from '../../src/core/export/csv';
import { concatBytes } from '../../src/core/export/bytes';
import { deflateRaw, RawDeflater } from '../../src/core/export/deflate';
import { stockAfter } from '../../src/core/export/stock';
import type { ExportFile, ExportHeader } from '../../src/core/export/types';
import { buildRecap } from '../../src/core/recap';
import { deflatedZip, zipExport } from '../../src/core/export/zip';
import { line, prng } from './coreTestUtils';

const AT = '2026-11-25T09:15:42.000Z';
const rand = prng(11);
/** CSV-like text that deflates the way stock.csv does (not a run of one letter). */
const csv = (rows: number): Uint8Array =>
  new TextEncoder().encode(
    Array.from({ length: rows }, (_, i) => `REF-${i};Pièce ${Math.floor(rand() * 1e6)};A-${i % 97};${rand()}\r\n`).join(
      '',
    ),
  );
const file = (name: string, bytes: Uint8Array, deflated?: Uint8Array): ExportFile => ({
  name,
  bytes,
  rows: 1,
  deflated,
});

async function entries(zip: Uint8Array): Promise<{ name: string; bytes: Uint8Array; date: string }[]> {
  const z = await JSZip.loadAsync(zip, { checkCRC32: true });
  return Promise.all(
    Object.values(z.files).map(async (e) => ({
      name: e.name,
      bytes: await e.async('uint8array'),
      date: e.date.toISOString(),
    })),
  );
}

describe('deflateRaw', () => {
  it('makes parts that join into one stream: every part but the last ends on a sync flush', () => {
    const [a, b, c] = [csv(3000), csv(2000), csv(10)];
    const joined = concatBytes([
      deflateRaw(a, { final: false }),
      deflateRaw(b, { final: false }),
      deflateRaw(c, { final: true }),
    ]);
    expect(Buffer.from(inflateRawSync(joined)).equals(Buffer.from(concatBytes([a, b, c])))).toBe(true);
    // A part that is not the last one is not a whole stream on its own.
    expect(() => inflateRawSync(deflateRaw(a, { final: false }))).toThrow(/unexpected end/);
  });
});

describe('zipExport with deflated entries', () => {
  const big = csv(40_000); // over 1 MB: deflated by zipExport itself
  const [first, second] = [csv(5000), csv(4000)];
  const parts = concatBytes([deflateRaw(first, { final: false }), deflateRaw(second, { final: true })]);
  const files = [
    file('stock.csv', concatBytes([first, second]), parts),
    file('variances.csv', big),
    file('added.csv', csv(3)),
    file('manifest.json', new TextEncoder().encode('{"x":1}')),
  ];

  it('gives every file back, CRC-checked, in order, dated with generatedAt', async () => {
    expect(big.byteLength).toBeGreaterThan(1 << 20);
    const got = await entries(await zipExport(files, AT));
    expect(got.map((e) => e.name)).toEqual(files.map((f) => f.name));
    for (const [i, e] of got.entries()) {
      expect(Buffer.from(e.bytes).equals(Buffer.from(files[i]!.bytes)), e.name).toBe(true);
      expect(e.date).toBe(AT);
    }
  });

  it("keeps the workers' deflated bytes as they are, and gives the same bytes every time", async () => {
    const zip = await zipExport(files, AT);
    expect(Buffer.from(zip).indexOf(Buffer.from(parts))).toBeGreaterThan(0);
    expect(Buffer.from(await zipExport(files, AT)).equals(Buffer.from(zip))).toBe(true);
    // The file is not stored twice: the ZIP is smaller than the big file's text alone.
    expect(zip.byteLength).toBeLessThan(big.byteLength / 2);
  });

  it('reports progress from 0 to 1, never backwards', async () => {
    const seen: number[] = [];
    await zipExport(files, AT, (f) => seen.push(f));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);
  });
});

describe('deflatedZip', () => {
  it('is a ZIP of its own that JSZip reads, names in UTF-8', async () => {
    const bytes = new TextEncoder().encode('réf;qté\r\n');
    const zip = deflatedZip([file('écarts.csv', bytes, deflateRaw(bytes, { final: true }))], new Date(AT));
    const [e] = await entries(zip);
    expect(e?.name).toBe('écarts.csv');
    expect(new TextDecoder().decode(e?.bytes)).toBe('réf;qté\r\n');
    expect(e?.date).toBe(AT);
  });

  it('refuses a file without its deflated bytes (a bug)', () => {
    expect(() => deflatedZip([file('a.csv', csv(1))], new Date(AT))).toThrow();
  });
});

describe('buildAfterExport with a deflate stream', () => {
  it('feeds each big file to a stream of its own as it is written, and keeps the text for the manifest', async () => {
    const n = 20_000;
    const snapshot = Array.from({ length: n }, (_, i) =>
      line({ itemRef: `REF-${i}`, bin: `B-${i % 40}`, expected: String(i % 9), unitCost: `${i % 7}.25` }),
    );
    const recap = buildRecap(snapshot, new Map(), 'zero');
    // Each stream's pieces as pushed, and at its end whether they are the whole file, in order.
    const streams: { pieces: number; whole: boolean }[] = [];
    const deflate = (): DeflateStream => {
      const pieces: Uint8Array[] = [];
      const deflater = new RawDeflater();
      return {
        push: (bytes) => {
          pieces.push(bytes.slice());
          deflater.push(bytes);
        },
        end: async (whole) => {
          streams.push({ pieces: pieces.length, whole: Buffer.from(concatBytes(pieces)).equals(Buffer.from(whole)) });
          return deflater.finish();
        },
      };
    };
    const header: ExportHeader = {
      phase: 'after',
      inventory: { id: 1, name: 'Inventaire', kind: 'articles', status: 'applied' },
      location: { id: 1, code: 'L1', name: 'Magasin' },
      generatedBy: 'sup',
      generatedAt: AT,
    };
    const input = { stock: stockAfter(snapshot, recap), recap, events: [] };
    const files = await buildAfterExport(header, input, FRENCH_CSV, { deflate });
    const plain = await buildAfterExport(header, input);
    // stock.csv, variances.csv, counts.csv (no events: its header only) and the ERP's file;
    // added.csv is left to the ZIP.
    expect(files.filter((f) => f.deflated).map((f) => f.name)).toEqual([
      'stock.csv',
      'variances.csv',
      'counts.csv',
      'ajustement_erp.csv',
    ]);
    expect(streams.map((s) => s.whole)).toEqual([true, true, true, true]);
    // The big files went in many pieces, not once written.
    expect(streams[0]!.pieces).toBeGreaterThan(5);
    for (const f of files.filter((f) => f.deflated)) {
      expect(inflateRawSync(f.deflated!).equals(Buffer.from(f.bytes)), f.name).toBe(true);
    }
    // The same files, the same manifest (it hashes the text, not the deflated bytes).
    expect(files.map((f) => f.name)).toEqual(plain.map((f) => f.name));
    for (const [i, f] of files.entries())
      expect(Buffer.from(f.bytes).equals(Buffer.from(plain[i]!.bytes)), f.name).toBe(true);
    const zipped = await entries(await zipExport(files, AT));
    expect(zipped.map((e) => e.name)).toEqual(plain.map((f) => f.name));
  });
});
