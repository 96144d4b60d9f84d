/**
 * Quantities: exact, 3 decimals, stored as bigint thousandths of a unit (`Qty`).
 * Counted and stocked quantities are never negative and never above 1e9; a stock
 * movement's `delta` is the only signed quantity.
 */
import { fail, ok, type Result } from './errors';
import { formatFixed, parseFixed, type FixedRules } from './fixed';

declare const qtyBrand: unique symbol;
/** A quantity in thousandths of a unit. */
export type Qty = bigint & { readonly [qtyBrand]: true };

export const QTY_SCALE = 3;
export const QTY_MAX = 1_000_000_000n * 1000n;

const unsigned: FixedRules = { scale: QTY_SCALE, max: QTY_MAX, signed: false };
const signed: FixedRules = { scale: QTY_SCALE, max: QTY_MAX, signed: true };

export const qty = (thousandths: bigint): Qty => thousandths as Qty;
export const ZERO_QTY = qty(0n);
export const ONE_QTY = qty(1000n);

export function parseQty(input: unknown, field = 'quantity'): Result<Qty> {
  return toQty(parseFixed(input, unsigned), field);
}

export function parseDelta(input: unknown, field = 'delta'): Result<Qty> {
  return toQty(parseFixed(input, signed), field);
}

function toQty(r: ReturnType<typeof parseFixed>, field: string): Result<Qty> {
  if (r.ok) return ok(qty(r.value));
  const reason = {
    not_a_number: 'is not a number',
    negative: 'cannot be negative',
    too_many_decimals: `has more than ${QTY_SCALE} decimals`,
    too_large: 'is above 1,000,000,000',
  }[r.error.code];
  return fail('invalid_quantity', `${field} ${reason} (${r.error.message})`, { field, problem: r.error.code });
}

/** Canonical decimal text, "12.500": the form quantities take in the API. */
export const formatQty = (q: Qty): string => formatFixed(q, QTY_SCALE);

/** Whole units only (pieces, serial numbers) vs any decimal (kg, m). */
export const isWholeQty = (q: Qty): boolean => q % 1000n === 0n;

export const sumQty = (values: Iterable<Qty>): Qty => {
  let total = 0n;
  for (const v of values) total += v;
  return qty(total);
};
