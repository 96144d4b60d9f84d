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
export const ZERO_MONEY = money(0n);

export function parseMoney(input: unknown, field = 'unit cost'): Result<Money> {
  const r = parseFixed(input, rules);
  if (r.ok) return ok(money(r.value));
  return fail('invalid_money', `${field}: ${r.error.message}`, { field, problem: r.error.code });
}

/** "3.1400": the form money takes in the API. */
export const formatMoney = (m: Money): string => formatFixed(m, MONEY_SCALE);

/** qty × unit cost, rounded to 4 decimals. */
export const lineValue = (q: Qty, unitCost: Money): Money => money(divRound(q * unitCost, 10n ** BigInt(QTY_SCALE)));

export const sumMoney = (values: Iterable<Money>): Money => {
  let total = 0n;
  for (const v of values) total += v;
  return money(total);
};
