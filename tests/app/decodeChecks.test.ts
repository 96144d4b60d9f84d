/**
 * The decode pipeline's own checks, without a browser: GTIN check digits, UPC-E
 * expansion, and the normalisation of engine reads to the app's convention (UPC-A as 12
 * digits, a 0-prefixed EAN-13 as the UPC-A it is, no wrong check digit, no zxing-js EAN-8).
 */
import { describe, expect, it } from 'vitest';
import { gtinCheckDigitOk, upcEToUpcA } from '../../src/app/scan/decode/checkDigits';
import type { RawRead } from '../../src/app/scan/decode/engine';
import { normalise } from '../../src/app/scan/decode/normalise';

const read = (text: string, format: RawRead['format'], engine: RawRead['engine'] = 'zxing-wasm'): RawRead => ({
  text,
  format,
  gs1: false,
  engine,
});

describe('gtinCheckDigitOk', () => {
  it('accepts right check digits of every GTIN length and refuses a wrong one', () => {
    expect(gtinCheckDigitOk('9780764544200')).toBe(true); // EAN-13
    expect(gtinCheckDigitOk('890444000335')).toBe(true); // UPC-A
    expect(gtinCheckDigitOk('48512343')).toBe(true); // EAN-8
    expect(gtinCheckDigitOk('10012345678902')).toBe(true); // GTIN-14
    expect(gtinCheckDigitOk('9780764544201')).toBe(false);
    expect(gtinCheckDigitOk('890444000330')).toBe(false);
    expect(gtinCheckDigitOk('4851234')).toBe(false);
    expect(gtinCheckDigitOk('48512a43')).toBe(false);
  });
});

describe('upcEToUpcA', () => {
  it('expands each of the zero-suppression patterns', () => {
    expect(upcEToUpcA('01234565')).toBe('012345000065'); // last digit 5–9
    expect(upcEToUpcA('04252614')).toBe('042100005264'); // 0–2
    expect(upcEToUpcA('01234531')).toBe('012300000451'); // 3 (the check digit is kept as given)
    expect(upcEToUpcA('01234543')).toBe('012340000053'); // 4
    expect(upcEToUpcA('21234565')).toBeNull(); // number system 2 does not exist
  });
});

describe('normalise', () => {
  it('reports a 0-prefixed EAN-13 as the 12-digit UPC-A, whichever way the engine named it', () => {
    expect(normalise(read('0890444000335', 'EAN-13'))).toMatchObject({ text: '890444000335', format: 'UPC-A' });
    expect(normalise(read('890444000335', 'UPC-A'))).toMatchObject({ text: '890444000335', format: 'UPC-A' });
    expect(normalise(read('9780764544200', 'EAN-13'))).toMatchObject({ text: '9780764544200', format: 'EAN-13' });
  });

  it('refuses a retail code whose check digit fails, or of the wrong length', () => {
    expect(normalise(read('9780764544201', 'EAN-13'))).toBeNull();
    expect(normalise(read('890444000336', 'UPC-A'))).toBeNull();
    expect(normalise(read('1890444000335', 'UPC-A'))).toBeNull();
    expect(normalise(read('48512344', 'EAN-8'))).toBeNull();
    expect(normalise(read('01234566', 'UPC-E'))).toBeNull();
  });

  it('trusts an EAN-8 or UPC-E from ZXing-C++ but never from zxing-js (partial reads of longer symbols)', () => {
    expect(normalise(read('48512343', 'EAN-8'))).toMatchObject({ text: '48512343', engine: 'zxing-wasm' });
    expect(normalise(read('01234565', 'UPC-E'))).toMatchObject({ text: '01234565' });
    expect(normalise(read('48512343', 'EAN-8', 'zxing-js'))).toBeNull();
    expect(normalise(read('01234565', 'UPC-E', 'zxing-js'))).toBeNull();
  });

  it('keeps other texts as read, GS1 flag and GS separators included, and refuses an empty one', () => {
    const gs1 = { ...read('0109506000134352\u001d10AB-123', 'Code128'), gs1: true };
    expect(normalise(gs1)).toEqual(gs1);
    expect(normalise(read('', 'QRCode'))).toBeNull();
  });
});
