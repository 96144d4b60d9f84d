/**
 * Exact fixed-point decimals as scaled bigints. Quantities and money never go through
 * binary floating point once parsed: "0.1" + "0.2" is exactly "0.3".
 *
 * A JSON number is accepted on input but converted through its shortest decimal text
 * (`String(0.1)` is "0.1"), so a client sending 0.1 means 0.1, while a number that only
 * exists as a float artefact (0.30000000000000004) is refused for too many decimals.
 */
import { fail, ok, type Result } from './errors';

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

export interface FixedRules {
  readonly scale: number;
  readonly max: bigint; // largest allowed absolute value, already scaled
  readonly signed: boolean;
}

export type FixedProblem = 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large';

export function parseFixed(input: unknown, rules: FixedRules): Result<bigint, FixedProblem> {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('not_a_number', 'not a finite number');
    text = String(input);
    if (/e/i.test(text)) {
      // 1e-7 or 1e21: far outside what a quantity or a price can be.
      return Math.abs(input) < 1
        ? fail('too_many_decimals', `${text} has more than ${rules.scale} decimals`)
        : fail('too_large', `${text} is too large`);
    }
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return fail('not_a_number', 'expected a number or a decimal string');
  }
  const m = DECIMAL.exec(text);
  if (!m) return fail('not_a_number', `"${truncate(text)}" is not a decimal number`);
  const [, sign, whole = '', frac = ''] = m;
  const trimmedFrac = frac.replace(/0+$/, '');
  if (trimmedFrac.length > rules.scale) {
    return fail('too_many_decimals', `${text} has more than ${rules.scale} decimals`);
  }
  if (whole.replace(/^0+/, '').length > 18) return fail('too_large', `${truncate(text)} is too large`);
  const scaled = BigInt(whole) * 10n ** BigInt(rules.scale) + BigInt(trimmedFrac.padEnd(rules.scale, '0') || '0');
  const value = sign === '-' ? -scaled : scaled;
  if (value < 0n && !rules.signed) return fail('negative', `${text} is negative`);
  if (abs(value) > rules.max) return fail('too_large', `${text} is too large`);
  return ok(value);
}

/** "12.500" for 12500n at scale 3; always `scale` decimals so the text is canonical. */
export function formatFixed(value: bigint, scale: number, decimalSeparator = '.'): string {
  const negative = value < 0n;
  const digits = abs(value)
    .toString()
    .padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? decimalSeparator + frac : ''}`;
}

/** Divides and rounds half away from zero (the commercial rounding accountants expect). */
export function divRound(numerator: bigint, divisor: bigint): bigint {
  const q = numerator / divisor;
  const r = numerator % divisor;
  if (abs(r) * 2n >= abs(divisor)) return numerator < 0n !== divisor < 0n ? q - 1n : q + 1n;
  return q;
}

export const abs = (v: bigint): bigint => (v < 0n ? -v : v);

const truncate = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
