/**
 * Turns an engine's raw read into the app's convention, or rejects it. The convention is
 * ZXing's (and the fixtures'): UPC-A as 12 digits, an EAN-13 starting with 0 is the same
 * symbol as a UPC-A and is reported as one, UPC-E as its 8 printed digits whichever form
 * the engine gave (ZXing-C++ 3 gives it expanded to 13 digits; the catalogue lookup finds
 * either form, see core/gs1.ts lookupKeys). Every retail code must pass its check digit
 * here, whatever the engine said: a wrong article counted is worse than a second scan.
 */
import { compressUpcA, expandUpcE } from '../../../core/gs1';
import { gtinCheckDigitOk } from './checkDigits';
import type { RawRead } from './engine';

export function normalise(read: RawRead): RawRead | null {
  const { text, format } = read;
  if (text.length === 0) return null;
  switch (format) {
    case 'EAN-13':
    case 'UPC-A': {
      // Engines differ on 0-prefixed EAN-13: one symbol, one answer (12-digit UPC-A).
      const upca = text.length === 13 && text.startsWith('0') ? text.slice(1) : text;
      if (upca.length === 12) return gtinCheckDigitOk(upca) ? { ...read, text: upca, format: 'UPC-A' } : null;
      return format === 'EAN-13' && text.length === 13 && gtinCheckDigitOk(text) ? read : null;
    }
    case 'EAN-8':
    case 'UPC-E': {
      // zxing-js finds EAN-8s (valid check digit and all) inside EAN-13/UPC-A photos: 10
      // such misreads on the fixtures. ZXing-C++ checks the quiet zones and reads these
      // short symbols itself, so a zxing-js EAN-8 or UPC-E is never trusted.
      if (read.engine === 'zxing-js') return null;
      if (format === 'EAN-8') return /^\d{8}$/.test(text) && gtinCheckDigitOk(text) ? read : null;
      const upce = /^\d{8}$/.test(text) ? text : /^\d{12,13}$/.test(text) ? compressUpcA(text) : null;
      return upce !== null && expandUpcE(upce) !== null ? { ...read, text: upce } : null;
    }
    default:
      return read;
  }
}
