/**
 * Money: exact, 4 decimals, stored as bigint ten-thousandths of the currency unit.
 * A line's value is rounded once (half away from zero) and totals are sums of those
 * rounded values, so a recap's total always equals the sum of its lines to the digit.
 */
import { fail, ok, type Result } from './errors';
import { divRound, formatFixed, parseFixed, type FixedRules } from './fixed';
import { QTY_SCALE, type Qty } from './quantity';

declare const moneyBrand: unique symbol;
export type Money = bigint & { readonly [moneyBrand]: true };

export const MONEY_SCALE = 4;
const rules: FixedRules = { scale: MONEY_SCALE, max: 1_000_000_000n * 10_000n, signed: false };

export const money = (tenThousandths: bigint): Money => tenThousandths as Money;

export function parseMoney(input: unknown, field = 'unit cost'): Result<Money> {
  const r = parseFixed(input, rules);
  if (r.ok) return ok(money(r.value));
  return fail('invalid_money', `${field}: ${r.error.message}`, { field, problem: r.error.code });
}

/** "3.1400": the form money takes in the API. */
export const formatMoney = (m: Money): string => formatFixed(m, MONEY_SCALE);

const QTY_UNIT = 10n ** BigInt(QTY_SCALE);
const QTY_UNIT_NUMBER = Number(QTY_UNIT);

/**
 * qty × unit cost, rounded to 4 decimals. Runs for every line of a recap and an export
 * (250,000 times), so the usual case is done in doubles, exactly: a product of integers
 * that is at most 2^53 − 1 is exact, one that is larger comes out larger (and takes the
 * bigint path), and `%` and the division of a multiple are exact below 2^53.
 */
export function lineValue(q: Qty, unitCost: Money): Money {
  const product = Number(q) * Number(unitCost);
  if (product > Number.MAX_SAFE_INTEGER || product < -Number.MAX_SAFE_INTEGER) {
    return money(divRound(q * unitCost, QTY_UNIT));
  }
  return money(BigInt(roundProduct(product)));
}

/** An exact product of thousandths and ten-thousandths, back to ten-thousandths. */
function roundProduct(product: number): number {
  const rest = product % QTY_UNIT_NUMBER;
  const whole = (product - rest) / QTY_UNIT_NUMBER;
  // Half away from zero, as divRound; `+ 0` turns a -0 into 0.
  return rest * 2 >= QTY_UNIT_NUMBER ? whole + 1 : rest * 2 <= -QTY_UNIT_NUMBER ? whole - 1 : whole + 0;
}

const SMALL_LIMIT = 2 ** 52;

/**
 * A sum of line values (the same rounding as lineValue, line by line) kept in a double
 * while it is exact and in a bigint beyond: a 250,000-line import's value before and
 * after without a bigint per line.
 */
export class ValueTotal {
  private big = 0n;
  private small = 0;

  /** Adds `thousandths` (an integer: a quantity's thousandths) × `unitCost`. */
  add(thousandths: number, unitCost: Money): void {
    const product = thousandths * Number(unitCost);
    if (product > Number.MAX_SAFE_INTEGER || product < -Number.MAX_SAFE_INTEGER) {
      this.big += lineValue(BigInt(thousandths) as Qty, unitCost);
      return;
    }
    // |small| ≤ 2^52 and a rounded value ≤ 2^53 / 1000: the sum is exact.
    this.small += roundProduct(product);
    if (this.small > SMALL_LIMIT || this.small < -SMALL_LIMIT) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }

  get total(): Money {
    return money(this.big + BigInt(this.small));
  }
}

export const sumMoney = (values: Iterable<Money>): Money => {
  let total = 0n;
  for (const v of values) total += v;
  return money(total);
};
