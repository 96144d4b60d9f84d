/** GS1 element strings and barcode keys (src/core/gs1.ts): what a scanned label means for the count. */
import { describe, expect, it } from 'vitest';
import { barcodeKey, expandUpcE, GS, hasValidCheckDigit, lookupKeys, parseGs1, scanQuery } from '../../src/core/gs1';
import { unwrap, unwrapErr } from './coreTestUtils';

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
    const d = unwrap(parseGs1('(01)03453120000011(3103)000750(11)250101(10)L 01(21)X9'));
    expect([d.gtin, d.lot, d.serial, d.expiry]).toEqual(['03453120000011', 'L 01', 'X9', null]);
    expect(d.fields.get('3103')).toBe('000750');
    const raw = unwrap(parseGs1(`0103453120000011310300075011250101`));
    expect(raw.fields.get('11')).toBe('250101');
  });

  it('refuses a wrong check digit, an unknown AI, a bad date and a too-long lot, as values', () => {
    expect(unwrapErr(parseGs1('0103453120000012')).code).toBe('gs1_bad_check_digit');
    expect(unwrapErr(parseGs1('0103453120000011' + '8888')).code).toBe('gs1_unknown_ai');
    expect(unwrapErr(parseGs1('(01)03453120000011(17)251301')).code).toBe('gs1_bad_field');
    expect(unwrapErr(parseGs1(`10${'L'.repeat(21)}`)).code).toBe('gs1_bad_field');
    expect(unwrapErr(parseGs1('01034531200')).code).toBe('gs1_bad_field');
    expect(unwrapErr(parseGs1('')).code).toBe('gs1_empty');
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
