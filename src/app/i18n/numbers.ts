/**
 * Decimal text ("1234.5650", "-3", "12.3") shown in the app's language, digit by digit:
 * "1 234,57" in French, "1,234.57" in English — the same text Intl.NumberFormat prints for
 * fr-FR and en-GB (a unit test holds them equal), without building one. Building the first
 * Intl.NumberFormat loads the locale's data: ~15 ms on this machine, ~60 ms on a mid-range
 * phone, paid on the first screen that shows a number. Working on the text also keeps the
 * server's exact decimals exact: no binary float on the way to the screen.
 */
import type { Lang } from './lang';
import { numberFormat } from './intl';

export interface DecimalDisplay {
  /** Decimals always shown (padded with zeros). */
  readonly min: number;
  /** Decimals at most; the rest rounds half away from zero, as Intl does. */
  readonly max: number;
  /** 'auto': "-" when negative; 'exceptZero': "+" or "-", none for zero (a difference). */
  readonly sign: 'auto' | 'exceptZero';
}

const SEPARATORS: Readonly<Record<Lang, { readonly group: string; readonly decimal: string }>> = {
  // fr-FR groups thousands with a narrow no-break space (U+202F), as Intl does.
  fr: { group: '\u202f', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

export function showDecimal(text: string, lang: Lang, display: DecimalDisplay): string {
  const m = DECIMAL.exec(text);
  // Not plain decimal text (1e21, NaN, Infinity): Intl knows how to show those.
  if (!m)
    return numberFormat(lang, `${display.min}-${display.max}-${display.sign}`, {
      minimumFractionDigits: display.min,
      maximumFractionDigits: display.max,
      signDisplay: display.sign,
    }).format(Number(text));
  const [, sign = '', whole = '', frac = ''] = m;
  // Magnitude scaled to `max` decimals, rounded half away from zero on the first dropped digit.
  const kept = BigInt(whole + frac.slice(0, display.max).padEnd(display.max, '0'));
  const magnitude = (frac[display.max] ?? '0') >= '5' ? kept + 1n : kept;
  const scaled = magnitude.toString().padStart(display.max + 1, '0');
  const cut = scaled.length - display.max;
  const decimals = scaled.slice(cut).replace(/0+$/, '').padEnd(display.min, '0');
  const { group, decimal } = SEPARATORS[lang];
  const grouped = scaled.slice(0, cut).replace(/\B(?=(\d{3})+$)/g, group);
  const shown = decimals ? `${grouped}${decimal}${decimals}` : grouped;
  const negative = sign === '-';
  if (display.sign === 'exceptZero') return magnitude === 0n ? shown : `${negative ? '-' : '+'}${shown}`;
  return negative ? `-${shown}` : shown;
}
