/**
 * A text file's bytes into text, in the encodings spreadsheets save: UTF-8 with or without
 * a BOM ("CSV UTF-8"), Windows-1252 (a French Excel's plain "CSV"), UTF-16 with its BOM
 * ("Unicode text"). Without a BOM, a file that is valid UTF-8 is UTF-8 (Windows-1252 text
 * with accents almost never is); one that is not, but holds UTF-8 sequences too, mixes two
 * encodings and is refused rather than half garbled. Decoded a piece at a time, so a
 * 100 MB file never becomes one string.
 */
import { fail, ok, type Result } from '../errors';

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DetectedText {
  readonly encoding: TextEncoding;
  /** Bytes of the byte-order mark, skipped. */
  readonly bom: number;
}

export function detectEncoding(bytes: Uint8Array): Result<DetectedText, 'bad_encoding' | 'not_a_spreadsheet'> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return checked(bytes, 'utf-8', 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return ok({ encoding: 'utf-16le', bom: 2 });
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return ok({ encoding: 'utf-16be', bom: 2 });
  if (bytes.subarray(0, 65536).includes(0)) {
    return fail('not_a_spreadsheet', 'this file is not text (CSV) nor an XLSX workbook');
  }
  const utf8 = checked(bytes, 'utf-8', 0);
  if (utf8.ok) return utf8;
  if (holdsUtf8Sequence(bytes)) return utf8;
  return ok({ encoding: 'windows-1252', bom: 0 });
}

/** A lead byte and its continuation bytes ("Ã©" read as Latin-1 is é in UTF-8). */
function holdsUtf8Sequence(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0xc2 || b > 0xef) continue;
    const c1 = bytes[i + 1]! & 0xc0;
    if (b <= 0xdf ? c1 === 0x80 : c1 === 0x80 && (bytes[i + 2]! & 0xc0) === 0x80) return true;
  }
  return false;
}

function checked(bytes: Uint8Array, encoding: 'utf-8', bom: number): Result<DetectedText, 'bad_encoding'> {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(bom));
    return ok({ encoding, bom });
  } catch {
    const at = firstInvalidUtf8(bytes, bom);
    const line = lineAt(bytes, at);
    return fail(
      'bad_encoding',
      `line ${line} is not valid UTF-8 while the rest of the file is: save the file again as "CSV UTF-8"`,
      { line },
    );
  }
}

/** Offset of the first byte that breaks UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return bytes.length;
}

const lineAt = (bytes: Uint8Array, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
};

/** The text, a piece of about `size` bytes at a time (a character is never cut in two). */
export function* decodePieces(bytes: Uint8Array, detected: DetectedText, size = 1 << 20): Generator<string> {
  const decoder = new TextDecoder(detected.encoding);
  const fix = detected.encoding === 'windows-1252' ? windows1252 : (t: string): string => t;
  for (let at = detected.bom; at < bytes.length; at += size) {
    const end = Math.min(at + size, bytes.length);
    yield fix(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }));
  }
  const rest = decoder.decode();
  if (rest) yield fix(rest);
}

/** Decodes a whole (small) text: the first rows, a sample. */
export const decodeText = (bytes: Uint8Array, detected: DetectedText): string =>
  [...decodePieces(bytes, detected)].join('');

// Windows-1252's own characters for bytes 0x80-0x9F (€, œ, ’…); the five it leaves undefined
// stay control characters, refused as such. Node's decoder reads this range as Latin-1
// (U+0080-U+009F), browsers as Windows-1252: mapping the C1 range makes both agree.
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const windows1252 = (text: string): string =>
  text.replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80] ?? c);
