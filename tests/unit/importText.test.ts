/** Bytes into text as spreadsheets save them: UTF-8 (BOM or not), Windows-1252, UTF-16. */
import { describe, expect, it } from 'vitest';
import { decodePieces, decodeText, detectEncoding } from '../../src/core/import/text';
import iconv from '../support/iconv';

const detect = (bytes: Uint8Array) => {
  const r = detectEncoding(bytes);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('detectEncoding', () => {
  const text = 'référence;désignation\r\nVIS;Clé à molette « œuf » 12 €\r\n';

  it('UTF-8 with a BOM, UTF-8 without, Windows-1252 (€, œ, «»), UTF-16 with a BOM', () => {
    const utf8 = new TextEncoder().encode(text);
    expect(detect(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ encoding: 'utf-8', bom: 3 });
    expect(detect(utf8)).toEqual({ encoding: 'utf-8', bom: 0 });
    const cp1252 = iconv.encodeWindows1252(text);
    const d = detect(cp1252);
    expect(d).toEqual({ encoding: 'windows-1252', bom: 0 });
    expect(decodeText(cp1252, d)).toBe(text);
    expect(detect(Uint8Array.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bom: 2 });
  });

  it('refuses a file that mixes UTF-8 and Windows-1252, naming the line', () => {
    const mixed = Uint8Array.from([...new TextEncoder().encode('a;é\n'), ...iconv.encodeWindows1252('b;é\n')]);
    const r = detectEncoding(mixed);
    expect(r.ok ? null : [r.error.code, r.error.message]).toEqual(['bad_encoding', expect.stringMatching(/line 2/)]);
  });

  it('refuses binary content', () => {
    expect(detectEncoding(Uint8Array.from([1, 2, 0, 4])).ok).toBe(false);
  });

  it('decodes in pieces without cutting a character in two', () => {
    const big = 'é€'.repeat(100_000);
    const bytes = new TextEncoder().encode(big);
    const pieces = [...decodePieces(bytes, { encoding: 'utf-8', bom: 0 }, 4099)];
    expect(pieces.length).toBeGreaterThan(100);
    expect(pieces.join('')).toBe(big);
  });
});
