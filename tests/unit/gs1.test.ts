/** GS1 element strings and barcode keys (src/core/gs1.ts): what a scanned label means for the count. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barcodeKey,
  compressUpcA,
  expandUpcE,
  formatGs1,
  GS,
  hasValidCheckDigit,
  lookupKeys,
  parseGs1,
  scanQuery,
} from '../../src/core/gs1';
import { aiRules, type Component } from '../../src/core/gs1Ais';
import { unwrap, unwrapErr } from './coreTestUtils';

const CHARS: Readonly<Record<Component['charset'], string>> = {
  N: '0123456789',
  X: `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`,
  Y: '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  Z: '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz',
};

const checkDigit = (body: string): string => {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += Number(body[i]) * w;
  return String((10 - (sum % 10)) % 10);
};

/** One component's data: its characters, a right check digit, or a real YYMMDD. */
function componentData(c: Component): fc.Arbitrary<string> {
  const text = (min: number, max: number) =>
    fc.array(fc.constantFrom(...CHARS[c.charset]), { minLength: min, maxLength: max }).map((a) => a.join(''));
  if (c.check === 'csum') return text(c.length - 1, c.length - 1).map((b) => b + checkDigit(b));
  if (c.check === 'date' || c.check === 'date0') {
    const pad = (n: number) => String(n).padStart(2, '0');
    return fc
      .tuple(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: c.check === 'date0' ? 0 : 1, max: 28 }),
      )
      .map(([y, m, d]) => pad(y) + pad(m) + pad(d));
  }
  return c.variable ? text(1, c.length) : text(c.length, c.length);
}

/** An AI's data: its mandatory components, then some of its optional ones (in order). */
function aiData(ai: string): fc.Arbitrary<string> {
  const { components } = aiRules().get(ai)!;
  return fc
    .tuple(fc.integer({ min: 0, max: components.length }), ...components.map(componentData))
    .map(([optionalKept, ...parts]) => {
      let kept = 0;
      return parts.filter((_, i) => !components[i]!.optional || kept++ < optionalKept).join('');
    });
}

/** Up to 6 distinct AIs of the table with valid data each. */
const elementStrings = fc
  .uniqueArray(fc.constantFrom(...aiRules().keys()), { minLength: 1, maxLength: 6 })
  .chain((ais) => fc.tuple(...ais.map((ai) => aiData(ai).map((v) => [ai, v] as const))));

describe('parseGs1', () => {
  it('reads GTIN, expiry, lot and serial from the raw form, a variable field ending at GS', () => {
    const d = unwrap(parseGs1(`0103453120000011172511301012AB${GS}21SN-0042`));
    expect([d.gtin, d.expiry, d.lot, d.serial]).toEqual(['03453120000011', '251130', '12AB', 'SN-0042']);
    expect([...d.fields.keys()]).toEqual(['01', '17', '10', '21']);
  });

  it('strips the symbology identifiers of GS1-128, GS1 DataMatrix and QR, and a leading FNC1', () => {
    for (const prefix of [']C1', ']d2', ']Q3', GS]) {
      expect(unwrap(parseGs1(`${prefix}010345312000001110LOT7`)).lot).toBe('LOT7');
    }
  });

  it('reads the human-readable form, and skips the fixed-length fields it does not need', () => {
    const d = unwrap(parseGs1('(01)03453120000011(3103)000750(11)250101(10)L-01(21)X9'));
    expect([d.gtin, d.lot, d.serial, d.expiry]).toEqual(['03453120000011', 'L-01', 'X9', null]);
    expect(d.fields.get('3103')).toBe('000750');
    const raw = unwrap(parseGs1(`0103453120000011310300075011250101`));
    expect(raw.fields.get('11')).toBe('250101');
  });

  it('refuses a wrong check digit, a too-long lot and a cut GTIN, as values', () => {
    expect(unwrapErr(parseGs1('0103453120000012')).code).toBe('gs1_bad_check_digit');
    expect(unwrapErr(parseGs1(`10${'L'.repeat(21)}`)).code).toBe('gs1_missing_separator');
    expect(unwrapErr(parseGs1('(10)' + 'L'.repeat(21))).code).toBe('gs1_bad_field');
    expect(unwrapErr(parseGs1('01034531200')).code).toBe('gs1_bad_field');
    expect(unwrapErr(parseGs1('')).code).toBe('gs1_empty');
    expect(unwrapErr(parseGs1('0103453120000011ABC')).code).toBe('gs1_unknown_ai');
    expect(unwrapErr(parseGs1(`10A${GS}10B`)).code).toBe('gs1_bad_field'); // one AI, two values
  });
});

describe('the AI table', () => {
  it('keeps GTIN, lot, serial and expiry around AIs a warehouse does not use (8200, 8008, 3922)', () => {
    const text = `01034531200000118008251130143015${GS}3922499${GS}8200https://example.com/p${GS}10L1${GS}21S1${GS}17260630`;
    const d = unwrap(parseGs1(text));
    expect([d.gtin, d.lot, d.serial, d.expiry]).toEqual(['03453120000011', 'L1', 'S1', '260630']);
    expect(d.fields.get('8008')).toBe('251130143015');
    expect(d.fields.get('3922')).toBe('499');
    expect(d.unknown).toEqual([]);
  });

  it('skips an AI it does not know: to its separator, or by its prefix predefined length', () => {
    const later = unwrap(parseGs1(`0103453120000011` + `7299NEW${GS}` + `10L1${GS}21S1`));
    expect([later.gtin, later.lot, later.serial, later.unknown]).toEqual(['03453120000011', 'L1', 'S1', ['7299NEW']]);
    // 04 and 18 are GS1 prefixes of predefined length (18 and 8 with the AI): no separator follows them.
    const fixed = unwrap(parseGs1(`0403453120000011770103453120000011` + `18123456` + `17250200`));
    expect(fixed.unknown).toEqual(['040345312000001177', '18123456']);
    expect([fixed.gtin, fixed.expiryDate]).toEqual(['03453120000011', '2025-02-28']);
    expect(unwrap(parseGs1('(01)03453120000011(7299)NEW(10)L1')).lot).toBe('L1');
  });

  it('takes dates from the calendar: 31 February refused, day 00 is the end of the month', () => {
    expect(unwrapErr(parseGs1('0103453120000011' + '17250231')).code).toBe('gs1_bad_date');
    expect(unwrapErr(parseGs1('(17)251301')).code).toBe('gs1_bad_date');
    expect(unwrap(parseGs1('17240229')).expiryDate).toBe('2024-02-29');
    expect(unwrapErr(parseGs1('17250229')).code).toBe('gs1_bad_date');
    expect(unwrap(parseGs1('17240200')).expiryDate).toBe('2024-02-29');
    expect(unwrap(parseGs1('17250400')).expiryDate).toBe('2025-04-30');
    // Day 00 only where the specification allows it (not for a first-freeze date, 7006).
    expect(unwrapErr(parseGs1('7006250400')).code).toBe('gs1_bad_date');
    // The century nearest to today (Gen. Specs 7.12): 99 is 1999 in 2026, 75 is 2075.
    const today = new Date(Date.UTC(2026, 0, 1));
    expect(unwrap(parseGs1('17990100', today)).expiryDate).toBe('1999-01-31');
    expect(unwrap(parseGs1('17750115', today)).expiryDate).toBe('2075-01-15');
  });

  it('calls a missing separator an error, never two fields merged', () => {
    expect(unwrapErr(parseGs1(`10${'A'.repeat(18)}21SERIAL`)).code).toBe('gs1_missing_separator');
    // 422 has a fixed length but is not of a predefined-length prefix: it needs its FNC1.
    expect(unwrapErr(parseGs1(`0103453120000011` + `422250` + `10L1`)).code).toBe('gs1_missing_separator');
    expect(unwrap(parseGs1(`0103453120000011` + `422250${GS}` + `10L1`)).lot).toBe('L1');
    expect(unwrapErr(parseGs1(`8005000123` + `10L1`)).code).toBe('gs1_missing_separator');
    // A needless GS after a predefined-length field is accepted.
    expect(unwrap(parseGs1(`0103453120000011${GS}10L1`)).lot).toBe('L1');
  });

  it('round-trips any valid element string built from the table (property)', () => {
    fc.assert(
      fc.property(elementStrings, (fields) => {
        const d = unwrap(parseGs1(formatGs1(fields)));
        expect([...d.fields]).toEqual(fields);
        expect(d.unknown).toEqual([]);
      }),
      { numRuns: 400, seed: 22 },
    );
  });
});

describe('barcode keys', () => {
  it('verifies GS1 check digits', () => {
    expect(hasValidCheckDigit('9780764544200')).toBe(true);
    expect(hasValidCheckDigit('9780764544201')).toBe(false);
    expect(hasValidCheckDigit('036000291452')).toBe(true); // UPC-A
    expect(hasValidCheckDigit('96385074')).toBe(true); // EAN-8
  });

  it('gives EAN-8, UPC-A, EAN-13 and GTIN-14 of one product the same key; other codes fold case', () => {
    expect(barcodeKey('036000291452')).toBe('00036000291452');
    expect(barcodeKey('0036000291452')).toBe('00036000291452');
    expect(barcodeKey('00036000291452')).toBe('00036000291452');
    expect(barcodeKey('96385074')).toBe('00000096385074');
    expect(barcodeKey(' pce-000123 ')).toBe('PCE-000123');
    expect(barcodeKey('9780764544201')).toBe('9780764544201'); // bad check digit: not a GTIN
  });

  it('expands UPC-E to UPC-A, so a short code finds its product', () => {
    expect(expandUpcE('04252614')).toBe('042100005264');
    expect(expandUpcE('01234565')).toBe('012345000065');
    expect(expandUpcE('21234565')).toBeNull();
    // Its check digit is the UPC-A's, so as EAN-8 it is no GTIN: looked up as it is, and expanded.
    expect(lookupKeys('04252614')).toEqual(['04252614', '00042100005264']);
  });
});

describe('scanQuery', () => {
  it('looks a GS1 label up by its GTIN with lot and serial, a plain code as it is', () => {
    expect(scanQuery(`]C1010345312000001110L7${GS}21S1`)).toEqual({
      code: '03453120000011',
      lot: 'L7',
      serial: 'S1',
      expiry: null,
    });
    expect(scanQuery('0103453120000011', true).code).toBe('03453120000011');
    expect(scanQuery('0103453120000011')).toMatchObject({ code: '0103453120000011', lot: null });
    expect(scanQuery('0103453120000011' + '10ABC')).toMatchObject({ code: '03453120000011', lot: 'ABC' });
    expect(scanQuery(' PCE-000012 ')).toMatchObject({ code: 'PCE-000012', lot: null, serial: null });
    expect(scanQuery(']E09780764544200').code).toBe('9780764544200');
    // An SSCC pallet label has no GTIN: looked up as it is.
    expect(scanQuery('(00)376000000000000017').code).toBe('(00)376000000000000017');
  });
});

describe('UPC-E', () => {
  it('compresses a UPC-A back to its UPC-E (expandUpcE inverse), whatever its GTIN length', () => {
    for (const upce of ['04252614', '01234565', '01234531', '01234543', '12345670']) {
      const upcA = expandUpcE(upce);
      if (upcA === null) continue;
      expect(compressUpcA(upcA)).toBe(upce);
      expect(compressUpcA(`0${upcA}`)).toBe(upce);
      expect(compressUpcA(`00${upcA}`)).toBe(upce);
    }
    expect(compressUpcA('036000291452')).toBeNull(); // no zeros to suppress
    expect(compressUpcA('1036000291452')).toBeNull(); // an EAN-13 that is no UPC-A
  });

  it('finds a catalogue UPC-E from its expanded scan and the other way round', () => {
    expect(lookupKeys('042100005264')).toContain(barcodeKey('04252614'));
    expect(lookupKeys('0042100005264')).toContain(barcodeKey('04252614'));
    expect(lookupKeys('04252614')).toContain(barcodeKey('042100005264'));
  });
});
