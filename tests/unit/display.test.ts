import { describe, expect, it } from 'vitest';
import { showTime } from '../../src/app/format';
import { showDecimal, type DecimalDisplay } from '../../src/app/i18n/numbers';

const DISPLAYS: DecimalDisplay[] = [
  { min: 0, max: 3, sign: 'auto' },
  { min: 2, max: 2, sign: 'auto' },
  { min: 2, max: 2, sign: 'exceptZero' },
  { min: 0, max: 3, sign: 'exceptZero' },
  { min: 0, max: 3, sign: 'auto' },
];

/** Decimal texts as the server sends them (3 or 4 decimals), and the edges of rounding. */
function samples(): string[] {
  const texts = ['0', '-0', '0.000', '1', '-1', '999.9995', '999.995', '-999.995', '0.005', '-0.005', '0.0049'];
  texts.push('1234567890.125', '-1234.5650', '12.500', '1000', '100000', '1000000.0001', '0.0001', '-0.0001');
  let seed = 42;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const whole = String(next() % 10 ** (1 + (next() % 9)));
    const scale = next() % 5;
    const frac = String(next() % 10 ** scale).padStart(scale, '0');
    texts.push(`${next() % 3 === 0 ? '-' : ''}${whole}${scale ? `.${frac}` : ''}`);
  }
  return texts;
}

describe('showDecimal', () => {
  it('prints what Intl.NumberFormat prints for fr-FR and en-GB, on decimal texts', () => {
    let compared = 0;
    for (const [lang, locale] of [
      ['fr', 'fr-FR'],
      ['en', 'en-GB'],
    ] as const) {
      for (const d of DISPLAYS) {
        const intl = new Intl.NumberFormat(locale, {
          minimumFractionDigits: d.min,
          maximumFractionDigits: d.max,
          signDisplay: d.sign,
        });
        for (const text of samples()) {
          // Intl goes through a float: compare only where the float holds the text exactly enough.
          if (text.replace(/[-.]/g, '').replace(/^0+/, '').length > 15) continue;
          expect(showDecimal(text, lang, d), `${text} ${locale} ${JSON.stringify(d)}`).toBe(intl.format(Number(text)));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('keeps digits a float would lose', () => {
    expect(showDecimal('12345678901234567.125', 'fr', { min: 0, max: 3, sign: 'auto' })).toBe(
      '12\u202f345\u202f678\u202f901\u202f234\u202f567,125',
    );
  });

  it('falls back to Intl for texts that are not plain decimals', () => {
    expect(showDecimal('1e21', 'en', { min: 0, max: 3, sign: 'auto' })).toBe('1,000,000,000,000,000,000,000');
    expect(showDecimal('NaN', 'en', { min: 0, max: 3, sign: 'auto' })).toBe('NaN');
  });
});

describe('showTime', () => {
  it('prints what Intl prints for fr-FR and en-GB (medium time)', () => {
    const fr = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'medium' });
    const en = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium' });
    for (let minute = 0; minute < 24 * 60; minute += 7) {
      const at = new Date(2026, 11, 1, 0, minute, minute % 60);
      expect(showTime(at.getTime())).toBe(fr.format(at));
      expect(showTime(at)).toBe(en.format(at));
    }
  });
});
